// HTTP for reliability tests: every answer is kept (status and body), nothing throws on a 4xx/5xx,
// and a network failure is an answer too (status 0) so a burst can be counted, not aborted.

export interface Answer {
  status: number;
  body: any;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message } };
  }
}

export const is5xx = (answer: Answer): boolean => answer.status >= 500;

/** Polls every still-pending case until `done` says so or `timeoutMs` passes; returns the last view of each. */
export async function waitForCases(
  baseUrl: string,
  cases: { caseId: string; token: string }[],
  done: (view: any) => boolean,
  timeoutMs: number,
): Promise<{ views: Map<string, any>; pending: string[]; tookMs: number }> {
  const started = Date.now();
  const views = new Map<string, any>();
  let pending = cases;
  while (pending.length > 0 && Date.now() - started < timeoutMs) {
    const answers = await Promise.all(pending.map((c) => call(baseUrl, 'GET', `/cases/${c.caseId}`, { token: c.token })));
    answers.forEach((answer, i) => views.set(pending[i]!.caseId, answer.body));
    pending = pending.filter((_, i) => !done(answers[i]!.body));
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { views, pending: pending.map((c) => c.caseId), tookMs: Date.now() - started };
}

export function numberOf(caseNumber: string): number {
  return Number(caseNumber.slice(caseNumber.lastIndexOf('-') + 1));
}
