import { sql, type Kysely, type Migration } from 'kysely';

export const deliveryMigrations: Readonly<Record<string, Migration>> = {
  '0010_deliveries': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // A delivery a data holder uploads file by file (resumable), then asks to ingest. The files wait in
      // the upload folder; the lake keeps what was committed, and this row the report of what happened.
      await sql`
        CREATE TABLE delivery_upload (
          id                uuid PRIMARY KEY,
          organisation_id   uuid NOT NULL REFERENCES organisation (id),
          holder_id         text NOT NULL,
          created_by        uuid,
          created_at        timestamptz NOT NULL,
          updated_at        timestamptz NOT NULL,
          files             jsonb NOT NULL,
          accept_valid_part boolean NOT NULL,
          dataset_id        uuid REFERENCES catalogue_dataset (id),
          status            text NOT NULL CHECK (status IN ('receiving', 'queued', 'ingesting', 'committed',
                              'unchanged', 'rejected', 'failed', 'interrupted')),
          progress          jsonb,
          report            jsonb,
          error             text
        )`.execute(db);
      await sql`CREATE INDEX delivery_upload_organisation ON delivery_upload (organisation_id, created_at)`.execute(
        db,
      );
    },
  },
};
