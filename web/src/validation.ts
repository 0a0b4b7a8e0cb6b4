// Runs a shared domain schema in the browser and words its issues as the server does: the same
// JSON paths (`evidence[3].sha256`), domain keys through messages.ts, zod's own issues through
// zod's zh-CN or English locale. The rules themselves are the server's, imported, never re-declared.

import * as z from 'zod/mini';
import { en, zhCN } from 'zod/locales';
import { domainMessage } from '#domain/messages.ts';
import type { ErrorDetail } from './api.ts';
import { language } from './i18n.ts';

const LOCALES = { 'zh-CN': zhCN().localeError, en: en().localeError } as const;
const UNKNOWN_FIELD = { 'zh-CN': '不允许的字段', en: 'Unknown field' } as const;

export function formatPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>(
    (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)),
    '',
  );
}

export type Checked<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

export function check<S extends z.core.$ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const lang = language();
  const result = z.safeParse(schema, input, { error: LOCALES[lang] });
  if (result.success) return { ok: true, value: result.data };
  const details: ErrorDetail[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: formatPath([...issue.path, key]), message: UNKNOWN_FIELD[lang] });
    } else {
      details.push({ path: formatPath(issue.path), message: domainMessage(issue.message, lang) ?? issue.message });
    }
  }
  return { ok: false, details };
}
