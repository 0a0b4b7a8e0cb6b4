// The body of POST /cases/{caseId}/actions (SPEC §4 "fields" column, §9): a discriminated union on
// `action`, each variant exactly the `expectedVersion` the caller last saw plus the row's fields.

import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, actionSchema, type ActionName } from '#domain/actions.schema.ts';
import { PATHS } from '#domain/model.ts';
import { SAMPLE_BODIES } from '../support/cases.ts';
import { ACTION_BODIES } from './enforcement-fixtures.ts';

const TODAY = '2026-03-03';
const schema = actionSchema(TODAY);

/** SPEC §4's fields per action: required, and optional (`?`). */
const SPEC_FIELDS: Record<ActionName, { required: string[]; optional: string[] }> = {
  record_consent: { required: ['consented'], optional: ['reason'] },
  schedule_session: { required: ['at', 'mode'], optional: ['location'] },
  record_agreement: { required: ['terms'], optional: ['amountCny', 'performBy'] },
  record_failure: { required: ['reason'], optional: [] },
  request_judicial_confirmation: { required: [], optional: [] },
  record_judicial_confirmation: { required: ['confirmed'], optional: ['rulingNumber', 'reason'] },
  close: { required: [], optional: ['reason'] },
  escalate: { required: ['toPath', 'reason'], optional: ['arbitrationAgreement'] },
  transfer_to_litigation: { required: ['reason'], optional: [] },
  accept: { required: [], optional: [] },
  reject: { required: ['reason'], optional: [] },
  schedule_hearing: { required: ['at'], optional: ['location'] },
  issue_award: { required: ['awardNumber', 'summary', 'infringementFound'], optional: ['amountCny'] },
  record_preservation: { required: ['method', 'evidenceSha256'], optional: [] },
  issue_certificate: { required: ['certificateNumber'], optional: [] },
  // SPEC §12: on enforcement the filing names the second investigating officer.
  accept_filing: { required: [], optional: ['coInvestigator'] },
  reject_filing: { required: ['reason'], optional: [] },
  issue_decision: { required: ['decisionNumber', 'infringementEstablished', 'orders'], optional: [] },
  transfer_to_police: { required: ['reason'], optional: [] },
  record_police_decision: { required: ['accepted'], optional: ['reason'] },
  withdraw: { required: ['reason'], optional: [] },
  add_evidence: { required: ['evidence'], optional: [] },
  release: { required: [], optional: [] },
  reassign: { required: ['assignee'], optional: [] },
  add_note: { required: ['text'], optional: [] },
  add_supervision_opinion: { required: ['text'], optional: ['replyRequired'] },
  // SPEC §10
  invite_respondent: { required: ['contact'], optional: [] },
  respond_consent: { required: ['consented'], optional: ['reason'] },
  submit_statement: { required: ['text'], optional: ['evidence'] },
  counter_notice: { required: ['text'], optional: ['evidence'] },
  consent_extension: { required: [], optional: ['reason'] },
  sign_agreement: { required: ['termsSha256'], optional: [] },
  record_offline_signature: { required: ['party', 'reference'], optional: [] },
  // Version 2 changes (SPEC §4). extend_mediation: the complainant's consent is stated by the handler.
  extend_mediation: { required: ['days', 'reason', 'complainantConsent'], optional: ['respondentConsent'] },
  request_extension: { required: ['reason', 'days'], optional: [] },
  approve_extension: { required: [], optional: ['reason'] },
  deny_extension: { required: [], optional: ['reason'] },
  resume: { required: ['reason'], optional: [] },
  issue_supervision_order: { required: ['text', 'dueAt'], optional: [] },
  reply_supervision_order: { required: ['text', 'orderSeq'], optional: [] },
  reply_supervision_opinion: { required: ['text', 'opinionSeq'], optional: [] },
  // SPEC §12: administrative enforcement.
  record_inspection: { required: ['at', 'location', 'findings', 'officers'], optional: ['evidenceSha256'] },
  issue_penalty: { required: ['decisionNumber', 'violation', 'orders'], optional: ['fineCny', 'confiscation'] },
  close_no_violation: { required: ['reason'], optional: [] },
  pause_clock: { required: ['reason'], optional: [] },
  resume_clock: { required: [], optional: [] },
};

/** What the schema fills in for an optional field left out. */
const DEFAULTED: Partial<Record<ActionName, Record<string, unknown>>> = { record_inspection: { evidenceSha256: [] } };

const bodyOf = (action: ActionName, expectedVersion: unknown = 3): Record<string, unknown> => ({
  ...structuredClone(ACTION_BODIES[action]),
  expectedVersion,
});

