import { sql, type Kysely, type Migration } from 'kysely';

export const catalogueMigrations: Readonly<Record<string, Migration>> = {
  '0004_catalogue': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      await sql`
        CREATE TABLE catalogue_dataset (
          id                     uuid PRIMARY KEY,
          iri                    text NOT NULL UNIQUE,
          holder_organisation_id uuid REFERENCES organisation (id),
          status                 text NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published')),
          access_rights          text NOT NULL CHECK (access_rights IN ('PUBLIC', 'RESTRICTED', 'NON_PUBLIC')),
          draft_record           jsonb NOT NULL,
          kept_triples           text NOT NULL DEFAULT '',
          findings               jsonb NOT NULL DEFAULT '[]',
          return_message         text,
          published_version      integer,
          created_at             timestamptz NOT NULL,
          updated_at             timestamptz NOT NULL,
          confirmed_at           timestamptz
        )`.execute(db);
      await sql`CREATE INDEX catalogue_dataset_holder ON catalogue_dataset (holder_organisation_id)`.execute(
        db,
      );
      await sql`CREATE INDEX catalogue_dataset_status ON catalogue_dataset (status)`.execute(db);
      await sql`
        CREATE TABLE catalogue_version (
          dataset_id   uuid NOT NULL REFERENCES catalogue_dataset (id),
          version      integer NOT NULL CHECK (version > 0),
          record       jsonb NOT NULL,
          graph        text NOT NULL,
          published_at timestamptz NOT NULL,
          published_by uuid,
          PRIMARY KEY (dataset_id, version)
        )`.execute(db);
      // The published catalogue as search sees it: one row per published dataset, with its facets.
      await sql`
        CREATE TABLE catalogue_search (
          dataset_id             uuid PRIMARY KEY REFERENCES catalogue_dataset (id),
          search_text            text NOT NULL,
          document               tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
          title                  text NOT NULL,
          modified               timestamptz NOT NULL,
          holder_organisation_id uuid,
          access_rights          text NOT NULL,
          health_categories      jsonb NOT NULL,
          health_themes          jsonb NOT NULL,
          coding_systems         jsonb NOT NULL,
          quality_label          text,
          min_age                integer,
          max_age                integer,
          temporal_start         text,
          temporal_end           text,
          summary                jsonb NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX catalogue_search_document ON catalogue_search USING gin (document)`.execute(db);
    },
  },
  '0005_catalogue_search_and_export': {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    async up(db: Kysely<{}>) {
      // Bumped with every change to the search table, so each node process knows when to reload its index.
      await sql`CREATE TABLE catalogue_search_generation (generation bigint NOT NULL)`.execute(db);
      await sql`INSERT INTO catalogue_search_generation VALUES (0)`.execute(db);
      // Each published version also as ready slices of the catalogue document in each format, written
      // once at publication so that exporting the whole catalogue is reading, not re-serialising.
      await sql`ALTER TABLE catalogue_version ADD COLUMN export_turtle text, ADD COLUMN export_jsonld text, ADD COLUMN export_rdfxml text`.execute(
        db,
      );
    },
  },
};
