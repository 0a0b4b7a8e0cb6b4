// Fixtures for the administrative enforcement path (SPEC §12) shared by the unit tests: one valid
// body per enforcement action (as the schema outputs it), completing test/support/cases.ts's
// SAMPLE_BODIES, and officers of each agency.

import type { ActionInput } from '#domain/actions.schema.ts';
import type { Caller } from '#domain/access.ts';
import type { Agency } from '#domain/agencies.ts';
import { SAMPLE_BODIES, SHA_A, SHA_B, type ActionBody } from '../support/cases.ts';

type EnforcementAction = 'record_inspection' | 'issue_penalty' | 'close_no_violation' | 'pause_clock' | 'resume_clock';

/** The enforcement actions' bodies. */
export const ENFORCEMENT_BODIES: { [A in EnforcementAction]: Extract<ActionBody, { action: A }> } = {
  record_inspection: {
    action: 'record_inspection',
    at: '2026-03-05T10:00:00+08:00',
    location: '安康市汉滨区某商贸城 3 号铺',
    findings: '现场查获标注涉案商标的茶叶 120 盒',
    officers: ['e-1', 'e-2'],
    evidenceSha256: [SHA_A, SHA_B],
  },
  issue_penalty: {
    action: 'issue_penalty',
    decisionNumber: '安市监处罚〔2026〕12 号',
    violation: '销售侵犯注册商标专用权的商品',
    fineCny: 30000,
    confiscation: '没收侵权商品 120 盒',
    orders: ['责令立即停止侵权行为'],
  },
  close_no_violation: { action: 'close_no_violation', reason: '经查涉案商品系正品，不构成违法' },
  pause_clock: { action: 'pause_clock', reason: '委托鉴定机构鉴定涉案商品' },
  resume_clock: { action: 'resume_clock' },
};

/** One valid body per action of the schema: SAMPLE_BODIES with the enforcement actions. */
export const ACTION_BODIES: { [A in ActionInput['action']]: Extract<ActionBody, { action: A }> } = {
  ...SAMPLE_BODIES,
  ...ENFORCEMENT_BODIES,
};

/** Filing an enforcement case names the second investigating officer (SPEC §12: at least two). */
export const ACCEPT_FILING_WITH_CO: Extract<ActionBody, { action: 'accept_filing' }> = { action: 'accept_filing', coInvestigator: 'e-2' };

/** Officer `n` of an agency: `e-n`, as test/support/cases.ts names enforcement handlers. */
export function officer(agency: Agency, n = 1): Caller {
  return { role: 'officer', sub: `e-${n}`, agency };
}
