import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/index.js';

/**
 * The node's pseudonymisation key: the secret under which national identifiers become pseudonyms. It is kept
 * in its own file in the secrets folder, outside both stores, so that neither a database dump nor the lake
 * can be turned back into identities. Losing it breaks linkage of new deliveries with the lake; keep a backup.
 */
export interface PseudonymKey {
  readonly bytes: Buffer;
}

const KEY_FILE = 'pseudonym-key';
const KEY_BYTES = 32;

export function loadPseudonymKey(secretsDir: string): PseudonymKey {
  const file = path.join(secretsDir, KEY_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    const bytes = Buffer.from(text, 'base64url');
    if (bytes.length !== KEY_BYTES) {
      throw new AppError(
        'invalid',
        'secrets.pseudonym_key_invalid',
        `The pseudonymisation key in ${file} is not ${KEY_BYTES} bytes of base64url; restore it from backup.`,
      );
    }
    return Object.freeze({ bytes });
  }
  const bytes = randomBytes(KEY_BYTES);
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, bytes.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return Object.freeze({ bytes });
}

/** Canonical form of a national identifier before keying: trimmed, upper case, separators removed. */
export function normaliseNationalId(value: string): string {
  return value
    .trim()
    .toUpperCase()
    .replace(/[\s\-./]/g, '');
}

/**
 * The pseudonym of a person: HMAC-SHA-256 of the normalised national identifier under the node's key, as
 * 64 hex characters. The same person delivered by any holder gets the same pseudonym; the opt-out register
 * is keyed by it too.
 */
export function pseudonymOf(key: PseudonymKey, nationalId: string): string {
  return createHmac('sha256', key.bytes).update(normaliseNationalId(nationalId), 'utf8').digest('hex');
}

/**
 * Pseudonym for a person a holder delivered without a national identifier: keyed by the holder and its local
 * id, so it is stable across that holder's deliveries but never links to another holder.
 */
export function localPseudonymOf(key: PseudonymKey, holder: string, localId: string): string {
  return createHmac('sha256', key.bytes).update(`local\u0000${holder}\u0000${localId}`, 'utf8').digest('hex');
}

/**
 * A holder's secret salt for the keys of its local patient references (see the lake's FHIR build): the lake
 * keeps, per delivery, which reference key is which person, so that a later delivery may refer to patients
 * an earlier one delivered; salted, the keys cannot be recomputed from a list of the holder's ids.
 */
export function patientRefSaltOf(key: PseudonymKey, holder: string): string {
  return createHmac('sha256', key.bytes).update(`patient-ref\u0000${holder}`, 'utf8').digest('hex');
}

/** The OMOP person_id of a pseudonym: its first 63 bits as a positive BIGINT. */
export function personIdOf(pseudonym: string): bigint {
  return BigInt('0x' + pseudonym.slice(0, 16)) & 0x7fff_ffff_ffff_ffffn;
}