function issues(value: unknown, s = schema) {
  const r = s.safeParse(value);
  if (r.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return r.error.issues;
}
const paths = (value: unknown, s = schema) => issues(value, s).map((i) => i.path.join('.'));

describe('the action union covers the SPEC §4 table', () => {
  it('has exactly the actions of the table', () => {
    expect([...ACTION_NAMES].sort()).toEqual(Object.keys(SPEC_FIELDS).sort());
    expect(schema.options.map((o) => o.shape.action.value).sort()).toEqual(Object.keys(SPEC_FIELDS).sort());
  });

  it.each(ACTION_NAMES)("%s carries action, expectedVersion and exactly the row's fields", (action) => {
    const variant = schema.options.find((o) => o.shape.action.value === action)!;
    const { required, optional } = SPEC_FIELDS[action];
    expect(Object.keys(variant.shape).sort()).toEqual(['action', 'expectedVersion', ...required, ...optional].sort());
  });
});

describe('valid bodies', () => {
  it.each(ACTION_NAMES)('a valid %s body parses to itself', (action) => {
    const body = bodyOf(action);
    expect(schema.parse(body)).toEqual(body);
  });

  it.each(ACTION_NAMES.filter((a) => SPEC_FIELDS[a].optional.length > 0))('%s parses without its optional fields', (action) => {
    const body = bodyOf(action);
    for (const field of SPEC_FIELDS[action].optional) delete body[field];
    expect(schema.parse(body)).toEqual({ ...body, ...DEFAULTED[action] });
  });

  it('expectedVersion 0 is a version', () => {
    expect(schema.parse(bodyOf('accept', 0))).toEqual({ action: 'accept', expectedVersion: 0 });
  });
});

describe('rejected bodies name the field', () => {
  it('an unknown action is rejected at path `action`', () => {
    const found = issues({ action: 'approve_everything', expectedVersion: 1 });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: ['action'] });
  });

  it('a missing action is rejected at path `action`', () => {
    expect(paths({ expectedVersion: 1 })).toEqual(['action']);
  });

  it('a non-object body is rejected', () => {
    for (const value of [null, 'accept', 42, ['accept']]) expect(issues(value)).not.toHaveLength(0);
  });

  it.each(ACTION_NAMES)('%s rejects an unknown field', (action) => {
    const found = issues({ ...bodyOf(action), assigneeOverride: 'me' });
    expect(found).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['assigneeOverride'] })]);
  });

  it('a field of another action is unknown (accept takes no reason; release takes no assignee)', () => {
    expect(issues({ ...bodyOf('accept'), reason: 'x' })).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['reason'] }),
    ]);
    expect(issues({ ...bodyOf('release'), assignee: 'm-2' })).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['assignee'] }),
    ]);
  });

  it.each(ACTION_NAMES)('%s without expectedVersion is rejected at expectedVersion', (action) => {
    const body = bodyOf(action);
    delete body['expectedVersion'];
    expect(paths(body)).toEqual(['expectedVersion']);
  });

  it.each([-1, 1.5, '3', null, Number.NaN, Number.POSITIVE_INFINITY])('expectedVersion %s is rejected', (version) => {
    expect(paths(bodyOf('withdraw', version))).toEqual(['expectedVersion']);
  });

  it.each(ACTION_NAMES.filter((a) => SPEC_FIELDS[a].required.length > 0))(
    '%s without each required field is rejected at that field',
    (action) => {
      for (const field of SPEC_FIELDS[action].required) {
        const body = bodyOf(action);
        delete body[field];
        expect(paths(body), field).toEqual([field]);
      }
    },
  );
});

describe('text fields', () => {
  it('are trimmed and NFC-normalised (multi-line text keeps its line breaks, as \\n)', () => {
    const parsed = schema.parse({ ...bodyOf('add_note'), text: '  Cafe\u0301 見積\r\n第二行  ' });
    expect(parsed).toMatchObject({ text: 'Caf\u00e9 見積\n第二行' });
    const reason = schema.parse({ ...bodyOf('withdraw'), reason: '\t 撤回 \u00a0' });
    expect(reason).toMatchObject({ reason: '撤回' });
  });

  it('refuse control characters', () => {
    expect(issues({ ...bodyOf('add_note'), text: '已联系\u0007被投诉人' })).toEqual([
      expect.objectContaining({ path: ['text'], message: 'text.forbidden_characters' }),
    ]);
  });

  it('refuse bidi overrides, and line breaks in single-line fields', () => {
    expect(paths({ ...bodyOf('add_supervision_opinion'), text: 'abc\u202Edef' })).toEqual(['text']);
    expect(paths({ ...bodyOf('reassign'), assignee: 'm-1\nm-2' })).toEqual(['assignee']);
  });

  it('must not be blank once trimmed', () => {
    expect(paths({ ...bodyOf('reject'), reason: '   ' })).toEqual(['reason']);
  });
});

