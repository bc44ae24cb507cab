import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import * as oidc from 'openid-client';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../platform/config/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { auditRequest, type AuditLog } from '../audit/index.js';
import { sessionCookie } from './authenticate.js';
import { embeddedClientId, embeddedIssuer } from './demo-provider.js';
import { escapeHtml, htmlPage } from './html-page.js';
import type { IdentityService } from './service.js';

const loginCookie = 'salus_login';
// Plain http is accepted only for an issuer configured so on purpose: the demo's own provider on localhost.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const plainHttp = oidc.allowInsecureRequests;

interface PendingLogin {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly returnTo: string;
}

/** Only paths of this node: never an open redirect. */
const safeReturnTo = (value: string | undefined): string =>
  value !== undefined && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/';

/**
 * Sign-in through OpenID Connect (authorization code with PKCE), as a relying party of the embedded demo
 * provider or of any configured provider; a successful login becomes a server-side session.
 */
export function registerOidcLogin(
  app: SalusServer,
  options: { config: Config; identity: IdentityService; audit: AuditLog; embeddedClientSecret: string },
): void {
  const { config, identity, audit } = options;
  const issuer = config.oidc.kind === 'external' ? config.oidc.issuer : embeddedIssuer(config.http.publicUrl);
  const clientId = config.oidc.kind === 'external' ? config.oidc.clientId : embeddedClientId;
  const clientSecret =
    config.oidc.kind === 'external' ? config.oidc.clientSecret : options.embeddedClientSecret;
  const redirectUri = `${config.http.publicUrl}/auth/callback`;
  const secureCookies =
    config.http.publicUrl.startsWith('https:') ||
    /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/.test(config.http.publicUrl);
  let discovered: Promise<oidc.Configuration> | null = null;
  const provider = (): Promise<oidc.Configuration> => {
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
  const loginRateLimit = { max: config.http.loginRateLimitPerMinute, timeWindow: 60_000 };
  const problemPage = (reply: FastifyReply, status: number, title: string, message: string): FastifyReply =>
    reply
      .status(status)
      .type('text/html')
      .send(
        htmlPage(
          title,
          `<h1>${escapeHtml(title)}</h1><div class="error" role="alert">${escapeHtml(message)}</div><p><a href="/auth/login">Try again</a> · <a href="/">Back to Salus</a></p>`,
        ),
      );

  app.get(
    '/auth/login',
    {
      config: { access: 'public', rateLimit: loginRateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Start signing in through OpenID Connect (redirects to the provider)',
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2000 })) }),
      },
    },
    async (request, reply) => {
      let configuration: oidc.Configuration;
      try {
        configuration = await provider();
      } catch (e) {
        request.log.error({ err: e, issuer }, 'OpenID provider discovery failed');
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
        returnTo: safeReturnTo(request.query.returnTo),
      };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      void reply.setCookie(loginCookie, JSON.stringify(pending), {
        signed: true,
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        path: '/auth',
        maxAge: 600,
      });
      return reply.redirect(url.href);
    },
  );

  app.get(
    '/auth/callback',
    {
      config: { access: 'public', rateLimit: loginRateLimit },
      schema: { tags: ['identity'], summary: 'Where the OpenID provider returns after sign-in', hide: true },
    },
    async (request, reply) => {
      const raw = request.cookies[loginCookie];
      const unsigned = raw === undefined ? null : request.unsignCookie(raw);
      void reply.clearCookie(loginCookie, { path: '/auth' });
      const fail = async (
        reason: string,
        status: number,
        title: string,
        message: string,
      ): Promise<FastifyReply> => {
        await auditRequest(audit, request, {
          action: 'auth.login',
          outcome: 'failure',
          details: { provider: issuer, reason },
        });
        return problemPage(reply, status, title, message);
      };
      if (unsigned?.valid !== true) {
        return fail(
          raw === undefined ? 'no sign-in in progress' : 'login cookie altered',
          400,
          'Sign-in could not finish',
          'The sign-in took too long, or was started in another browser. Start again.',
        );
      }
      let pending: PendingLogin;
      try {
        pending = JSON.parse(unsigned.value) as PendingLogin;
      } catch {
        return fail(
          'login cookie unreadable',
          400,
          'Sign-in could not finish',
          'The sign-in could not be matched to this browser. Start again.',
        );
      }
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(
          await provider(),
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
          400,
          'Sign-in could not finish',
          `The sign-in service's answer was not accepted: ${message}`,
        );
      }
      const claims = tokens.claims();
      if (claims === undefined)
        return fail('no ID token', 400, 'Sign-in could not finish', 'The sign-in service sent no identity.');
      const email = typeof claims.email === 'string' ? claims.email : null;
      const user = await identity.userForLogin({
        issuer: claims.iss,
        subject: claims.sub,
        email,
        emailVerified: claims.email_verified === true,
      });
      if (user === null) {
        return fail(
          `no account for ${email ?? claims.sub}`,
          403,
          'No account on this node',
          `You signed in as ${email ?? claims.sub}, but this node has no account for you. Ask an administrator of your Health Data Access Body to add you.`,
        );
      }
      const session = await identity.createSession(user.id, tokens.id_token ?? null);
      void reply.setCookie(sessionCookie, session.secret, {
        signed: true,
        httpOnly: true,
        secure: secureCookies,
        sameSite: 'lax',
        path: '/',
        expires: session.expiresAt,
      });
      await auditRequest(audit, request, {
        action: 'auth.login',
        outcome: 'success',
        actor: { id: user.id, label: user.displayName, roles: user.roles },
        target: { type: 'user', id: user.id },
        details: { provider: issuer, sessionExpiresAt: session.expiresAt.toISOString() },
      });
      return reply.redirect(pending.returnTo);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Sign out: ends the session here and returns where to end it at the provider',
        response: { 200: Type.Object({ redirectTo: Type.String() }) },
      },
    },
    async (request, reply) => {
      const raw = request.cookies[sessionCookie];
      const unsigned = raw === undefined ? null : request.unsignCookie(raw);
      void reply.clearCookie(sessionCookie, { path: '/' });
      if (request.principal === null || request.principal.via !== 'session' || unsigned?.valid !== true) {
        return { redirectTo: '/' };
      }
      const idToken = await identity.endSession(unsigned.value);
      await auditRequest(audit, request, {
        action: 'auth.logout',
        outcome: 'success',
        target: { type: 'user', id: request.principal.userId },
      });
      try {
        const configuration = await provider();
        if (configuration.serverMetadata().end_session_endpoint === undefined) return { redirectTo: '/' };
        const url = oidc.buildEndSessionUrl(configuration, {
          post_logout_redirect_uri: `${config.http.publicUrl}/`,
          state: randomUUID(),
          ...(idToken === null ? {} : { id_token_hint: idToken }),
        });
        return { redirectTo: url.href };
      } catch {
        return { redirectTo: '/' };
      }
    },
  );
}
