// The draw of a random inspection round (双随机, SPEC §13), and its check from the public record alone.
// Pure, deterministic and free of Node built-ins: the server draws with it, `npm run verify-draw` and
// the public page rerun it. The procedure (version `DRAW_PROCEDURE`), step by step:
//
//   1. plan hash = SHA-256 of the frozen plan's text (UTF-8), lowercase hex. The text is published.
//   2. seed = SHA-256 of the UTF-8 text  <plan hash hex> ‖ <public value>  (32 bytes), e.g.
//      `printf '%s%s' "$PLAN_HASH" "$PUBLIC_VALUE" | sha256sum`. The public value is written one way
//      only: its numbers, as many as the plan's `publicValueNumbers`, without leading zeros, joined by
//      `-` (the result 03 07 12 + 09 is `3-7-12-9`).
//   3. An HMAC_DRBG with SHA-256 (NIST SP 800-90A §10.1.2) is instantiated with entropy input = the
//      seed, an empty nonce, and personalization string = UTF-8 of `DRAW_PROCEDURE`.
//   4. A random number below n: Generate 4 bytes, read them as a big-endian unsigned 32-bit x; if
//      x ≥ 2³² − (2³² mod n) generate again; else x mod n.
//   5. A partial Fisher–Yates shuffle picks k of a list a[0..n): for i = 0 … k−1, j = i + (random
//      below n − i), swap a[i] and a[j]; the picks are a[0..k) in that order.
//   6. Targets: pick `targetCount` of the plan's targets (as listed in the plan: by credit code).
//   7. Then for each picked target in pick order: pick `inspectorsPerTarget` of the plan's inspectors
//      (as listed: sorted) without those recused from that target, from the same DRBG.

import { HmacDrbg } from './hmac-drbg.ts';
import { sha256, sha256Hex, toHex, utf8 } from './sha256.ts';

export const DRAW_PROCEDURE = 'ankang-inspection-draw/1';

/** What is frozen and hashed before the draw. Targets sorted by credit code, inspectors sorted, recusals sorted. */
export interface FrozenPlan {
  procedure: typeof DRAW_PROCEDURE;
  inspectionId: string;
  name: string;
  agency: string;
  frozenAt: string;
  targets: { creditCode: string; name: string }[];
  targetCount: number;
  inspectors: string[];
  inspectorsPerTarget: number;
  recusals: { creditCode: string; inspector: string }[];
  publicValueSource: string;
  publicValueNumbers: number;
}

export interface DrawnTarget {
  creditCode: string;
  name: string;
  inspectors: string[];
}

export const planHashOf = (planText: string): string => sha256Hex(planText);

/**
 * The one way a public value is written (step 2): its numbers, without leading zeros, joined by `-`;
 * null unless it has exactly `numbers` of them. However the value was typed, a result gives one seed.
 */
export function canonicalPublicValue(text: string, numbers: number): string | null {
  const found = text.match(/[0-9]+/g) ?? [];
  if (found.length !== numbers) return null;
  return found.map((n) => n.replace(/^0+(?=[0-9])/, '')).join('-');
}

/** Step 2: the seed, from the plan hash and the public value. */
export const seedOf = (planHash: string, publicValue: string): Uint8Array => sha256(utf8(`${planHash}${publicValue}`));

