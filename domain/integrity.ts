// The integrity check of a case's timeline (SPEC §8): the hash chain recomputed over every stored
// event, and its end compared with the head the case recorded when it last changed — so removing the
// trailing events, which leaves a shorter but self-consistent chain, is caught too.

import { verifyChain, type IntegrityReport, type TimelineEvent } from './timeline.ts';

export function checkTimeline(events: TimelineEvent[], recordedHead: { seq: number; hash: string }): IntegrityReport {
  const report = verifyChain(events);
  if (!report.valid) return report;
  if (events.length < recordedHead.seq) {
    // Events after the last one present are missing: the first missing one is where it breaks.
    return { valid: false, events: events.length, brokenAt: events.length + 1 };
  }
  if (events.length > recordedHead.seq) {
    // Events the case never recorded were appended after its head.
    return { valid: false, events: events.length, brokenAt: recordedHead.seq + 1 };
  }
  if (report.head !== recordedHead.hash) {
    // The chain holds on its own but ends elsewhere than recorded: it was rewritten; name its end.
    return { valid: false, events: events.length, brokenAt: recordedHead.seq };
  }
  return report;
}
