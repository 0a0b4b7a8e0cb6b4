// Idempotency-Key on POST /complaints and on actions, against DynamoDB Local.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as submit } from '../../functions/submit-complaint/handler.ts';
import { handler as caseAction } from '../../functions/case-action/handler.ts';
import { getCase } from '#lib/case-store.ts';
import { listTimeline } from '#lib/case-lists.ts';
import { as, httpEvent } from '../support/events.ts';
import { validComplaint } from '../support/complaints.ts';
import { startLocalStack, type LocalStack } from '../support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ctx = {} as never;

function filing(body: unknown, key: string | undefined, sub = 'holder-idem') {
  const event = as(httpEvent('http-post-complaints'), 'rights_holder', sub);
  event.body = JSON.stringify(body);
  if (key === undefined) delete event.headers['idempotency-key'];
  else event.headers['idempotency-key'] = key;
  return event;
}

describe('Idempotency-Key on POST /complaints', () => {
  it('answers a repeat of the same request with the first answer, byte for byte, and files once', async () => {
    const body = validComplaint();
    const first = await submit(filing(body, 'key-1'), ctx);
    const again = await submit(filing(body, 'key-1'), ctx);
    expect(first.statusCode).toBe(202);
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(first.body);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    const { caseNumber } = JSON.parse(String(first.body));
    const third = await submit(filing(body, 'key-2'), ctx);
    expect(JSON.parse(String(third.body)).caseNumber).not.toBe(caseNumber);
  });

  it('answers the same key with a different body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    await submit(filing(validComplaint(), 'key-3'), ctx);
    const other = await submit(
      filing(
        validComplaint((c) => (c.description = `${c.description}（补充）`)),
        'key-3',
      ),
      ctx,
    );
    expect(other.statusCode).toBe(422);
    expect(JSON.parse(String(other.body)).error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('scopes keys to the caller: another user may use the same key', async () => {
    const mine = await submit(filing(validComplaint(), 'shared-key', 'holder-a'), ctx);
    const theirs = await submit(filing(validComplaint(), 'shared-key', 'holder-b'), ctx);
    expect(theirs.statusCode).toBe(202);
    expect(theirs.body).not.toBe(mine.body);
  });

  it('does not keep a refusal: the corrected request with the same key goes through', async () => {
    const bad = await submit(
      filing(
        validComplaint((c) => (c.countyCode = '000000')),
        'key-4',
      ),
      ctx,
    );
    expect(bad.statusCode).toBe(400);
    const fixed = await submit(filing(validComplaint(), 'key-4'), ctx);
    expect(fixed.statusCode).toBe(202);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const answer = await submit(filing(validComplaint(), 'bad key with spaces'), ctx);
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(String(answer.body)).error.details[0].path).toBe('Idempotency-Key');
  });
});

describe('Idempotency-Key on actions', () => {
  it('records a repeated action once and answers the repeat with the first answer', async () => {
    const filed = JSON.parse(String((await submit(filing(validComplaint(), undefined, 'holder-act'), ctx)).body));
    const event = () => {
      const e = as(httpEvent('http-get-case'), 'rights_holder', 'holder-act');
      e.routeKey = 'POST /cases/{caseId}/actions';
      e.rawPath = `/cases/${filed.caseId}/actions`;
      e.pathParameters = { caseId: filed.caseId };
      e.headers['content-type'] = 'application/json';
      e.headers['idempotency-key'] = 'withdraw-1';
      e.body = JSON.stringify({ action: 'withdraw', expectedVersion: 1, reason: '已和解' });
      return e;
    };
    const first = await caseAction(event(), ctx);
    const again = await caseAction(event(), ctx);
    expect(first.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect((await listTimeline(filed.caseId)).filter((e) => e.type === 'withdraw')).toHaveLength(1);
    expect((await getCase(filed.caseId))?.version).toBe(2);
  });
});
