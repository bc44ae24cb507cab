import { Type, type TSchema } from '@sinclair/typebox';
import { allow, isRole, roles } from '../../platform/auth/index.js';
import { AppError } from '../../platform/errors/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import { contextOf } from '../audit/index.js';
import type { IdentityService } from './service.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const RoleSchema = Type.Union(roles.map((r) => Type.Literal(r)));
const Roles = Type.Array(RoleSchema, { uniqueItems: true, maxItems: roles.length });
const OrganisationKindSchema = Type.Union([
  Type.Literal('hdab'),
  Type.Literal('data_holder'),
  Type.Literal('applicant'),
]);
const OrganisationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: OrganisationKindSchema,
  identifier: Nullable(Type.String()),
});
const UserSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  organisation: Nullable(OrganisationSchema),
  roles: Type.Array(RoleSchema),
  createdAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Nullable(Type.String({ format: 'date-time' })),
});
const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
});
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function registerIdentityRoutes(app: SalusServer, identity: IdentityService): void {
  const admin = { access: allow('admin') };
  const signedIn = { access: 'authenticated' as const };
  const principalOf = (p: { principal: import('../../platform/auth/index.js').Principal | null }) => {
    if (p.principal === null) throw new AppError('unauthenticated', 'auth.required', 'Sign in first.');
    return p.principal;
  };

  app.get(
    '/api/me',
    {
      config: signedIn,
      schema: {
        tags: ['identity'],
        summary: 'Who is signed in, with organisation and roles',
        response: { 200: Type.Object({ user: UserSchema }) },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const user = await identity.user(principal.userId);
      // A token acts only with its own roles.
      return { user: { ...user, roles: principal.roles.filter(isRole) } };
    },
  );

  app.get(
    '/api/tokens',
    {
      config: signedIn,
      schema: {
        tags: ['identity'],
        summary: 'My active API tokens',
        response: { 200: Type.Object({ tokens: Type.Array(TokenSchema) }) },
      },
    },
    async (request) => ({ tokens: await identity.tokens(principalOf(request).userId) }),
  );

  app.post(
    '/api/tokens',
    {
      config: signedIn,
      schema: {
        tags: ['identity'],
        summary: 'Create an API token for a machine client; its secret is shown once',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            roles: Type.Array(RoleSchema, { uniqueItems: true, minItems: 1, maxItems: roles.length }),
            expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ token: TokenSchema, secret: Type.String() }) },
      },
    },
    async (request, reply) => {
      const created = await identity.createToken(principalOf(request), request.body, contextOf(request));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: signedIn,
      schema: {
        tags: ['identity'],
        summary: 'Revoke one of my API tokens',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await identity.revokeToken(principalOf(request).userId, request.params.id, contextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: 'All users with their roles',
        response: { 200: Type.Object({ users: Type.Array(UserSchema) }) },
      },
    },
    async () => ({ users: await identity.users() }),
  );

  app.get(
    '/api/users/:id',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: 'One user',
        params: IdParams,
        response: { 200: Type.Object({ user: UserSchema }) },
      },
    },
    async (request) => ({ user: await identity.user(request.params.id) }),
  );

  app.post(
    '/api/users',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: 'Add a user; they sign in through the OpenID provider with this email',
        body: Type.Object(
          {
            displayName: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.String({ format: 'email', maxLength: 320 }),
            organisationId: Type.Optional(Type.String({ format: 'uuid' })),
            roles: Roles,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ user: UserSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ user: await identity.createUser(request.body, contextOf(request)) }),
  );

  app.put(
    '/api/users/:id/roles',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: "Replace a user's roles",
        params: IdParams,
        body: Type.Object({ roles: Roles }, { additionalProperties: false }),
        response: { 200: Type.Object({ user: UserSchema }) },
      },
    },
    async (request) => ({
      user: await identity.setRoles(request.params.id, request.body.roles, contextOf(request)),
    }),
  );

  app.get(
    '/api/organisations',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: 'All organisations',
        response: { 200: Type.Object({ organisations: Type.Array(OrganisationSchema) }) },
      },
    },
    async () => ({ organisations: await identity.organisations() }),
  );

  app.post(
    '/api/organisations',
    {
      config: admin,
      schema: {
        tags: ['identity'],
        summary: 'Add an organisation: the HDAB, a data holder or an applicant',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            kind: OrganisationKindSchema,
            identifier: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ organisation: OrganisationSchema }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ organisation: await identity.createOrganisation(request.body, contextOf(request)) }),
  );
}
