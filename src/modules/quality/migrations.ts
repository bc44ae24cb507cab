import { sql, type Kysely, type Migration } from 'kysely';

export const qualityMigrations: Readonly<Record<string, Migration>> = {
  '0011_quality': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // One run of the checks over one scope of the lake (the whole lake, a data holder, a delivery), kept so
      // that a holder sees whether quality improves across deliveries. dataset_id names the catalogue dataset
      // the run was for; it is not a foreign key, so a dataset's quality history outlives an edit of its record.
      await sql`
        CREATE TABLE quality_run (
          id                uuid PRIMARY KEY,
          scope_kind        text NOT NULL CHECK (scope_kind IN ('lake', 'holder', 'delivery')),
          holder_id         text,
          delivery_id       text,
          dataset_id        uuid,
          started_at        timestamptz NOT NULL,
          finished_at       timestamptz NOT NULL,
          as_of             date NOT NULL,
          death_grace_days  integer NOT NULL,
          delivery_ids      jsonb NOT NULL,
          passed            integer NOT NULL,
          failed            integer NOT NULL,
          not_applicable    integer NOT NULL,
          errors            integer NOT NULL,
          label             jsonb
        )`.execute(db);
      await sql`CREATE INDEX quality_run_holder ON quality_run (holder_id, started_at)`.execute(db);
      await sql`CREATE INDEX quality_run_dataset ON quality_run (dataset_id, started_at)`.execute(db);
      await sql`CREATE INDEX quality_run_delivery ON quality_run (delivery_id)`.execute(db);
      // Counts only: a result never holds an example row of personal data.
      await sql`
        CREATE TABLE quality_result (
          run_id         uuid NOT NULL REFERENCES quality_run (id) ON DELETE CASCADE,
          check_id       text NOT NULL,
          check_name     text NOT NULL,
          origin         text NOT NULL CHECK (origin IN ('dqd', 'salus', 'ingestion')),
          check_level    text NOT NULL,
          table_name     text,
          field_name     text,
          concept_id     integer,
          source_code    text,
          unit           text,
          kahn_context   text NOT NULL,
          category       text NOT NULL,
          subcategory    text,
          severity       text NOT NULL,
          description    text NOT NULL,
          threshold_pct  double precision NOT NULL,
          status         text NOT NULL CHECK (status IN ('passed', 'failed', 'not_applicable', 'error')),
          violating      bigint NOT NULL,
          total          bigint NOT NULL,
          pct_violating  double precision,
          reason         text,
          PRIMARY KEY (run_id, check_id)
        )`.execute(db);
      // Trends: one check's history across runs.
      await sql`CREATE INDEX quality_result_check ON quality_result (check_id, run_id)`.execute(db);
    },
  },
  '0016_quality_reports': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // What a run measured beside its check results, for its report and label: the lake's facts (persons,
      // years, delivery lag, linkage), value distributions (counts per bin, never a row) and how many lake
      // queries it took (the next run's progress estimate).
      await sql`ALTER TABLE quality_run ADD COLUMN details jsonb`.execute(db);
      // What a data holder declares about a dataset where nothing can be measured (Art 78 label).
      await sql`
        CREATE TABLE quality_declaration (
          dataset_id    uuid PRIMARY KEY,
          declarations  jsonb NOT NULL,
          updated_at    timestamptz NOT NULL,
          updated_by    uuid
        )`.execute(db);
    },
  },
};
