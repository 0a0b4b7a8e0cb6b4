// The key list cursors are sealed with (./cursors.ts). In AWS the secret lives in Secrets Manager
// and the function knows only its ARN: it is fetched once per execution environment (the promise is
// cached, so concurrent first requests share one call) and never logged. Locally the runtime hands
// the secret over directly. Either way the AES key is derived from the secret with HKDF, so a
// generated password string of any length serves, and the key is used for nothing else.

import { hkdfSync } from 'node:crypto';
import { CURSOR_SECRET_ARN_ENV, CURSOR_SECRET_ENV, config } from './config.ts';
import { secretString } from './secrets.ts';

const KEY_INFO = 'ankang-ip-cases list cursor v1';

let cached: { source: string; key: Promise<Buffer> } | undefined;

/** The 256-bit cursor key. Rejects when the function was given no cursor secret. */
export function cursorKey(): Promise<Buffer> {
  const { cursorSecret, cursorSecretArn } = config();
  // Keyed by where it comes from: a local runtime restarted in the same process brings a new secret.
  const source =
    cursorSecret !== undefined ? `value:${cursorSecret}` : cursorSecretArn !== undefined ? `arn:${cursorSecretArn}` : undefined;
  if (source === undefined) {
    return Promise.reject(new Error(`No cursor secret is configured for this function (${CURSOR_SECRET_ENV} or ${CURSOR_SECRET_ARN_ENV})`));
  }
  if (cached?.source !== source) {
    const key = (cursorSecret !== undefined ? Promise.resolve(cursorSecret) : fetchSecret(cursorSecretArn!)).then(deriveKey);
    cached = { source, key };
    // A failed fetch (throttling, a network blip) must not stay cached for the life of the environment.
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
  }
  return cached.key;
}

async function fetchSecret(arn: string): Promise<string> {
  const secret = await secretString(arn);
  if (secret.length < 32) throw new Error('The cursor secret is empty or too short');
  return secret;
}

function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), KEY_INFO, 32));
}
