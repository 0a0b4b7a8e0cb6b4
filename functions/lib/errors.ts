// The one place errors become HTTP answers (SPEC §9). Handlers throw ApiError (or let zod
// validation fail through `validationFailed`); anything else is a 500 with no detail leaked.

import type { Language } from '#domain/messages.ts';

export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
  /** More about this field, e.g. a conflict's current status, stage and version. */
  [more: string]: unknown;
}

const DEFAULT_MESSAGES: Record<ErrorCode, Record<Language, string>> = {
  VALIDATION_FAILED: { 'zh-CN': '提交的内容未通过校验', en: 'The request did not pass validation' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { 'zh-CN': '需要有效的登录凭证', en: 'A valid bearer token is required' },
  FORBIDDEN: { 'zh-CN': '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { 'zh-CN': '未找到', en: 'Not found' },
  CONFLICT: { 'zh-CN': '与案件当前状态冲突', en: 'This conflicts with the current state of the case' },
  PAYLOAD_TOO_LARGE: { 'zh-CN': '请求体超过 256 KiB', en: 'The request body is larger than 256 KiB' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '请求体须为 application/json', en: 'The request body must be application/json' },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
};

export function defaultMessage(code: ErrorCode, language: Language): string {
  return DEFAULT_MESSAGES[code][language];
}

export class ApiError extends Error {
  readonly status: number;
  /** Headers the answer carries besides the usual ones (`retry-after` of a 429). */
  headers: Record<string, string> = {};
  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetail[] = [],
    readonly extra: Record<string, unknown> = {},
    /** An explicit message; otherwise the code's default in the caller's language. */
    readonly text?: string,
  ) {
    super(text ?? code);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = () => new ApiError('NOT_FOUND');

/** 429 with the seconds to wait (at least one). */
export function rateLimited(retryAfterSeconds: number, details: ErrorDetail[] = []): ApiError {
  const error = new ApiError('RATE_LIMITED', details);
  error.headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  return error;
}
export const forbidden = () => new ApiError('FORBIDDEN');
