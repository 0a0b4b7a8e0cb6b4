// Random inspections (双随机、一公开, SPEC §13): the vocabulary, the stored round and the request bodies —
// the plan, the draw, a target's result. Pure and free of Node built-ins: the pages build and check
// the same bodies (domain/inspections.ts holds the rules; inspection-draw.ts the draw itself).

import * as z from 'zod/mini';
import { AGENCIES, ENFORCEMENT_MATTERS, PATHS, PLANT_VARIETY_DOMAINS, type Actor, type Agency } from './model.ts';
import { complaintSchema } from './complaint.schema.ts';
import { sha256Schema } from './documents.schema.ts';
import { isoDateSchema, noIssuesYet, textSchema } from './fields.schema.ts';
import { countyCodeSchema, creditCodeSchema } from './identifiers.schema.ts';
import { matterFitsRight } from './officer-cases.schema.ts';
import { pageQuerySchema } from './queries.schema.ts';
import type { DrawnTarget } from './inspection-draw.ts';

export const INSPECTION_RESULTS = ['no_issue', 'rectification_ordered', 'violation_found'] as const;
export type InspectionResultKind = (typeof INSPECTION_RESULTS)[number];

/** `planned`: frozen, its hash public, not drawn; `drawn`: targets and inspectors known; `completed`: every drawn target has its result. */
export const INSPECTION_STATUSES = ['planned', 'drawn', 'completed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** Results are public within this many working days (SPEC §13); they are published the moment they are recorded. */
export const RESULTS_PUBLIC_WITHIN_WORKING_DAYS = 20;

export const MAX_TARGETS = 2000;
export const MAX_INSPECTORS = 200;

export interface InspectionTarget {
  creditCode: string;
  name: string;
}

export interface Recusal {
  inspector: string;
  creditCode: string;
}

export interface InspectionResult {
  creditCode: string;
  result: InspectionResultKind;
  /** The day of the on-site inspection (CST). */
  inspectedOn: string;
  /** What was found, as published. */
  summary: string;
  evidenceSha256: string[];
  recordedAt: string;
  recordedBy: Actor;
  /** violation_found: the enforcement case it opened (SPEC §12 依职权立案); shown to the agencies only. */
  caseId: string | null;
  caseNumber: string | null;
}

export interface InspectionDraw {
  publicValue: string;
  /** Where the public value was published (issue number, address). */
  publicValueReference: string;
  /** SHA-256(plan hash ‖ public value), hex. */
  seed: string;
  drawnAt: string;
  drawnBy: Actor;
  selected: DrawnTarget[];
}

/** A round as stored: the frozen plan's text (what its hash is of), the draw, the results. */
export interface Inspection {
  inspectionId: string;
  name: string;
  agency: Agency;
  status: InspectionStatus;
  /** The frozen plan as canonical JSON (inspection-draw.ts `FrozenPlan`); `planHash` is SHA-256 of exactly this text. */
  planText: string;
  planHash: string;
  frozenAt: string;
  createdBy: Actor;
  draw: InspectionDraw | null;
  results: InspectionResult[];
  version: number;
  updatedAt: string;
  head: { seq: number; hash: string };
}

// ---------------------------------------------------------------------------------------------
// Requests

/** GET /inspections: a page of rounds, optionally of one agency (an officer's are its agency's whatever it asks). */
export const inspectionsQuerySchema = z.strictObject({ agency: z.optional(z.enum(AGENCIES)), ...pageQuerySchema().shape });

const sub = textSchema(1, 200);

/** Which respondents known to the case system a plan may draw from, when it lists no credit codes. */
export const targetFilterSchema = z.strictObject({
  countyCode: z.optional(countyCodeSchema),
  path: z.optional(z.enum(PATHS)),
});
export type TargetFilter = z.output<typeof targetFilterSchema>;

/** POST /inspections: plan a round. `targets` (credit codes with names) or `targetFilter`, not both. */
export const inspectionPlanSchema = z
  .strictObject({
    name: textSchema(1, 200),
    agency: z.enum(AGENCIES),
    targets: z.optional(
      z.array(z.strictObject({ creditCode: creditCodeSchema, name: textSchema(1, 200) })).check(z.minLength(1), z.maxLength(MAX_TARGETS)),
    ),
    targetFilter: z.optional(targetFilterSchema),
    targetCount: z.int().check(z.gte(1), z.lte(MAX_TARGETS)),
    inspectors: z.array(sub).check(z.minLength(2), z.maxLength(MAX_INSPECTORS)),
    inspectorsPerTarget: z._default(z.int().check(z.gte(2), z.lte(10)), 2),
    recusals: z._default(z.array(z.strictObject({ inspector: sub, creditCode: creditCodeSchema })).check(z.maxLength(5000)), () => []),
    /** Where the draw's public value will come from, fixed before the draw (e.g. a named lottery's next result). */
    publicValueSource: textSchema(1, 500),
  })
  .check(
    z.refine((p: { targets?: unknown; targetFilter?: unknown }) => (p.targets === undefined) !== (p.targetFilter === undefined), {
      message: 'inspection.targets_or_filter',
      path: ['targets'],
      when: noIssuesYet,
    }),
  );
export type InspectionPlanInput = z.output<typeof inspectionPlanSchema>;

/** POST /inspections/{id}/draw: the public value, read after the plan was frozen, and where it was published. */
export const inspectionDrawSchema = z.strictObject({
  publicValue: textSchema(1, 200),
  publicValueReference: textSchema(1, 500),
});
export type InspectionDrawInput = z.output<typeof inspectionDrawSchema>;

/** violation_found: what the enforcement case it opens is about (the respondent is the target). */
function violationCaseSchema(today: string) {
  const complaint = complaintSchema(today).shape;
  return z
    .strictObject({
      matter: z.enum(ENFORCEMENT_MATTERS),
      plantVarietyDomain: z.optional(z.enum(PLANT_VARIETY_DOMAINS)),
      right: complaint.right,
      countyCode: complaint.countyCode,
      description: complaint.description,
      evidence: complaint.evidence,
    })
    .check(
      z.refine((c: { matter: (typeof ENFORCEMENT_MATTERS)[number]; right: { kind: string } }) => matterFitsRight(c.matter, c.right.kind), {
        message: 'enforcement.matter_right_mismatch',
        path: ['matter'],
        when: noIssuesYet,
      }),
    );
}

/** POST /inspections/{id}/results: one drawn target's result; `case` exactly when a violation was found. */
export function inspectionResultSchema(today: string) {
  return z
    .strictObject({
      creditCode: creditCodeSchema,
      result: z.enum(INSPECTION_RESULTS),
      inspectedOn: isoDateSchema().check(
        z.refine((d: string) => d <= today, { message: 'inspection.inspected_in_future', when: noIssuesYet }),
      ),
      summary: textSchema(1, 2000, { multiline: true }),
      evidenceSha256: z._default(z.array(sha256Schema).check(z.maxLength(50)), () => []),
      case: z.optional(violationCaseSchema(today)),
    })
    .check(
      z.refine((r: { result: string; case?: unknown }) => (r.result === 'violation_found') === (r.case !== undefined), {
        message: 'inspection.case_with_violation',
        path: ['case'],
        when: noIssuesYet,
      }),
    );
}
export type InspectionResultInput = z.output<ReturnType<typeof inspectionResultSchema>>;
