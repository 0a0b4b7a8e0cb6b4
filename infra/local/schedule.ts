// EventBridge schedule rules, on one machine: a timer per `schedule` trigger that invokes the
// function with a ScheduledEvent every N minutes. A run that is still going when the next is due
// is not overlapped (the next tick is skipped and logged).

import type { ScheduledEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { LOCAL_REGION } from './dynamodb.ts';
import { LOCAL_ACCOUNT_ID, lambdaContext, withTimeout, type HandlerLoader } from './handlers.ts';
import { errorFields, type Logger } from './log.ts';
import type { FunctionSpec, ScheduleTrigger } from './topology.ts';

export interface ScheduleOptions {
  schedules: { fn: FunctionSpec; trigger: ScheduleTrigger }[];
  loadHandler: HandlerLoader;
  log: Logger;
  /** Also run every scheduled function once right away (handy to see a sweep without waiting). */
  runAtStart?: boolean;
}

export interface Schedules {
  /** Runs one scheduled function now, as its timer would (resolves when the run ends). */
  runNow(functionName: string): Promise<void>;
  stop(): Promise<void>;
}

export function scheduledEvent(fn: FunctionSpec, at = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    // EventBridge gives whole seconds.
    time: `${at.toISOString().slice(0, 19)}Z`,
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${fn.name}-schedule`],
    detail: {},
  };
}

export function startSchedules(options: ScheduleOptions): Schedules {
  const { log, loadHandler } = options;
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const run = (fn: FunctionSpec): Promise<void> => {
    const current = running.get(fn.name);
    if (current !== undefined) {
      log('warn', 'scheduled run skipped: the previous run is still going', { function: fn.name });
      return current;
    }
    const work = (async () => {
      try {
        const handler = await loadHandler(fn);
        await withTimeout(Promise.resolve(handler(scheduledEvent(fn), lambdaContext(fn))), fn.timeoutSeconds * 1000, `function ${fn.name}`);
      } catch (error) {
        log('error', 'scheduled function failed', { function: fn.name, ...errorFields(error) });
      } finally {
        running.delete(fn.name);
      }
    })();
    running.set(fn.name, work);
    return work;
  };

  for (const { fn, trigger } of options.schedules) {
    const timer = setInterval(() => {
      if (!stopped) void run(fn);
    }, trigger.everyMinutes * 60_000);
    timers.push(timer);
    if (options.runAtStart) void run(fn);
  }

  return {
    runNow(functionName) {
      const entry = options.schedules.find(({ fn }) => fn.name === functionName);
      if (!entry) return Promise.reject(new Error(`no scheduled function named ${functionName}`));
      return run(entry.fn);
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}
