// A person's own contact and notice settings (SPEC §11): where staff want their reminders, which
// language, and which non-statutory notices (receipts, progress, messages) a party turned off. One
// item per person, written only by that person (PUT /me/notice-settings).

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact } from '#domain/notifications.ts';
import { dynamo } from './aws.ts';
import { batchGetItems } from './case-store.ts';
import { caseTable } from './config.ts';
import { keys } from './items.ts';

export interface ContactSettings extends Contact {
  updatedAt?: string;
}

const settingsOf = (item: Record<string, unknown>): ContactSettings => {
  const { pk: _pk, sk: _sk, sub: _sub, ...rest } = item;
  return rest as ContactSettings;
};

export async function getContact(sub: string): Promise<ContactSettings | null> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: caseTable(), Key: keys.contact(sub) }));
  return Item ? settingsOf(Item) : null;
}

/** Several people's settings at once, by sub; those who set none are absent. */
export async function getContacts(subs: readonly string[]): Promise<Map<string, ContactSettings>> {
  const unique = [...new Set(subs)];
  if (unique.length === 0) return new Map();
  const items = await batchGetItems(dynamo(), caseTable(), unique.map(keys.contact));
  return new Map(items.map((item) => [String(item['sub']), settingsOf(item)]));
}

export async function putContact(sub: string, settings: Contact, at: string): Promise<ContactSettings> {
  const item = { ...keys.contact(sub), sub, ...settings, updatedAt: at };
  await dynamo().send(new PutCommand({ TableName: caseTable(), Item: item }));
  return settingsOf(item);
}
