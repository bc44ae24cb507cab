/**
 * What a delivery's paths hold: each path is a file or a folder (read one level deep). FHIR NDJSON files are
 * `<Type>.ndjson`, `<Type>.000.ndjson` or `bundles.ndjson`; JSON files are Bundles or single resources; CSV
 * files named after an OMOP CDM table are an OMOP extract. Everything else in a folder (Bulk Data manifests
 * and logs, the generator's answer keys, vocabulary tables) is listed as ignored, with the reason.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { cdmTableNames, type CdmTableName } from '../lake/index.js';
import { AppError } from '../../platform/errors/index.js';

export type FileFormat = 'ndjson' | 'json' | 'omop-csv' | 'ignored';

export interface DeliveryFileEntry {
  readonly file: string;
  readonly name: string;
  readonly format: FileFormat;
  /** For OMOP CSV: the table it loads. */
  readonly table: CdmTableName | null;
  /** Why an ignored file is not read. */
  readonly note: string | null;
}

const ndjsonName = /^([A-Z][A-Za-z]+(\.\d+)?|bundles?(\.\d+)?)\.ndjson$/i;
const vocabularyTables = new Set([
  'concept',
  'concept_ancestor',
  'concept_class',
  'concept_relationship',
  'concept_synonym',
  'domain',
  'drug_strength',
  'relationship',
  'source_to_concept_map',
  'vocabulary',
]);

function classify(file: string, explicit: boolean): DeliveryFileEntry {
  const name = path.basename(file);
  const lower = name.toLowerCase();
  const entry = (format: FileFormat, note: string | null = null, table: CdmTableName | null = null) => ({
    file,
    name,
    format,
    table,
    note,
  });
  if (lower.endsWith('.ndjson')) {
    if (explicit || (ndjsonName.test(name) && !/^(log|injected-errors|ground-truth)\b/i.test(name))) {
      return entry('ndjson');
    }
    return entry('ignored', 'not a FHIR resource file (Bulk Data log or generator answer key)');
  }
  if (lower.endsWith('.json')) {
    if (!explicit && /^(manifest|injected-errors|r4-bundles\.manifest)\.json$/i.test(name)) {
      return entry('ignored', 'manifest or answer key, not FHIR resources');
    }
    return entry('json');
  }
  if (lower.endsWith('.csv')) {
    const table = lower.slice(0, -'.csv'.length);
    if ((cdmTableNames as readonly string[]).includes(table))
      return entry('omop-csv', null, table as CdmTableName);
    if (vocabularyTables.has(table)) return entry('ignored', 'vocabulary table, not delivered data');
    return entry('ignored', 'OMOP table not kept in the lake (derived, free text or metadata)');
  }
  return entry('ignored', 'not NDJSON, JSON or CSV');
}

export function listDeliveryFiles(paths: readonly string[]): DeliveryFileEntry[] {
  const entries: DeliveryFileEntry[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      throw new AppError('not_found', 'ingest.path_not_found', `Delivery path ${p} does not exist.`, [
        { path: 'paths', message: p },
      ]);
    }
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const file = path.join(p, name);
        if (statSync(file).isFile()) entries.push(classify(file, false));
      }
    } else entries.push(classify(p, true));
  }
  const names = entries.map((e) => e.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new AppError(
      'invalid',
      'ingest.duplicate_file_name',
      `Two delivered files are named ${duplicate}.`,
      [{ path: 'paths', message: duplicate }],
    );
  }
  const fhir = entries.some((e) => e.format === 'ndjson' || e.format === 'json');
  const omop = entries.some((e) => e.format === 'omop-csv');
  if (fhir && omop) {
    throw new AppError(
      'invalid',
      'ingest.mixed_formats',
      'A delivery is either FHIR (NDJSON, Bundles) or an OMOP CSV extract, not both; deliver them separately.',
    );
  }
  return entries;
}
