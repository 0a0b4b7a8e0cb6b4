// Calls to the HTTP API: bearer token, Accept-Language, JSON. Failures become values the pages
// can explain: an API error (status, code, message, details as the server sent them) or a lost
// network (the request may not have reached the server).

import { language } from './i18n.ts';

export interface ErrorDetail {
  path: string;
  message: string;
  status?: string;
  stage?: string | null;
  version?: number;
  reason?: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[],
  ) {
    super(message);
  }
}

export class NetworkFailure extends Error {}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  /** A GET of a public resource (SPEC §12 registers): sent without the signed-in user's token. */
  publicGet<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** A GET of a file (an export): the body as it came, with the token; failures as for JSON calls. */
  download(path: string, accept: string): Promise<Blob>;
}

export interface ApiOptions {
  base: string;
  token: () => string | undefined;
  /** Called on 401 (expired or refused token). */
  onUnauthenticated: () => void;
}

export function apiClient(options: ApiOptions): ApiClient {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
    anonymous = false,
    asFile = false,
  ): Promise<T> => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': language() === 'en' ? 'en' : 'zh-CN',
      ...extra,
    };
    const token = anonymous ? undefined : options.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new NetworkFailure(error instanceof Error ? error.message : String(error));
    }
    if (asFile && response.ok) return (await response.blob()) as T;
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    const error = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error;
    if (response.status === 401 && !anonymous) options.onUnauthenticated();
    throw new ApiFailure(response.status, error?.code ?? 'INTERNAL', error?.message ?? response.statusText, error?.details ?? []);
  };
  return {
    get: (path) => call('GET', path),
    publicGet: (path) => call('GET', path, undefined, {}, true),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body) => call('PUT', path, body),
    download: (path, accept) => call('GET', path, undefined, { accept }, false, true),
  };
}
