// Where every function's invocation starts — HTTP, queue or schedule — so that every line it logs
// carries what an operator joins it by: the function, Lambda's request id (also on Lambda's own
// START/END/REPORT lines), the X-Ray trace, and whether this was the cold start.

import type { Context } from 'aws-lambda';
import { traceId } from './config.ts';
import { invocationFields, withLogContext, type LogContext } from './log.ts';

export function withInvocation<T>(
  functionName: string,
  context: Partial<Pick<Context, 'awsRequestId'>> | undefined,
  fields: Omit<Partial<LogContext>, 'function'>,
  run: () => Promise<T>,
): Promise<T> {
  return withLogContext({ function: functionName, ...invocationFields(functionName, context, traceId()), ...fields }, run);
}