function pick<T>(drbg: HmacDrbg, list: readonly T[], k: number): T[] {
  const a = [...list];
  for (let i = 0; i < k; i++) {
    const j = i + drbg.below(a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/** Inspectors who may inspect the target: the plan's, without those recused from it. */
export function eligibleInspectors(plan: Pick<FrozenPlan, 'inspectors' | 'recusals'>, creditCode: string): string[] {
  const recused = new Set(plan.recusals.filter((r) => r.creditCode === creditCode).map((r) => r.inspector));
  return plan.inspectors.filter((sub) => !recused.has(sub));
}

/** Steps 2–7. The plan must be feasible (every target has enough eligible inspectors): checked when it is frozen. */
export function drawInspection(plan: FrozenPlan, planHash: string, publicValue: string): { seed: string; selected: DrawnTarget[] } {
  const seed = seedOf(planHash, publicValue);
  const drbg = new HmacDrbg(seed, new Uint8Array(), utf8(DRAW_PROCEDURE));
  const targets = pick(drbg, plan.targets, plan.targetCount);
  const selected = targets.map((t) => ({
    creditCode: t.creditCode,
    name: t.name,
    inspectors: pick(drbg, eligibleInspectors(plan, t.creditCode), plan.inspectorsPerTarget),
  }));
  return { seed: toHex(seed), selected };
}

/** What a published record must hold for the draw to be checked. */
export interface DrawRecord {
  /** The round the record says it is, and when its plan was frozen: the plan's text must say the same. */
  inspectionId?: string;
  frozenAt?: string;
  planText: string;
  planHash: string;
  draw: { publicValue: string; seed: string; selected: DrawnTarget[] } | null;
}

export interface DrawCheck {
  /** Every check passed. */
  matches: boolean;
  checks: { name: 'plan_hash' | 'public_value' | 'seed' | 'draw' | 'recusals'; ok: boolean; detail: string }[];
}

/**
 * Reruns the draw from the record alone: the plan's hash from its text, the public value in its one
 * written form, the seed from the hash and the value, the draw from the plan and the seed — each
 * compared with what the record states. A record too broken to rerun is a mismatch, never an error.
 */
export function verifyDraw(record: DrawRecord): DrawCheck {
  const checks: DrawCheck['checks'] = [];
  const planHash = planHashOf(String(record.planText));
  checks.push({ name: 'plan_hash', ...planCheck(record, planHash) });
  if (!record.draw) {
    checks.push({ name: 'draw', ok: false, detail: 'not drawn yet' });
    return { matches: false, checks };
  }
  try {
    const plan = JSON.parse(record.planText) as FrozenPlan;
    const canonical = canonicalPublicValue(record.draw.publicValue, plan.publicValueNumbers);
    checks.push({
      name: 'public_value',
      ok: canonical === record.draw.publicValue,
      detail:
        canonical === record.draw.publicValue
          ? `${canonical}: ${plan.publicValueNumbers} numbers, written the one way`
          : `"${record.draw.publicValue}" is not ${plan.publicValueNumbers} numbers written the one way (${canonical ?? 'none'})`,
    });
    const again = drawInspection(plan, record.planHash, record.draw.publicValue);
    checks.push({
      name: 'seed',
      ok: again.seed === record.draw.seed,
      detail: again.seed === record.draw.seed ? again.seed : `recomputed ${again.seed}, the record states ${record.draw.seed}`,
    });
    const differing = firstDifference(again.selected, record.draw.selected);
    checks.push({
      name: 'draw',
      ok: differing === null,
      detail: differing ?? `${again.selected.length} targets, each with its inspectors`,
    });
    const recused = record.draw.selected.flatMap((t) =>
      t.inspectors
        .filter((sub) => plan.recusals.some((r) => r.creditCode === t.creditCode && r.inspector === sub))
        .map((sub) => `${sub} → ${t.creditCode}`),
    );
    checks.push({
      name: 'recusals',
      ok: recused.length === 0,
      detail: recused.length === 0 ? 'no recused inspector drawn' : `recused: ${recused.join(', ')}`,
    });
  } catch {
    checks.push({ name: 'draw', ok: false, detail: 'the record cannot be drawn again: its plan or draw is malformed' });
  }
  return { matches: checks.every((c) => c.ok), checks };
}

/** The plan's text hashes to the stated hash, follows this procedure, and is the plan of the round the record names. */
function planCheck(record: DrawRecord, planHash: string): { ok: boolean; detail: string } {
  if (planHash !== record.planHash)
    return { ok: false, detail: `the plan's text hashes to ${planHash}, the record states ${record.planHash}` };
  let plan: Partial<FrozenPlan>;
  try {
    plan = JSON.parse(record.planText) as Partial<FrozenPlan>;
  } catch {
    return { ok: false, detail: 'the plan text is not JSON' };
  }
  if (plan.procedure !== DRAW_PROCEDURE)
    return { ok: false, detail: `the plan names procedure ${String(plan.procedure)}, not ${DRAW_PROCEDURE}` };
  if (record.inspectionId !== undefined && plan.inspectionId !== record.inspectionId)
    return { ok: false, detail: `the plan is round ${String(plan.inspectionId)}'s, the record is round ${record.inspectionId}'s` };
  if (record.frozenAt !== undefined && plan.frozenAt !== record.frozenAt)
    return { ok: false, detail: `the plan was frozen at ${String(plan.frozenAt)}, the record states ${record.frozenAt}` };
  return { ok: true, detail: planHash };
}

function firstDifference(expected: DrawnTarget[], stated: DrawnTarget[]): string | null {
  if (expected.length !== stated.length) return `recomputed ${expected.length} targets, the record states ${stated.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const s = stated[i]!;
    if (e.creditCode !== s.creditCode) return `target ${i + 1}: recomputed ${e.creditCode}, the record states ${s.creditCode}`;
    if (e.name !== s.name) return `target ${i + 1} (${e.creditCode}): the plan names it ${e.name}, the record ${s.name}`;
    if (e.inspectors.length !== s.inspectors.length || e.inspectors.some((sub, k) => sub !== s.inspectors[k]))
      return `target ${i + 1} (${e.creditCode}): recomputed inspectors ${e.inspectors.join(', ')}, the record states ${s.inspectors.join(', ')}`;
  }
  return null;
}
