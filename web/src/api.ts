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
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

export interface ApiOptions {
  base: string;
  token: () => string | undefined;
  /** Called on 401 (expired or refused token). */
  onUnauthenticated: () => void;
}

export function apiClient(options: ApiOptions): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-language': language() === 'en' ? 'en' : 'zh-CN',
      ...extra,
    };
    const token = options.token();
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${options.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new NetworkFailure(error instanceof Error ? error.message : String(error));
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    const error = (parsed as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error;
    if (response.status === 401) options.onUnauthenticated();
    throw new ApiFailure(response.status, error?.code ?? 'INTERNAL', error?.message ?? response.statusText, error?.details ?? []);
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body, headers) => call('POST', path, body, headers),
    put: (path, body) => call('PUT', path, body),
  };
}
