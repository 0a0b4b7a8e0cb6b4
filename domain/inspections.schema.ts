// Random inspections (双随机、一公开, SPEC §13): the vocabulary, the stored round and the request bodies —
// the plan, the draw, a target's result. Pure and free of Node built-ins: the pages build and check
// the same bodies (domain/inspections.ts holds the rules; inspection-draw.ts the draw itself).

import * as z from 'zod/mini';
import { AGENCIES, ENFORCEMENT_MATTERS, PLANT_VARIETY_DOMAINS, type Actor, type Agency } from './model.ts';
import { complaintSchema } from './complaint.schema.ts';
import { sha256Schema } from './documents.schema.ts';
import { isoDateSchema, noIssuesYet, textSchema } from './fields.schema.ts';
import { creditCodeSchema } from './identifiers.schema.ts';
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
/** At most this many targets drawn in one round: a round's answer (plan, draw, every result) stays a few MB. */
export const MAX_DRAWN_TARGETS = 500;
/** How many numbers a public value may have (a lottery result: 3 for 福彩 3D, 7 for 双色球). */
export const MAX_PUBLIC_VALUE_NUMBERS = 20;
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

/**
 * Which respondents a plan may draw from, when it lists no credit codes: those in the public register
 * of the agency's penalty decisions (SPEC §12), optionally of one matter or decided since a day. Only
 * what is public already: a plan is published, and must not name a case its readers may not read (SPEC §2).
 */
export const targetFilterSchema = z.strictObject({
  matter: z.optional(z.enum(ENFORCEMENT_MATTERS)),
  decidedSince: z.optional(isoDateSchema()),
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
    targetCount: z.int().check(z.gte(1), z.lte(MAX_DRAWN_TARGETS)),
    inspectors: z.array(sub).check(z.minLength(2), z.maxLength(MAX_INSPECTORS)),
    inspectorsPerTarget: z._default(z.int().check(z.gte(2), z.lte(10)), 2),
    recusals: z._default(z.array(z.strictObject({ inspector: sub, creditCode: creditCodeSchema })).check(z.maxLength(5000)), () => []),
    /** Where the draw's public value will come from, fixed before the draw (e.g. a named lottery's next result). */
    publicValueSource: textSchema(1, 500),
    /**
     * How many numbers that value has: the draw takes exactly that many, written one way only
     * (`canonicalPublicValue`), so nobody can try several spellings of one result for a draw they like.
     */
    publicValueNumbers: z.int().check(z.gte(1), z.lte(MAX_PUBLIC_VALUE_NUMBERS)),
  })
  .check(
    z.refine((p: { targets?: unknown; targetFilter?: unknown }) => (p.targets === undefined) !== (p.targetFilter === undefined), {
      message: 'inspection.targets_or_filter',
      path: ['targets'],
      when: noIssuesYet,
    }),
  );
export type InspectionPlanInput = z.output<typeof inspectionPlanSchema>;

/**
 * POST /inspections/{id}/draw: the public value, read after the plan was frozen, and where it was
 * published. The value's numbers are what counts (`03 07 12` and `3,7,12` are the same value); it must
 * have as many as the plan announced.
 */
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
      summary: textSchema(1, 1000, { multiline: true }),
      evidenceSha256: z._default(z.array(sha256Schema).check(z.maxLength(20)), () => []),
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
