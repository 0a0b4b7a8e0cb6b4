// The local stand-in for Cognito + API Gateway's JWT authorizer: an ES256 key pair kept under
// <DATA_DIR>/signing-key.json (created on first use, mode 0600), tokens with the claims Cognito
// puts in an access token (`sub`, `cognito:groups`, `token_use`, `client_id`), and verification
// with the authorizer's rules: signature by our key (kid), alg ES256 only, exp, nbf, iat, iss, aud.

import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SignJWT,
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';

export const LOCAL_ISSUER = 'urn:ankang-ip:local';
export const LOCAL_AUDIENCE = 'ankang-ip-cases';
export const LOCAL_CLIENT_ID = 'ankang-ip-local';
const ALG = 'ES256';

export interface KeyFile {
  kid: string;
  alg: typeof ALG;
  privateJwk: JWK;
  publicJwk: JWK;
  createdAt: string;
}

export interface SignOptions {
  role: string;
  sub: string;
  /** Lifetime; negative gives a token that has already expired. Default one hour. */
  ttlSeconds?: number;
  /** `cognito:groups`; default `[role]`. */
  groups?: string[];
  /** Seconds from now before which the token is not valid (nbf). Default 0. */
  notBeforeSeconds?: number;
  /** For tests of the authorizer: a different issuer or audience. */
  issuer?: string;
  audience?: string;
}

export interface LocalJwt {
  issuer: string;
  audience: string;
  kid: string;
  publicJwk: JWK;
  signToken(options: SignOptions): Promise<string>;
  /** The verified claims, or a rejection saying why the token is not acceptable. */
  verifyToken(token: string): Promise<JWTPayload>;
}

export const signingKeyPath = (dataDir: string): string => join(dataDir, 'signing-key.json');

/** Reads the key pair under `dataDir`, creating it if absent (one writer wins if two start at once). */
export async function loadOrCreateKeyFile(dataDir: string): Promise<KeyFile> {
  const path = signingKeyPath(dataDir);
  const existing = readKeyFile(path);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `local-${randomUUID()}`;
  const file: KeyFile = {
    kid,
    alg: ALG,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
    createdAt: new Date().toISOString(),
  };
  try {
    writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return file;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readKeyFile(path);
    if (!raced) throw new Error(`${path} exists but is not a signing key file`);
    return raced;
  }
}

function readKeyFile(path: string): KeyFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const file = JSON.parse(text) as Partial<KeyFile>;
  if (file.alg !== ALG || !file.kid || !file.privateJwk?.d || !file.publicJwk?.x) {
    throw new Error(`${path} is not an ES256 signing key file; delete it to have a new one created`);
  }
  return file as KeyFile;
}

export async function localJwt(dataDir: string): Promise<LocalJwt> {
  const file = await loadOrCreateKeyFile(dataDir);
  const privateKey = await importJWK(file.privateJwk, ALG);
  const keySet = createLocalJWKSet({ keys: [file.publicJwk] });

  return {
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    kid: file.kid,
    publicJwk: file.publicJwk,

    async signToken(options) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        'cognito:groups': options.groups ?? [options.role],
        token_use: 'access',
        client_id: LOCAL_CLIENT_ID,
        username: options.sub,
      })
        .setProtectedHeader({ alg: ALG, kid: file.kid, typ: 'JWT' })
        .setSubject(options.sub)
        .setIssuer(options.issuer ?? LOCAL_ISSUER)
        .setAudience(options.audience ?? LOCAL_AUDIENCE)
        .setIssuedAt(now)
        .setNotBefore(now + (options.notBeforeSeconds ?? 0))
        .setExpirationTime(now + (options.ttlSeconds ?? 3600))
        .setJti(randomUUID())
        .sign(privateKey);
    },

    async verifyToken(token) {
      // The authorizer looks the key up by kid; a token without one names no key.
      if (!decodeProtectedHeader(token).kid) throw new Error('token header has no kid');
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: [ALG],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.iat === 'number' && payload.iat > Math.floor(Date.now() / 1000)) {
        throw new Error('token issued in the future (iat)');
      }
      return payload;
    },
  };
}
