import { sql, type ColumnType, type Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../platform/db/index.js';

// A type literal, not an interface: Kysely needs its index signature.
export type ProviderStoreTables = {
  oidc_payload: {
    model: string;
    id: string;
    payload: ColumnType<AdapterPayload, string, string>;
    grant_id: string | null;
    user_code: string | null;
    uid: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
};

/**
 * Keeps the embedded provider's sessions, grants and codes in the operational store, so that a restart
 * does not sign everybody out and several processes on one PostgreSQL server share them.
 */
export function providerStore(database: Database): new (model: string) => Adapter {
  const db: Kysely<ProviderStoreTables> = database.kysely.withTables<ProviderStoreTables>();
  let lastSweep = 0;

  return class ProviderStore implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grant_id: payload.grantId ?? null,
        user_code: payload.userCode ?? null,
        uid: payload.uid ?? null,
        expires_at: expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : null,
        consumed_at: null,
      };
      await db
        .insertInto('oidc_payload')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: row.payload,
            grant_id: row.grant_id,
            user_code: row.user_code,
            uid: row.uid,
            expires_at: row.expires_at,
          }),
        )
        .execute();
      if (Date.now() - lastSweep > 60_000) {
        lastSweep = Date.now();
        await db.deleteFrom('oidc_payload').where('expires_at', '<', new Date()).execute();
      }
    }

    find(id: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('id', id);
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('user_code', userCode);
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere('uid', uid);
    }

    async consume(id: string): Promise<void> {
      await db
        .updateTable('oidc_payload')
        .set({ consumed_at: new Date() })
        .where('model', '=', this.model)
        .where('id', '=', id)
        .execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom('oidc_payload').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom('oidc_payload').where('grant_id', '=', grantId).execute();
    }

    private async findWhere(
      column: 'id' | 'user_code' | 'uid',
      value: string,
    ): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom('oidc_payload')
        .select(['payload', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date())]))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return row.consumed_at === null
        ? row.payload
        : { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) };
    }
  };
}

export const providerStoreMigration = {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  async up(db: Kysely<{}>): Promise<void> {
    await sql`
      CREATE TABLE oidc_payload (
        model       text NOT NULL,
        id          text NOT NULL,
        payload     jsonb NOT NULL,
        grant_id    text,
        user_code   text,
        uid         text,
        expires_at  timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (model, id)
      )`.execute(db);
    await sql`CREATE INDEX oidc_payload_grant ON oidc_payload (grant_id)`.execute(db);
    await sql`CREATE INDEX oidc_payload_uid ON oidc_payload (uid)`.execute(db);
    await sql`CREATE INDEX oidc_payload_expires ON oidc_payload (expires_at)`.execute(db);
  },
};
