// Keys derived from the environment's one secret: the key list cursors are sealed with (./cursors.ts)
// and the keys of respondents' invitation codes (./invitations.ts). In AWS the secret lives in
// Secrets Manager and the function knows only its ARN (the variable keeps the name of the secret's
// first use, the cursors): it is fetched once per execution environment (the promise is cached, so
// concurrent first requests share one call) and never logged. Locally the runtime hands the secret
// over directly. Each key is derived from the secret with HKDF under its own label, so a generated
// password string of any length serves, and no key is used for more than one thing.

import { hkdfSync } from 'node:crypto';
import { CURSOR_SECRET_ARN_ENV, CURSOR_SECRET_ENV, config } from './config.ts';
import { secretString } from './secrets.ts';

/** What each key is for: its HKDF label. */
const LABELS = {
  cursor: 'ankang-ip-cases list cursor v1',
  invitationCode: 'ankang-ip-cases invitation code v1',
  invitationHash: 'ankang-ip-cases invitation code hash v1',
} as const;
export type KeyPurpose = keyof typeof LABELS;

let cached: { source: string; secret: Promise<string> } | undefined;

function secret(): Promise<string> {
  const { cursorSecret, cursorSecretArn } = config();
  // Keyed by where it comes from: a local runtime restarted in the same process brings a new secret.
  const source =
    cursorSecret !== undefined ? `value:${cursorSecret}` : cursorSecretArn !== undefined ? `arn:${cursorSecretArn}` : undefined;
  if (source === undefined) {
    return Promise.reject(new Error(`No secret is configured for this function (${CURSOR_SECRET_ENV} or ${CURSOR_SECRET_ARN_ENV})`));
  }
  if (cached?.source !== source) {
    const value = cursorSecret !== undefined ? Promise.resolve(cursorSecret) : fetchSecret(cursorSecretArn!);
    cached = { source, secret: value };
    // A failed fetch (throttling, a network blip) must not stay cached for the life of the environment.
    value.catch(() => {
      if (cached?.secret === value) cached = undefined;
    });
  }
  return cached.secret;
}

async function fetchSecret(arn: string): Promise<string> {
  const value = await secretString(arn);
  if (value.length < 32) throw new Error('The secret is empty or too short');
  return value;
}

/** The 256-bit key for `purpose`. Rejects when the function was given no secret. */
export async function secretKey(purpose: KeyPurpose): Promise<Buffer> {
  const value = await secret();
  return Buffer.from(hkdfSync('sha256', Buffer.from(value, 'utf8'), Buffer.alloc(0), LABELS[purpose], 32));
}

/** The key list cursors are sealed with. */
export const cursorKey = (): Promise<Buffer> => secretKey('cursor');
