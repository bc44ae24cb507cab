import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import * as oidc from 'openid-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../platform/auth/index.js';
import type { Config } from '../../platform/config/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { normaliseNationalId, pseudonymOf, type PseudonymKey } from '../../platform/pseudonym/index.js';
import { auditRequest, type AuditLog } from '../audit/index.js';
import { embeddedClientId, embeddedIssuer } from './demo-provider.js';
import { escapeHtml, htmlPage } from './html-page.js';

export const citizenCookie = 'salus_citizen';
/** The citizens' API: the only paths their session cookie is sent to, and honoured on. */
export const citizenApi = '/api/citizen';
/** The page a citizen signs in for and comes back to. */
export const citizenPage = '/opt-out';
const loginCookie = 'salus_citizen_login';
/** A citizen signs in to do one thing: the session is short, and lives only in its signed cookie. */
const citizenSessionMinutes = 30;
// eslint-disable-next-line @typescript-eslint/no-deprecated
const plainHttp = oidc.allowInsecureRequests;

interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/**
 * The citizen behind a signed citizen cookie, or null when it is absent, altered or expired. The cookie holds
 * the pseudonym and the end of the session, signed with the node's cookie secret: the node keeps nothing
 * about a citizen's sign-in, and the national identifier never leaves the callback that keyed it.
 */
export function citizenPrincipal(request: FastifyRequest): Principal | null {
  const raw = request.cookies[citizenCookie];
  if (raw === undefined) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid) return null;
  const match = /^([0-9a-f]{64})\.(\d{13})$/.exec(unsigned.value);
  if (match?.[1] === undefined || Number(match[2]) <= Date.now()) return null;
  return { userId: match[1], displayName: 'Citizen', roles: ['citizen'], via: 'citizen', tokenId: null };
}

/** The cookie value of a citizen session: what the callback sets, and what tests sign for themselves. */
export const citizenSessionValue = (pseudonym: string, expiresAt: Date): string =>
  `${pseudonym}.${String(expiresAt.getTime())}`;

/**
 * The citizens' sign-in (Art 71 opt-out): OpenID Connect against the citizens' provider (a national eID
 * bridge; by default the node's own provider), which must vouch for the national identifier in a claim. The
 * callback keys the identifier into the node's pseudonym at once and keeps only that, in a short signed
 * cookie scoped to the citizens' API; the ID token, which carries the identifier, is not kept.
 */
