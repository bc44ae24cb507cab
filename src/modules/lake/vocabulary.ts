/**
 * The OHDSI vocabulary, when one is configured: CONCEPT.csv and CONCEPT_RELATIONSHIP.csv of an Athena export
 * (or the subset in Eunomia) reduced once to `vocabulary/concept-map.parquet` in the lake folder: for each
 * (vocabulary_id, concept_code) its source concept and the standard concept it 'Maps to' (itself when it is
 * standard). The cache is rebuilt when the export's files change size or time.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../platform/errors/index.js';
import { lit } from './duck.js';

/** A view with columns vocabulary_id, concept_code, source_concept_id, concept_id (0 when unmapped). */
export const vocabularyView = 'salus_concept_map';

function findFile(dir: string, name: string): string {
  const found = readdirSync(dir).find((f) => f.toLowerCase() === name.toLowerCase());
  if (found === undefined) {
    throw new AppError(
      'invalid',
      'lake.vocabulary_incomplete',
      `The vocabulary folder ${dir} has no ${name}.`,
    );
  }
  return path.join(dir, found);
}

export async function prepareVocabulary(
  connection: DuckDBConnection,
  lakeDir: string,
  vocabularyDir: string | null,
): Promise<void> {
  if (vocabularyDir === null) {
    await connection.run(
      `CREATE OR REPLACE VIEW ${vocabularyView} AS SELECT CAST(NULL AS VARCHAR) AS vocabulary_id,
        CAST(NULL AS VARCHAR) AS concept_code, 0 AS source_concept_id, 0 AS concept_id WHERE false`,
    );
    return;
  }
  const concept = findFile(vocabularyDir, 'CONCEPT.csv');
  const relationship = findFile(vocabularyDir, 'CONCEPT_RELATIONSHIP.csv');
  const stamp = JSON.stringify(
    [concept, relationship].map((f) => [f, statSync(f).size, statSync(f).mtimeMs]),
  );
  const cacheDir = path.join(lakeDir, 'vocabulary');
  const cache = path.join(cacheDir, 'concept-map.parquet');
  const stampFile = path.join(cacheDir, 'source.json');
  const fresh = existsSync(cache) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (!fresh) {
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${cache}.partial`;
    // Athena exports are tab-separated, Eunomia's comma-separated: let DuckDB sniff, but keep codes as text.
    const read = (file: string): string => `read_csv(${lit(file)}, header = true, all_varchar = true)`;
    await connection.run(`COPY (
      WITH maps AS (
        SELECT CAST(concept_id_1 AS INTEGER) AS id1, min(CAST(concept_id_2 AS INTEGER)) AS id2
        FROM ${read(relationship)}
        WHERE relationship_id = 'Maps to' AND coalesce(invalid_reason, '') = ''
        GROUP BY 1
      )
      SELECT c.vocabulary_id, c.concept_code, CAST(c.concept_id AS INTEGER) AS source_concept_id,
        coalesce(m.id2, CASE WHEN c.standard_concept = 'S' THEN CAST(c.concept_id AS INTEGER) END, 0) AS concept_id
      FROM ${read(concept)} c LEFT JOIN maps m ON m.id1 = CAST(c.concept_id AS INTEGER)
      QUALIFY row_number() OVER (PARTITION BY c.vocabulary_id, c.concept_code
        ORDER BY (coalesce(c.invalid_reason, '') <> ''), c.concept_id) = 1
    ) TO ${lit(partial)} (FORMAT parquet)`);
    renameSync(partial, cache);
    writeFileSync(stampFile, stamp);
  }
  await connection.run(
    `CREATE OR REPLACE VIEW ${vocabularyView} AS SELECT * FROM read_parquet(${lit(cache)})`,
  );
}
