// The enforcement agencies of SPEC §12 and which of them a case belongs to. Officers belong to one
// agency (a claim of their token); they work the adjudication cases (market regulation only) and the
// enforcement cases of their own agency. Pure and free of Node built-ins: the pages read it too.

import {
  AGENCIES,
  ENFORCEMENT_MATTERS,
  LEAD_SOURCES,
  PLANT_VARIETY_DOMAINS,
  type Agency,
  type Case,
  type CasePath,
  type Complaint,
  type EnforcementMatter,
  type LeadSource,
  type PlantVarietyDomain,
  type RightKind,
} from './model.ts';

// The vocabulary lives with the rest of a case's (model.ts); the rules over it, here.
export {
  AGENCIES,
  ENFORCEMENT_MATTERS,
  LEAD_SOURCES,
  PLANT_VARIETY_DOMAINS,
  type Agency,
  type EnforcementMatter,
  type LeadSource,
  type PlantVarietyDomain,
};

export const isAgency = (value: unknown): value is Agency => (AGENCIES as readonly unknown[]).includes(value);

/** An officer whose token names no agency is a market-regulation officer (the v1 meaning of the role). */
export const DEFAULT_OFFICER_AGENCY: Agency = 'market_regulation';

/** Patent administrative adjudication is the market regulator's (its IP office) alone. */
export const ADJUDICATION_AGENCY: Agency = 'market_regulation';

/** The matter a complaint on this right is investigated as: a patent complaint for enforcement is passing off. */
export const MATTER_OF_RIGHT: Readonly<Record<RightKind, EnforcementMatter>> = {
  trademark: 'trademark_counterfeiting',
  geographical_indication: 'geographical_indication',
  copyright: 'copyright',
  plant_variety: 'plant_variety',
  patent: 'patent_passing_off',
};

/** The agency responsible for a matter (SPEC §12); a plant variety's domain picks between two (agriculture when unstated). */
export function agencyOfMatter(matter: EnforcementMatter, plantVarietyDomain?: PlantVarietyDomain): Agency {
  switch (matter) {
    case 'copyright':
      return 'culture_tourism';
    case 'plant_variety':
      return plantVarietyDomain === 'forestry' ? 'forestry' : 'agriculture_rural';
    default:
      return 'market_regulation';
  }
}

/** The enforcement facts of a complaint routed to the fifth path. */
export function enforcementOfComplaint(complaint: Pick<Complaint, 'right' | 'plantVarietyDomain'>): {
  agency: Agency;
  matter: EnforcementMatter;
} {
  const matter = MATTER_OF_RIGHT[complaint.right.kind];
  return { matter, agency: agencyOfMatter(matter, complaint.plantVarietyDomain) };
}

/**
 * The agency whose officers work the case on its current path: market regulation for adjudication,
 * the case's own agency for enforcement, none for the other paths.
 */
export function agencyOfCase(c: Pick<Case, 'path' | 'enforcement'>): Agency | null {
  if (c.path === 'administrative_adjudication') return ADJUDICATION_AGENCY;
  if (c.path === 'administrative_enforcement') return c.enforcement?.agency ?? null;
  return null;
}

/** The paths an agency's officers work. */
export function pathsOfAgency(agency: Agency): CasePath[] {
  return agency === ADJUDICATION_AGENCY ? ['administrative_adjudication', 'administrative_enforcement'] : ['administrative_enforcement'];
}

/**
 * The group that makes an officer a member of an agency: in Cognito a group named exactly so (next to
 * the `officer` group); for another identity provider, the value its group is mapped to in the
 * `groupRoles` map (e.g. `{"文旅执法支队": "agency:culture_tourism"}`).
 */
export const AGENCY_GROUP_PREFIX = 'agency:';
export const AGENCY_GROUPS = AGENCIES.map((a) => `${AGENCY_GROUP_PREFIX}${a}` as const);
export type AgencyGroup = (typeof AGENCY_GROUPS)[number];

/**
 * The group of an agency's lead officers (SPEC §13: they plan and draw its random inspections), next to
 * `officer` and the agency's group; for another provider, the value a group is mapped to in `groupRoles`.
 */
export const LEAD_GROUP = 'agency_lead';

export function agencyOfGroup(name: string): Agency | undefined {
  if (!name.startsWith(AGENCY_GROUP_PREFIX)) return undefined;
  const agency = name.slice(AGENCY_GROUP_PREFIX.length);
  return isAgency(agency) ? agency : undefined;
}