export function registerCitizenLogin(
  app: SalusServer,
  options: {
    config: Config;
    audit: AuditLog;
    embeddedClientSecret: string;
    pseudonymKey: () => PseudonymKey;
  },
): void {
  const { config, audit } = options;
  const own = config.oidc;
  const provider = config.citizen.oidc ?? (own.kind === 'external' ? own : null);
  const issuer = provider?.issuer ?? embeddedIssuer(config.http.publicUrl);
  const clientId = provider?.clientId ?? embeddedClientId;
  const clientSecret = provider?.clientSecret ?? options.embeddedClientSecret;
  const redirectUri = `${config.http.publicUrl}/auth/citizen/callback`;
  const secureCookies =
    config.http.publicUrl.startsWith('https:') ||
    /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(config.http.publicUrl);
  let discovered: Promise<oidc.Configuration> | null = null;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(issuer),
        clientId,
        clientSecret,
        undefined,
        issuer.startsWith('http:') ? { execute: [plainHttp] } : {},
      )
      .catch((e: unknown) => {
        discovered = null;
        throw e;
      });
    return discovered;
  };
  const rateLimit = { max: config.http.loginRateLimitPerMinute, timeWindow: 60_000 };
  const problemPage = (reply: FastifyReply, status: number, title: string, message: string): FastifyReply =>
    reply
      .status(status)
      .type('text/html')
      .send(
        htmlPage(
          title,
          `<h1>${escapeHtml(title)}</h1><div class="error" role="alert">${escapeHtml(message)}</div><p><a href="${citizenPage}">Back to the opt-out page</a></p>`,
        ),
      );

  app.get(
    '/auth/citizen/login',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Start a citizen’s sign-in for the opt-out page (redirects to the citizens’ provider)',
      },
    },
    async (request, reply) => {
      let discoveredConfiguration: oidc.Configuration;
      try {
        discoveredConfiguration = await configuration();
      } catch (e) {
        request.log.error({ err: e, issuer }, 'citizens’ OpenID provider discovery failed');
        return problemPage(
          reply,
          503,
          'Sign-in is unavailable',
          `The sign-in service at ${issuer} could not be reached. Try again in a moment.`,
        );
      }
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(discoveredConfiguration, {
        redirect_uri: redirectUri,
        scope: config.citizen.scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        // A fresh sign-in every time: a browser signed in at the provider as someone else must not carry over.
        prompt: 'login',
      });
      void reply.setCookie(loginCookie, JSON.stringify(pending), {
        signed: true,
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        path: '/auth/citizen',
        maxAge: 600,
      });
      return reply.redirect(url.href);
    },
  );

  app.get(
    '/auth/citizen/callback',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Where the citizens’ provider returns after sign-in',
        hide: true,
      },
    },
    async (request, reply) => {
      const raw = request.cookies[loginCookie];
      const unsigned = raw === undefined ? null : request.unsignCookie(raw);
      void reply.clearCookie(loginCookie, { path: '/auth/citizen' });
      const fail = async (reason: string, title: string, message: string): Promise<FastifyReply> => {
        await auditRequest(audit, request, {
          action: 'auth.citizen_login',
          outcome: 'failure',
          details: { provider: issuer, reason },
        });
        return problemPage(reply, 400, title, message);
      };
      if (unsigned?.valid !== true)
        return fail(
          raw === undefined ? 'no sign-in in progress' : 'login cookie altered',
          'Sign-in could not finish',
          'The sign-in took too long, or was started in another browser. Start again.',
        );
      let pending: PendingLogin;
      try {
        pending = JSON.parse(unsigned.value) as PendingLogin;
      } catch {
        return fail('login cookie unreadable', 'Sign-in could not finish', 'Start the sign-in again.');
      }
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(
          await configuration(),
          new URL(request.url, config.http.publicUrl),
          {
            pkceCodeVerifier: pending.verifier,
            expectedState: pending.state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return fail(
          `provider answer refused: ${message}`,
          'Sign-in could not finish',
          `The sign-in service's answer was not accepted: ${message}`,
        );
      }
      const claim = tokens.claims()?.[config.citizen.idClaim];
      const nationalId =
        typeof claim === 'string' || typeof claim === 'number' ? normaliseNationalId(String(claim)) : '';
      if (nationalId.length < 4)
        // The reason names the claim, never its value.
        return fail(
          `no national identifier in claim ${config.citizen.idClaim}`,
          'No national identifier',
          'The sign-in service did not say who you are by your national identifier, so your choice cannot be recorded. Sign in with your national electronic identity.',
        );
      const pseudonym = pseudonymOf(options.pseudonymKey(), nationalId);
      const expiresAt = new Date(Date.now() + citizenSessionMinutes * 60_000);
      void reply.setCookie(citizenCookie, citizenSessionValue(pseudonym, expiresAt), {
        signed: true,
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        path: citizenApi,
        expires: expiresAt,
      });
      await auditRequest(audit, request, {
        action: 'auth.citizen_login',
        outcome: 'success',
        actor: { id: pseudonym, label: 'Citizen', roles: ['citizen'] },
        target: { type: 'pseudonym', id: pseudonym },
        details: { provider: issuer },
      });
      return reply.redirect(citizenPage);
    },
  );

  app.post(
    `${citizenApi}/sign-out`,
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'End a citizen’s session here, and say where to end it at the provider',
        response: { 200: Type.Object({ redirectTo: Type.String() }) },
      },
    },
    async (request, reply) => {
      void reply.clearCookie(citizenCookie, { path: citizenApi });
      if (request.principal?.via === 'citizen')
        await auditRequest(audit, request, {
          action: 'auth.citizen_logout',
          outcome: 'success',
          target: { type: 'pseudonym', id: request.principal.userId },
        });
      try {
        const discoveredConfiguration = await configuration();
        if (discoveredConfiguration.serverMetadata().end_session_endpoint === undefined)
          return { redirectTo: citizenPage };
        // Without the ID token (it carried the identifier and was not kept): the provider asks or confirms.
        const url = oidc.buildEndSessionUrl(discoveredConfiguration, {
          post_logout_redirect_uri: `${config.http.publicUrl}${citizenPage}`,
          state: randomUUID(),
        });
        return { redirectTo: url.href };
      } catch {
        return { redirectTo: citizenPage };
      }
    },
  );
}