describe('escalate', () => {
  it.each(PATHS)('toPath %s parses', (toPath) => {
    expect(schema.parse({ ...bodyOf('escalate'), toPath })).toMatchObject({ toPath });
  });

  it.each(['litigation', 'police', 'Mediation', 'enforcement', ''])('toPath %j is not one of the paths', (toPath) => {
    expect(paths({ ...bodyOf('escalate'), toPath })).toEqual(['toPath']);
  });

  it('an arbitration agreement signed today parses; one signed in the future is rejected at its signedOn', () => {
    const body = (signedOn: string) => ({
      ...bodyOf('escalate'),
      toPath: 'arbitration',
      arbitrationAgreement: { reference: 'AK-ARB-9', signedOn },
    });
    expect(schema.parse(body(TODAY))).toMatchObject({ arbitrationAgreement: { signedOn: TODAY } });
    expect(issues(body('2026-03-04'))).toEqual([
      expect.objectContaining({ path: ['arbitrationAgreement', 'signedOn'], message: 'arbitration_agreement.signed_in_future' }),
    ]);
    // "Today" is the schema's day: the next day the same agreement is fine.
    expect(actionSchema('2026-03-04').parse(body('2026-03-04'))).toMatchObject({ arbitrationAgreement: { signedOn: '2026-03-04' } });
  });

  it('an arbitration agreement takes no unknown fields and needs a reference', () => {
    const base = { ...bodyOf('escalate'), toPath: 'arbitration' };
    expect(paths({ ...base, arbitrationAgreement: { reference: 'R', signedOn: '2025-01-01', notes: 'x' } })).toEqual([
      'arbitrationAgreement',
    ]);
    expect(paths({ ...base, arbitrationAgreement: { signedOn: '2025-01-01' } })).toEqual(['arbitrationAgreement.reference']);
  });
});

describe('other field formats', () => {
  it('times are ISO date-times with an offset', () => {
    expect(schema.parse({ ...bodyOf('schedule_hearing'), at: '2026-03-20T01:00:00Z' })).toMatchObject({ at: '2026-03-20T01:00:00Z' });
    expect(paths({ ...bodyOf('schedule_hearing'), at: 'next Tuesday' })).toEqual(['at']);
    expect(paths({ ...bodyOf('schedule_session'), at: '2026-02-30T09:00:00+08:00' })).toEqual(['at']);
  });

  it('mode is online or offline', () => {
    expect(paths({ ...bodyOf('schedule_session'), mode: 'hybrid' })).toEqual(['mode']);
  });

  it('amounts are non-negative integers up to 10^10 yuan', () => {
    expect(paths({ ...bodyOf('issue_award'), amountCny: -1 })).toEqual(['amountCny']);
    expect(paths({ ...bodyOf('record_agreement'), amountCny: 12.5 })).toEqual(['amountCny']);
    expect(schema.parse({ ...bodyOf('record_agreement'), amountCny: 10_000_000_000 })).toMatchObject({ amountCny: 10_000_000_000 });
  });

  it('evidence digests are SHA-256 hex, stored lower-case; at least one', () => {
    const upper = SAMPLE_BODIES.record_preservation.evidenceSha256[0]!.toUpperCase();
    expect(schema.parse({ ...bodyOf('record_preservation'), evidenceSha256: [upper] })).toMatchObject({
      evidenceSha256: [upper.toLowerCase()],
    });
    expect(paths({ ...bodyOf('record_preservation'), evidenceSha256: ['abc'] })).toEqual(['evidenceSha256.0']);
    expect(paths({ ...bodyOf('record_preservation'), evidenceSha256: [] })).toEqual(['evidenceSha256']);
  });

  it('add_evidence items follow SPEC §3 and there is at least one', () => {
    expect(paths({ ...bodyOf('add_evidence'), evidence: [] })).toEqual(['evidence']);
    const item = { ...SAMPLE_BODIES.add_evidence.evidence[0]!, sizeBytes: 3 * 1024 ** 3 };
    expect(paths({ ...bodyOf('add_evidence'), evidence: [item] })).toEqual(['evidence.0.sizeBytes']);
  });

  it('booleans are booleans', () => {
    expect(paths({ ...bodyOf('record_consent'), consented: 'yes' })).toEqual(['consented']);
    expect(paths({ ...bodyOf('record_judicial_confirmation'), confirmed: 1 })).toEqual(['confirmed']);
  });
});

