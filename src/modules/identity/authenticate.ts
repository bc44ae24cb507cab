import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { auditRequest, type AuditLog } from '../audit/index.js';
import { citizenApi, citizenPrincipal } from './citizen-login.js';
import type { IdentityService } from './service.js';

export const sessionCookie = 'salus_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Finds who is calling, before any route runs: an API token in `Authorization: Bearer`, or the signed
 * session cookie. Credentials that do not hold are audited and leave a precise reason for the 401.
 */
export function registerAuthentication(
  app: SalusServer,
  identity: IdentityService,
  audit: AuditLog,
  publicUrl: string,
): void {
  const publicOrigin = new URL(publicUrl).origin;
  const refuse = async (request: FastifyRequest, error: AppError, action: string): Promise<void> => {
    request.credentialError = error;
    await auditRequest(audit, request, {
      action,
      outcome: 'denied',
      details: { reason: error.code, path: request.url.split('?')[0] },
    });
  };

  app.addHook('onRequest', async (request, reply) => {
    // On the citizens' API a citizen's session is who calls, whoever else this browser is signed in as.
    if (request.url.startsWith(`${citizenApi}/`)) {
      const citizen = citizenPrincipal(request);
      if (citizen !== null) {
        if (!safeMethods.has(request.method) && !sameOrigin(request, publicOrigin)) {
          await refuse(
            request,
            new AppError(
              'forbidden',
              'auth.cross_origin',
              'This request came from another site; it was refused to protect your session.',
            ),
            'auth.cross_origin',
          );
          return;
        }
        request.principal = citizen;
        return;
      }
    }
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (match?.[1] === undefined) {
        await refuse(
          request,
          new AppError(
            'unauthenticated',
            'auth.malformed_authorization',
            'The Authorization header must be "Bearer <API token>".',
          ),
          'auth.token',
        );
        return;
      }
      const result = await identity.principalForToken(match[1]);
      if ('problem' in result) {
        await refuse(
          request,
          new AppError('unauthenticated', 'auth.token_invalid', `The API token ${result.problem}.`),
          'auth.token',
        );
        return;
      }
      request.principal = result;
      return;
    }
    const raw = request.cookies[sessionCookie];
    if (raw === undefined) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid) {
      void reply.clearCookie(sessionCookie, { path: '/' });
      await refuse(
        request,
        new AppError(
          'unauthenticated',
          'auth.session_tampered',
          'The session cookie has been altered, so it was discarded; sign in again.',
        ),
        'auth.session',
      );
      return;
    }
    const principal = await identity.principalForSession(unsigned.value);
    if (principal === null) {
      void reply.clearCookie(sessionCookie, { path: '/' });
      request.credentialError = new AppError(
        'unauthenticated',
        'auth.session_ended',
        'Your session has ended; sign in again.',
      );
      return;
    }
    // A cookie travels with any request the browser makes; one that changes state must come from our pages.
    if (!safeMethods.has(request.method) && !sameOrigin(request, publicOrigin)) {
      await refuse(
        request,
        new AppError(
          'forbidden',
          'auth.cross_origin',
          'This request came from another site; it was refused to protect your session.',
        ),
        'auth.cross_origin',
      );
      return;
    }
    request.principal = principal;
  });
}

function sameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (typeof origin === 'string')
    return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
  return request.headers['sec-fetch-site'] !== 'cross-site';
}
