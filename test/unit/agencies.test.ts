// The enforcement agencies of SPEC §12: which agency a right (and a plant variety's domain) goes
// to, which agency works a case on each path, and which paths each agency's officers work.

import { describe, expect, it } from 'vitest';
import {
  AGENCIES,
  DEFAULT_OFFICER_AGENCY,
  ENFORCEMENT_MATTERS,
  agencyOfCase,
  agencyOfMatter,
  enforcementOfComplaint,
  isAgency,
  pathsOfAgency,
} from '#domain/agencies.ts';
import { PATHS, type Complaint, type RightKind } from '#domain/model.ts';
import { parsedComplaint } from '../support/complaints.ts';

const rightOf = (kind: RightKind): Complaint['right'] => ({ kind, number: 'X-1', title: '某权利', holder: '某权利人' });

describe('the agency a complaint is investigated by (SPEC §12)', () => {
  it('sends trademarks, geographical indications and patents (as passing off) to market regulation', () => {
    // Act
    const trademark = enforcementOfComplaint({ right: rightOf('trademark') });
    const gi = enforcementOfComplaint({ right: rightOf('geographical_indication') });
    const patent = enforcementOfComplaint({ right: rightOf('patent') });

    // Assess
    expect(trademark).toEqual({ agency: 'market_regulation', matter: 'trademark_counterfeiting' });
    expect(gi).toEqual({ agency: 'market_regulation', matter: 'geographical_indication' });
    expect(patent).toEqual({ agency: 'market_regulation', matter: 'patent_passing_off' });
  });

  it('sends copyright to culture and tourism', () => {
    expect(enforcementOfComplaint({ right: rightOf('copyright') })).toEqual({ agency: 'culture_tourism', matter: 'copyright' });
  });

  it('sends a plant variety to forestry or to agriculture and rural affairs by its domain, agriculture when it is not stated', () => {
    // Act
    const forest = enforcementOfComplaint({ right: rightOf('plant_variety'), plantVarietyDomain: 'forestry' });
    const crop = enforcementOfComplaint({ right: rightOf('plant_variety'), plantVarietyDomain: 'agriculture' });
    const unstated = enforcementOfComplaint({ right: rightOf('plant_variety') });

    // Assess
    expect(forest).toEqual({ agency: 'forestry', matter: 'plant_variety' });
    expect(crop).toEqual({ agency: 'agriculture_rural', matter: 'plant_variety' });
    expect(unstated).toEqual({ agency: 'agriculture_rural', matter: 'plant_variety' });
  });

  it('lets a plant variety’s domain decide nothing for any other right', () => {
    for (const kind of ['trademark', 'copyright', 'patent', 'geographical_indication'] as const) {
      expect(enforcementOfComplaint({ right: rightOf(kind), plantVarietyDomain: 'forestry' }).agency, kind).not.toBe('forestry');
    }
  });

  it('gives illegal agency conduct to market regulation, and every matter an agency', () => {
    expect(agencyOfMatter('illegal_agency')).toBe('market_regulation');
    for (const matter of ENFORCEMENT_MATTERS) expect(AGENCIES, matter).toContain(agencyOfMatter(matter));
  });

  it('works on a complaint as the online form submits it', () => {
    // Prepare: the template is a patent; a forest variety instead.
    const complaint = parsedComplaint((c) => {
      c.right = { kind: 'plant_variety', number: 'CNA20201234.5', title: '秦巴 1 号', holder: c.right.holder };
      c.plantVarietyDomain = 'forestry';
    });

    // Act + Assess
    expect(enforcementOfComplaint(complaint)).toEqual({ agency: 'forestry', matter: 'plant_variety' });
  });
});

describe('the agency whose officers work a case (agencyOfCase)', () => {
  it('is market regulation on administrative adjudication, whatever enforcement facts the case kept', () => {
    expect(agencyOfCase({ path: 'administrative_adjudication' })).toBe('market_regulation');
    expect(agencyOfCase({ path: 'administrative_adjudication', enforcement: { agency: 'forestry', matter: 'plant_variety' } })).toBe(
      'market_regulation',
    );
  });

  it('is the case’s own agency on administrative enforcement, and none when it is not on record', () => {
    for (const agency of AGENCIES) {
      expect(agencyOfCase({ path: 'administrative_enforcement', enforcement: { agency, matter: 'copyright' } }), agency).toBe(agency);
    }
    expect(agencyOfCase({ path: 'administrative_enforcement' })).toBeNull();
    expect(agencyOfCase({ path: 'administrative_enforcement', enforcement: null })).toBeNull();
  });

  it('is none on the dispute-resolution paths and before routing, even for a case that left enforcement', () => {
    const kept = { agency: 'culture_tourism', matter: 'copyright' } as const;
    for (const path of ['mediation', 'arbitration', 'notarization', null] as const) {
      expect(agencyOfCase({ path, enforcement: kept }), String(path)).toBeNull();
    }
  });

  it('names an agency for exactly the two officers’ paths', () => {
    const withAgency = PATHS.filter(
      (path) => agencyOfCase({ path, enforcement: { agency: 'forestry', matter: 'plant_variety' } }) !== null,
    );
    expect(withAgency).toEqual(['administrative_adjudication', 'administrative_enforcement']);
  });
});

describe('the paths an agency’s officers work (pathsOfAgency)', () => {
  it('is adjudication and enforcement for market regulation, enforcement alone for the others', () => {
    expect(pathsOfAgency('market_regulation')).toEqual(['administrative_adjudication', 'administrative_enforcement']);
    for (const agency of ['culture_tourism', 'agriculture_rural', 'forestry'] as const) {
      expect(pathsOfAgency(agency), agency).toEqual(['administrative_enforcement']);
    }
  });

  it('gives an officer whose token names no agency the market regulator’s paths (the v1 officer)', () => {
    expect(DEFAULT_OFFICER_AGENCY).toBe('market_regulation');
    expect(pathsOfAgency(DEFAULT_OFFICER_AGENCY)).toContain('administrative_adjudication');
  });

  it('agrees with agencyOfCase: an agency works a path exactly when some case on it is that agency’s', () => {
    for (const agency of AGENCIES) {
      const worked = PATHS.filter((path) => agencyOfCase({ path, enforcement: { agency, matter: 'copyright' } }) === agency);
      expect(pathsOfAgency(agency), agency).toEqual(worked);
    }
  });
});

describe('isAgency', () => {
  it('knows the four agencies and nothing else', () => {
    for (const agency of AGENCIES) expect(isAgency(agency)).toBe(true);
    for (const other of ['police', 'Market_Regulation', '', null, undefined, 1]) expect(isAgency(other), String(other)).toBe(false);
  });
});
