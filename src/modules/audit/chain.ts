import { createHash } from 'node:crypto';
import type { AuditOutcome } from './tables.js';

export const genesisHash = '0'.repeat(64);

/** What an event says; its hash covers all of it and the previous event's hash. */
export interface AuditEventContent {
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly actorLabel: string;
  readonly roles: string[];
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string | null;
  readonly clientAddress: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted at every depth: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function eventHash(prevHash: string, content: AuditEventContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}
