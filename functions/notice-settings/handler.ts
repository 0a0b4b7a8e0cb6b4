// GET and PUT /me/notice-settings — the caller's own contact and notice settings (SPEC §11): any
// signed-in role. Parties turn off non-statutory notices here; staff say where their reminders go
// (otherwise their role's shared inbox, configured per deployment, gets them). PUT replaces them all.

import { noticeSettingsSchema } from '#domain/notice-settings.schema.ts';
import { now } from '#lib/clock.ts';
import { getContact, putContact } from '#lib/contacts.ts';
import { httpFunction } from '#lib/http.ts';
import { callerOf, jsonBody, validate } from '#lib/request.ts';

export const handler = httpFunction('noticeSettings', async (event) => {
  const caller = callerOf(event);
  if (event.requestContext.http.method === 'PUT') {
    const settings = validate(noticeSettingsSchema, jsonBody(event), event);
    return { status: 200, body: await putContact(caller.sub, settings, now().toISOString()) };
  }
  return { status: 200, body: (await getContact(caller.sub)) ?? {} };
});
