import { Type } from '@sinclair/typebox';
import { allow } from '../../platform/auth/index.js';
import type { SalusServer } from '../../platform/http/index.js';
import type { AuditLog } from './audit-log.js';
import { auditRequest } from './request-audit.js';

const Outcome = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.String()),
  actorLabel: Type.String(),
  roles: Type.Array(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  outcome: Outcome,
  requestId: Nullable(Type.String()),
  clientAddress: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
});

const CheckpointSchema = Type.Object({
  treeSize: Type.Integer(),
  rootHash: Type.String(),
  createdAt: Type.String(),
});

export function registerAuditRoutes(app: SalusServer, log: AuditLog): void {
  const admin = { access: allow('admin') };
  app.get(
    '/api/audit/events',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log, newest first',
        querystring: Type.Object(
          {
            actor: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: 'user id, or part of the actor name',
              }),
            ),
            action: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'action, or its prefix (auth.)' }),
            ),
            outcome: Type.Optional(Outcome),
            targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            before: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ events: Type.Array(AuditEventSchema), nextBefore: Nullable(Type.Integer()) }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      return log.list({
        ...q,
        from: q.from === undefined ? undefined : new Date(q.from),
        to: q.to === undefined ? undefined : new Date(q.to),
      });
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Verify the whole hash chain and every checkpoint',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            checkpointsChecked: Type.Integer(),
            firstBroken: Nullable(
              Type.Object({ seq: Type.Integer(), id: Nullable(Type.String()), reason: Type.String() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const result = await log.verify();
      await auditRequest(log, request, {
        action: 'audit.verify',
        outcome: result.ok ? 'success' : 'failure',
        details: { checked: result.checked, firstBroken: result.firstBroken },
      });
      return result;
    },
  );

  app.get(
    '/api/audit/checkpoints',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'The latest Merkle checkpoints',
        response: { 200: Type.Object({ checkpoints: Type.Array(CheckpointSchema) }) },
      },
    },
    async () => ({ checkpoints: await log.checkpoints() }),
  );

  app.post(
    '/api/audit/checkpoints',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'Publish a Merkle checkpoint of the log as it is now',
        response: { 201: CheckpointSchema, 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const checkpoint = await log.checkpoint();
      if (checkpoint === null) return reply.status(204).send(null);
      await auditRequest(log, request, {
        action: 'audit.checkpoint',
        outcome: 'success',
        details: { ...checkpoint },
      });
      return reply.status(201).send(checkpoint);
    },
  );

  app.get(
    '/api/audit/events/:seq/proof',
    {
      config: admin,
      schema: {
        tags: ['audit'],
        summary: 'An RFC 6962 inclusion proof of one event in a checkpoint',
        params: Type.Object({ seq: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object(
          { treeSize: Type.Optional(Type.Integer({ minimum: 1 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            seq: Type.Integer(),
            eventHash: Type.String(),
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            rootHash: Type.String(),
            proof: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) => log.inclusionProof(request.params.seq, request.query.treeSize),
  );
}
