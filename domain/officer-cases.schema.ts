// The body of POST /cases: an officer opens an administrative enforcement case on its own lead
// (SPEC §12, 依职权立案). Pure and free of Node built-ins: the pages check a body with the same schema
// before they send it (domain/officer-cases.ts builds the case).

import * as z from 'zod/mini';
import { agencyOfMatter, ENFORCEMENT_MATTERS, LEAD_SOURCES, PLANT_VARIETY_DOMAINS, type Agency } from './agencies.ts';
import { complaintSchema } from './complaint.schema.ts';
import { isoDateSchema, noIssuesYet, textSchema } from './fields.schema.ts';

/** The matter's right, per SPEC §12: which right kinds each matter may concern. */
const RIGHT_KINDS_OF_MATTER: Record<(typeof ENFORCEMENT_MATTERS)[number], readonly string[]> = {
  trademark_counterfeiting: ['trademark'],
  geographical_indication: ['geographical_indication', 'trademark'],
  copyright: ['copyright'],
  plant_variety: ['plant_variety'],
  patent_passing_off: ['patent'],
  // Illegal agency conduct concerns whatever right the agent handled.
  illegal_agency: ['patent', 'trademark', 'geographical_indication', 'copyright', 'plant_variety'],
};

/** Whether an enforcement matter may concern a right of this kind. */
export const matterFitsRight = (matter: (typeof ENFORCEMENT_MATTERS)[number], rightKind: string): boolean =>
  RIGHT_KINDS_OF_MATTER[matter].includes(rightKind);

/** The body of POST /cases by an officer: the lead, the matter, and the complaint's fields (complainant optional). */
export function officerCaseSchema(today: string) {
  const complaint = complaintSchema(today).shape;
  return z
    .strictObject({
      lead: z.strictObject({
        source: z.enum(LEAD_SOURCES),
        reference: textSchema(1, 100),
        receivedOn: isoDateSchema().check(z.refine((d: string) => d <= today, { message: 'lead.received_in_future', when: noIssuesYet })),
      }),
      matter: z.enum(ENFORCEMENT_MATTERS),
      plantVarietyDomain: z.optional(z.enum(PLANT_VARIETY_DOMAINS)),
      complainant: z.optional(complaint.complainant),
      right: complaint.right,
      respondent: complaint.respondent,
      countyCode: complaint.countyCode,
      zone: complaint.zone,
      description: complaint.description,
      evidence: complaint.evidence,
    })
    .check(
      z.refine(
        (input: { matter: keyof typeof RIGHT_KINDS_OF_MATTER; right: { kind: string } }) => matterFitsRight(input.matter, input.right.kind),
        {
          message: 'enforcement.matter_right_mismatch',
          path: ['matter'],
          when: noIssuesYet,
        },
      ),
    );
}
export type OfficerCaseInput = z.output<ReturnType<typeof officerCaseSchema>>;

/** The agency the case belongs to; an officer opens only its own agency's cases. */
export const agencyOfInput = (input: Pick<OfficerCaseInput, 'matter' | 'plantVarietyDomain'>): Agency =>
  agencyOfMatter(input.matter, input.plantVarietyDomain);
