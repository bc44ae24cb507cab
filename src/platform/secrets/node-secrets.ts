import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { AppError } from '../errors/index.js';

/**
 * The node's secrets, kept in files outside both stores (never in a table a data user can reach). Missing
 * ones are generated on first start and written with owner-only permissions.
 */
export interface NodeSecrets {
  /** Signs session and login cookies. */
  readonly cookieSecret: string;
  /** Keys of the embedded OpenID provider's own cookies. */
  readonly providerCookieKeys: readonly string[];
  /** The embedded provider's signing key (private JWK). */
  readonly providerSigningKey: JWK;
  /** The client secret of the web application at the embedded provider. */
  readonly embeddedClientSecret: string;
}

interface SecretsFile {
  cookieSecret: string;
  providerCookieKeys: string[];
  providerSigningKey: JWK;
  embeddedClientSecret: string;
}

export async function loadNodeSecrets(dir: string): Promise<NodeSecrets> {
  const file = path.join(dir, 'node-secrets.json');
  if (existsSync(file)) {
    let parsed: Partial<SecretsFile>;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<SecretsFile>;
    } catch (e) {
      throw new AppError(
        'invalid',
        'secrets.unreadable',
        `The node secrets in ${file} could not be read: ${(e as Error).message}`,
      );
    }
    if (
      typeof parsed.cookieSecret !== 'string' ||
      parsed.cookieSecret.length < 32 ||
      !Array.isArray(parsed.providerCookieKeys) ||
      typeof parsed.providerSigningKey !== 'object' ||
      typeof parsed.embeddedClientSecret !== 'string'
    ) {
      throw new AppError(
        'invalid',
        'secrets.incomplete',
        `The node secrets in ${file} are incomplete; restore them from backup or remove the file to start afresh (all sessions end).`,
      );
    }
    return Object.freeze(parsed as SecretsFile);
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const secrets: SecretsFile = {
    cookieSecret: randomBytes(32).toString('base64url'),
    providerCookieKeys: [randomBytes(32).toString('base64url')],
    providerSigningKey: { ...jwk, alg: 'RS256', use: 'sig', kid: randomBytes(8).toString('hex') },
    embeddedClientSecret: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return Object.freeze(secrets);
}
