// The shape every scheduled function (EventBridge rule → Lambda) shares: the invocation's log
// context around the run, and a failed run logged with it before it propagates — Lambda counts the
// error (the function's Errors alarm), and the next scheduled run is the retry.

import type { Context, ScheduledEvent } from 'aws-lambda';
import { withInvocation } from './invocation.ts';
import { errorFields, log } from './log.ts';

/** Both optional: operators and tests invoke a scheduled function with a partial event, or none. */
export type ScheduledRun<R> = (event: Partial<ScheduledEvent> | undefined, context: Partial<Context> | undefined) => Promise<R>;

export function scheduledFunction<R>(name: string, run: ScheduledRun<R>) {
  return (event?: Partial<ScheduledEvent>, context?: Partial<Context>): Promise<R> =>
    withInvocation(name, context, {}, async () => {
      try {
        return await run(event, context);
      } catch (error) {
        log.error('scheduled run failed; the next run retries', errorFields(error));
        throw error;
      }
    });
}
