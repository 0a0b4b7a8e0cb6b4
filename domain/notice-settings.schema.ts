// PUT /me/notice-settings (SPEC §11): where a person wants to be told, in which language, and which
// non-statutory notices (receipts, progress, messages) they turn off. Statutory notices —
// invitations, schedules, decisions, deadlines — are sent whatever is set here.

import * as z from 'zod/mini';
import { emailSchema, phoneSchema } from './complaint.schema.ts';

export const noticeSettingsSchema = z.strictObject({
  email: z.optional(emailSchema),
  phone: z.optional(phoneSchema),
  language: z.optional(z.enum(['zh-CN', 'en'])),
  optOut: z.optional(z.strictObject({ email: z.optional(z.boolean()), sms: z.optional(z.boolean()) })),
});

export type NoticeSettingsInput = z.output<typeof noticeSettingsSchema>;
