import type { IncomingMessage, ServerResponse } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { Config } from '../../platform/config/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { auditRequest, type AuditLog } from '../audit/index.js';
import type { Database } from '../../platform/db/index.js';
import { providerStore } from './provider-store.js';
import { demoAccounts, demoPassword } from './demo-accounts.js';
import { escapeHtml, htmlPage } from './html-page.js';

export const embeddedClientId = 'salus-web';
export const embeddedIssuer = (publicUrl: string): string => `${publicUrl}/oidc`;
const subjectOf = (username: string): string => `demo-${username}`;

/** A demo citizen: signs in at the embedded provider, which vouches for their (synthetic) national identifier. */
export interface DemoCitizen {
  readonly username: string;
  readonly nationalId: string;
}

/**
 * The embedded OpenID provider of the demo node (oidc-provider): it signs in the demo accounts so that the
 * node's own login is the real OpenID Connect flow, the same one a production node runs against Keycloak or
 * a national eID bridge.
 */
export function registerDemoProvider(
  app: SalusServer,
  options: {
    config: Config;
    audit: AuditLog;
    clientSecret: string;
    signingKey: JWK;
    cookieKeys: readonly string[];
    database: Database;
    /** Citizens for the opt-out page; their ID token carries the national identifier as configured. */
    citizens?: readonly DemoCitizen[];
  },
): void {
  const { config, audit } = options;
  const idClaim = config.citizen.idClaim;
  const citizens = options.citizens ?? [];
  const citizenSubject = (c: DemoCitizen): string =>
    idClaim === 'sub' ? c.nationalId : subjectOf(c.username);
  const configuration: Configuration = {
    adapter: providerStore(options.database),
    clients: [
      {
        client_id: embeddedClientId,
        client_secret: options.clientSecret,
        redirect_uris: [
          `${config.http.publicUrl}/auth/callback`,
          `${config.http.publicUrl}/auth/citizen/callback`,
        ],
        post_logout_redirect_uris: [`${config.http.publicUrl}/`, `${config.http.publicUrl}/opt-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: (_ctx, sub) => {
      const citizen = citizens.find((c) => citizenSubject(c) === sub);
      if (citizen !== undefined)
        return { accountId: sub, claims: () => ({ sub, [idClaim]: citizen.nationalId }) };
      const account = demoAccounts.find((a) => subjectOf(a.username) === sub);
      if (account === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.displayName, email: account.email, email_verified: true }),
      };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      // The national identifier travels with the profile, as eID bridges release it.
      profile: idClaim === 'sub' ? ['name'] : ['name', idClaim],
    },
    conformIdTokenClaims: false,
    cookies: { keys: [...options.cookieKeys] },
    jwks: { keys: [options.signingKey] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          // The node asked for the logout itself; confirm it at once, with a button when scripts are off.
          ctx.body = htmlPage(
            'Signing out',
            `<h1>Signing out</h1>${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes"><button form="op.logoutForm" type="submit">Sign out</button><script>document.getElementById('op.logoutForm').submit()</script>`,
          );
          return Promise.resolve();
        },
      },
    },
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 900,
      Grant: 28_800,
      Session: 28_800,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = htmlPage(
        'Sign-in problem',
        `<h1>Sign-in problem</h1><div class="error" role="alert">${escapeHtml(out.error_description ?? out.error)}</div><p><a href="/">Back to Salus</a></p>`,
      );
      return Promise.resolve();
    },
  };
  const provider = new Provider(embeddedIssuer(config.http.publicUrl), configuration);
  provider.proxy = config.http.trustProxy;
  const callback = provider.callback();

  // The provider's own endpoints. Fastify leaves the body unread (the provider parses it) and hands over the
  // raw request with the mount path stripped, as the provider expects when mounted under a path.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => {
      done(null);
    });
    scope.route({
      method: ['GET', 'POST'],
      url: '/oidc/*',
      config: { access: 'public' },
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.hijack();
        const raw = request.raw as IncomingMessage & { originalUrl: string };
        raw.originalUrl = raw.url ?? '/';
        raw.url = (raw.url ?? '/').slice('/oidc'.length) || '/';
        await callback(raw, reply.raw);
      },
    });
  });

  const loginForm = (uid: string, error: string | null, username = ''): string =>
    htmlPage(
      'Sign in',
      `<h1>Sign in to Salus</h1>
${error === null ? '' : `<div class="error" role="alert">${escapeHtml(error)}</div>`}
<p>This demo node signs in its demo accounts itself. A production node uses your organisation's sign-in instead.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}" autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<table>
  <caption>Demo accounts (password: ${demoPassword})</caption>
  <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Roles</th></tr></thead>
  <tbody>${demoAccounts.map((a) => `<tr><td>${a.username}</td><td>${escapeHtml(a.displayName)}</td><td>${a.roles.join(', ')}</td></tr>`).join('')}${citizens.map((c) => `<tr><td>${c.username}</td><td>Citizen, national identifier ${escapeHtml(c.nationalId)} (synthetic)</td><td>citizen (opt-out page)</td></tr>`).join('')}</tbody>
</table>`,
    );

  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(body as string)));
      },
    );

    scope.get(
      '/interaction/:uid',
      {
        config: { access: 'public' },
        schema: { hide: true, params: Type.Object({ uid: Type.String({ maxLength: 100 }) }) },
      },
      async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        if (details.prompt.name === 'login')
          return reply.type('text/html').send(loginForm(request.params.uid, null));
        // Salus is the provider's only client and its first party: consent is implied.
        reply.hijack();
        await finishWithGrant(
          provider,
          request.raw,
          reply.raw,
          details.session?.accountId ?? '',
          details.params.client_id as string,
          details.grantId,
          idClaim,
        );
        return reply;
      },
    );

    scope.post(
      '/interaction/:uid',
      {
        config: {
          access: 'public',
          rateLimit: { max: config.http.loginRateLimitPerMinute, timeWindow: 60_000 },
        },
        schema: {
          hide: true,
          params: Type.Object({ uid: Type.String({ maxLength: 100 }) }),
          body: Type.Object({
            username: Type.String({ maxLength: 200 }),
            password: Type.String({ maxLength: 200 }),
          }),
        },
      },
      async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const { username, password } = request.body;
        const account = demoAccounts.find((a) => a.username === username.trim().toLowerCase());
        const citizen = citizens.find((c) => c.username === username.trim().toLowerCase());
        if ((account === undefined && citizen === undefined) || password !== demoPassword) {
          await auditRequest(audit, request, {
            action: 'auth.login',
            outcome: 'failure',
            details: {
              provider: 'embedded',
              username: username.slice(0, 100),
              reason: account === undefined && citizen === undefined ? 'unknown username' : 'wrong password',
            },
          });
          return reply
            .status(401)
            .type('text/html')
            .send(loginForm(request.params.uid, 'The username or password is not right.', username));
        }
        reply.hijack();
        await finishWithGrant(
          provider,
          request.raw,
          reply.raw,
          citizen === undefined ? subjectOf(account?.username ?? '') : citizenSubject(citizen),
          details.params.client_id as string,
          details.grantId,
          idClaim,
          true,
        );
        return reply;
      },
    );
  });
}

async function finishWithGrant(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  accountId: string,
  clientId: string,
  existingGrantId: string | undefined,
  idClaim: string,
  login = false,
): Promise<void> {
  const grant =
    existingGrantId === undefined
      ? new provider.Grant({ accountId, clientId })
      : await provider.Grant.find(existingGrantId);
  const g = grant ?? new provider.Grant({ accountId, clientId });
  g.addOIDCScope('openid email profile');
  g.addOIDCClaims(['sub', 'name', 'email', 'email_verified', idClaim]);
  const grantId = await g.save();
  await provider.interactionFinished(
    req,
    res,
    { ...(login ? { login: { accountId } } : {}), consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}
