// The HTTP calls the bench makes against the local runtime (fetch keeps connections alive).

export interface Answer {
  status: number;
  body: any;
}

export async function call(url: string, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Throws unless the answer has `status`; returns its body. */
export async function expectStatus(answer: Promise<Answer>, status: number, what: string): Promise<any> {
  const a = await answer;
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
  return a.body;
}