describe('version 2 fields (SPEC §4)', () => {
  it('extend_mediation takes 1 to 30 whole days', () => {
    for (const days of [0, 31, 1.5, '10']) expect(paths({ ...bodyOf('extend_mediation'), days }), String(days)).toEqual(['days']);
    expect(schema.parse({ ...bodyOf('extend_mediation'), days: 30 })).toMatchObject({ days: 30 });
    expect(schema.parse({ ...bodyOf('extend_mediation'), days: 1 })).toMatchObject({ days: 1 });
  });

  it('extend_mediation consents are stated as true, never false', () => {
    expect(paths({ ...bodyOf('extend_mediation'), complainantConsent: false })).toEqual(['complainantConsent']);
    expect(paths({ ...bodyOf('extend_mediation'), respondentConsent: false })).toEqual(['respondentConsent']);
  });

  it('request_extension takes whole days from 1', () => {
    expect(paths({ ...bodyOf('request_extension'), days: 0 })).toEqual(['days']);
    expect(paths({ ...bodyOf('request_extension'), days: 91 })).toEqual(['days']);
  });

  it('a supervision order is due at an ISO date-time with an offset', () => {
    expect(paths({ ...bodyOf('issue_supervision_order'), dueAt: '2026-03-10' })).toEqual(['dueAt']);
    expect(paths({ ...bodyOf('issue_supervision_order'), dueAt: '2026-03-10T17:00:00' })).toEqual(['dueAt']);
  });

  it('a reply names its order or opinion by a positive event seq', () => {
    expect(paths({ ...bodyOf('reply_supervision_order'), orderSeq: 0 })).toEqual(['orderSeq']);
    expect(paths({ ...bodyOf('reply_supervision_opinion'), opinionSeq: 'first' })).toEqual(['opinionSeq']);
  });

  it('replyRequired on a supervision opinion is a boolean', () => {
    expect(schema.parse({ ...bodyOf('add_supervision_opinion'), replyRequired: true })).toMatchObject({ replyRequired: true });
    expect(paths({ ...bodyOf('add_supervision_opinion'), replyRequired: 'yes' })).toEqual(['replyRequired']);
  });

  it('extend_deadline with a typed approver is no action any more', () => {
    expect(paths({ action: 'extend_deadline', expectedVersion: 1, reason: '复杂', approvedBy: '张局长' })).toEqual(['action']);
  });
});

describe('administrative enforcement fields (SPEC §12)', () => {
  it('an inspection is made by two to ten officers', () => {
    expect(paths({ ...bodyOf('record_inspection'), officers: ['e-1'] })).toEqual(['officers']);
    expect(paths({ ...bodyOf('record_inspection'), officers: Array.from({ length: 11 }, (_, i) => `e-${i}`) })).toEqual(['officers']);
    expect(schema.parse({ ...bodyOf('record_inspection'), officers: ['e-1', 'e-3'] })).toMatchObject({ officers: ['e-1', 'e-3'] });
  });

  it('an inspection’s evidence digests are SHA-256 hex, none by default', () => {
    expect(paths({ ...bodyOf('record_inspection'), evidenceSha256: ['abc'] })).toEqual(['evidenceSha256.0']);
    const { evidenceSha256: _left, ...body } = bodyOf('record_inspection');
    expect(schema.parse(body)).toMatchObject({ evidenceSha256: [] });
  });

  it('a penalty’s fine is a non-negative whole amount of yuan', () => {
    expect(paths({ ...bodyOf('issue_penalty'), fineCny: -1 })).toEqual(['fineCny']);
    expect(paths({ ...bodyOf('issue_penalty'), fineCny: 10.5 })).toEqual(['fineCny']);
  });

  it('a co-investigator is a single-line name', () => {
    expect(paths({ ...bodyOf('accept_filing'), coInvestigator: '' })).toEqual(['coInvestigator']);
    expect(paths({ ...bodyOf('accept_filing'), coInvestigator: 'e-2\ne-3' })).toEqual(['coInvestigator']);
    expect(schema.parse({ ...bodyOf('accept_filing'), coInvestigator: ' e-2 ' })).toMatchObject({ coInvestigator: 'e-2' });
  });

  it('resume_clock takes no reason', () => {
    expect(issues({ ...bodyOf('resume_clock'), reason: 'x' })).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['reason'] }),
    ]);
  });
});
