// A small HTTP client for e2e tests: JSON in and out, bearer tokens, and the case workflow steps
// (file, wait until queued, claim, act with the version last seen).

import type { RuntimeProcess } from './runtime-process.ts';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export function client(rt: RuntimeProcess) {
  async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${rt.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }

  /** Polls until the case is queued (the acceptance bound is 5 s). */
  async function untilQueued(caseId: string, token: string): Promise<any> {
    const started = Date.now();
    let last: Answer | undefined;
    while (Date.now() - started < 5_000) {
      last = await call('GET', `/cases/${caseId}`, { token });
      if (last.body?.status === 'queued') return last.body;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`case ${caseId} not queued within 5 s: ${JSON.stringify(last?.body)}`);
  }

  async function file(complaint: unknown, token: string): Promise<any> {
    const filed = await call('POST', '/complaints', { token, body: complaint });
    if (filed.status !== 202) throw new Error(`filing failed: ${filed.status} ${JSON.stringify(filed.body)}`);
    return untilQueued(filed.body.caseId, token);
  }

  const claim = (caseId: string, token: string) => call('POST', `/cases/${caseId}/claim`, { token });

  const act = (caseId: string, token: string, expectedVersion: number, action: string, fields: Record<string, unknown> = {}) =>
    call('POST', `/cases/${caseId}/actions`, { token, body: { action, expectedVersion, ...fields } });

  /** Acts and insists on success; returns the case answered. */
  async function step(c: { caseId: string; version: number }, token: string, action: string, fields: Record<string, unknown> = {}) {
    const answer = await act(c.caseId, token, c.version, action, fields);
    if (answer.status !== 200) throw new Error(`${action} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  return { call, untilQueued, file, claim, act, step };
}
