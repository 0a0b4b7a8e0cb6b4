// The respondent told of a credit-list review (SPEC §11, §12): by e-mail and SMS at the address it is
// known by, in its language, with the end of its statement period and a link to the public list —
// recorded under the case the review rests on as `credit_respondent`, so it never takes the place of a
// notice of the case's own events; nothing without an address.

import { describe, expect, it } from 'vitest';
import { creditReviewNotices } from '#domain/notifications.ts';
import { SMS_LIMIT, smsLength } from '#domain/notice-templates.ts';
import type { TimelineEvent } from '#domain/timeline.ts';

const CASE = {
  caseId: '3b0f6f8e-2d7a-4c55-9a0e-1f2d3c4b5a69',
  caseNumber: 'AKIP-2026-000102',
  path: 'administrative_enforcement' as const,
};
const review = (data: Record<string, unknown> = { statementDueAt: '2026-11-10T15:59:59.999Z' }): TimelineEvent => ({
  caseId: 'credit:91440300708461136T',
  seq: 3,
  at: '2026-11-03T02:00:00.000Z',
  type: 'start_review',
  actor: { role: 'supervisor', sub: 'supervisor-1' },
  data,
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
});
const SITE = 'https://ip.ankang.example.cn/';

describe('the notice of a credit-list review', () => {
  it('goes by e-mail and SMS, statutory, under the case it rests on, as credit_respondent', () => {
    const notices = creditReviewNotices({
      event: review(),
      case: CASE,
      contact: { email: 'legal@x.example.cn', phone: '13891500123' },
      siteUrl: SITE,
    });
    expect(notices.map((n) => [n.channel, n.address, n.recipient, n.statutory])).toEqual([
      ['email', 'legal@x.example.cn', 'credit_respondent', true],
      ['sms', '13891500123', 'credit_respondent', true],
    ]);
    expect(notices[0]!.noticeId).toBe(`${CASE.caseId}#3#credit_respondent#email`);
    expect(notices[0]!.text).toContain('2026年11月10日');
    expect(notices[0]!.text).toContain('陈述申辩');
    expect(notices[0]!.text).toContain('https://ip.ankang.example.cn/#/credit-list');
    const { units, limit } = smsLength(notices[1]!.text);
    expect(units).toBeLessThanOrEqual(limit);
  });

  it('speaks English to a respondent who asked for it, within two SMS segments', () => {
    const [mail, sms] = creditReviewNotices({
      event: review(),
      case: CASE,
      contact: { email: 'ip@foreign.example.com', phone: '+49 30 1234567', language: 'en' },
      siteUrl: SITE,
    });
    expect(mail!.text).toContain('10 Nov 2026');
    expect(mail!.subject).toContain('credit list');
    expect(smsLength(sms!.text).units).toBeLessThanOrEqual(SMS_LIMIT.gsm7);
  });

  it('is not sent without an address, nor for any other event', () => {
    expect(creditReviewNotices({ event: review(), case: CASE, contact: undefined, siteUrl: SITE })).toEqual([]);
    expect(creditReviewNotices({ event: review(), case: CASE, contact: { email: '  ' }, siteUrl: SITE })).toEqual([]);
    expect(creditReviewNotices({ event: { ...review(), type: 'list' }, case: CASE, contact: { email: 'a@b.cn' }, siteUrl: SITE })).toEqual(
      [],
    );
  });
});
