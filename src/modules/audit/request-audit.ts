import type { FastifyRequest } from 'fastify';
import type { AuditActor, AuditLog, AuditRecord } from './audit-log.js';

/** Who acts, and from which request: what a service needs to audit on a caller's behalf. */
export interface AuditContext {
  readonly actor: AuditActor;
  readonly requestId: string | null;
  readonly clientAddress: string | null;
}

export const contextOf = (request: FastifyRequest): AuditContext => ({
  actor: actorOf(request),
  requestId: request.id,
  clientAddress: request.ip,
});

export function auditAs(
  log: AuditLog,
  context: AuditContext,
  entry: Omit<AuditRecord, 'actor' | 'requestId' | 'clientAddress'>,
): Promise<unknown> {
  return log.record({ ...entry, ...context });
}

/** The actor of a request: the signed-in person or token, or the anonymous caller. */
export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  if (p === null) return { id: null, label: 'anonymous', roles: [] };
  return {
    id: p.userId,
    label: p.via === 'token' ? `${p.displayName} (API token ${p.tokenId ?? ''})` : p.displayName,
    roles: p.roles,
  };
}

export type RequestAuditEntry = Omit<AuditRecord, 'actor' | 'requestId' | 'clientAddress'> & {
  readonly actor?: AuditActor;
};

/** Records an event with the request's actor, request id and client address filled in. */
export function auditRequest(
  log: AuditLog,
  request: FastifyRequest,
  entry: RequestAuditEntry,
): Promise<unknown> {
  return log.record({
    ...entry,
    actor: entry.actor ?? actorOf(request),
    requestId: request.id,
    clientAddress: request.ip,
  });
}
