// The same handler modules the cloud bundles, imported here: lazily, on a function's first
// invocation (after the runtime has set the environment), and once per entry.

import type { Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOCAL_REGION } from './dynamodb.ts';
import type { FunctionSpec } from './topology.ts';

/** The repository root: topology entries are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const LOCAL_ACCOUNT_ID = '000000000000';

// biome-ignore lint/suspicious/noExplicitAny: one loader holds handlers of every event type (HTTP, SQS, schedule)
export type AnyHandler = (event: any, context: Context) => unknown;

export type HandlerLoader = (fn: FunctionSpec) => Promise<AnyHandler>;

export function handlerLoader(rootDir = repoRoot): HandlerLoader {
  const modules = new Map<string, Promise<AnyHandler>>();
  return (fn) => {
    const path = isAbsolute(fn.entry) ? fn.entry : resolve(rootDir, fn.entry);
    let loaded = modules.get(path);
    if (!loaded) {
      loaded = import(pathToFileURL(path).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') {
          throw new Error(`${fn.entry} (function ${fn.name}) does not export a handler function`);
        }
        return module.handler as AnyHandler;
      });
      // A module that failed to load (e.g. a syntax error being fixed) is retried on the next call.
      loaded.catch(() => modules.delete(path));
      modules.set(path, loaded);
    }
    return loaded;
  };
}

/** A Lambda context as the Node.js runtime passes it, with the function's own timeout. */
export function lambdaContext(fn: FunctionSpec, startedAt = Date.now()): Context {
  const deadline = startedAt + fn.timeoutSeconds * 1000;
  const notSupported = (): never => {
    throw new Error('callback-style context methods are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${fn.name}`,
    memoryLimitInMB: String(fn.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `${new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported,
    fail: notSupported,
    succeed: notSupported,
  };
}

/** Races `work` against `ms`; the loser is not cancelled (a JavaScript promise cannot be), only ignored. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}
