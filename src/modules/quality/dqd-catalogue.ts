/**
 * The OHDSI Data Quality Dashboard's control files (OMOP CDM v5.4): which check applies to which table,
 * field and concept, and the threshold each is held to (the percentage of violating rows allowed). Read
 * from the folder the node is given (the DQD's `inst/csv`), never copied into Salus.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../platform/errors/index.js';

export type KahnContext = 'verification' | 'validation';
export type KahnCategory = 'conformance' | 'completeness' | 'plausibility';
export type KahnSubcategory = 'value' | 'relational' | 'computational' | 'atemporal' | 'temporal';
export type CheckLevel = 'table' | 'field' | 'concept' | 'delivery';

/** One check type of OMOP_CDMv5.4_Check_Descriptions.csv. */
export interface DqdCheckType {
  readonly checkName: string;
  readonly level: CheckLevel;
  readonly description: string;
  readonly context: KahnContext;
  readonly category: KahnCategory;
  readonly subcategory: KahnSubcategory | null;
  readonly severity: string;
}

/** A row of one of the level files: column name → cell (empty string when blank). */
export type DqdRow = Readonly<Record<string, string>>;

export interface DqdCatalogue {
  readonly checkTypes: ReadonlyMap<string, DqdCheckType>;
  readonly tables: readonly DqdRow[];
  readonly fields: readonly DqdRow[];
  readonly concepts: readonly DqdRow[];
}

/** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || (r[0] ?? '') !== '');
}

function readRows(file: string): DqdRow[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  if (header === undefined) return [];
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h.trim(), (cells[i] ?? '').trim()])));
}

const lower = <T extends string>(value: string, allowed: readonly T[]): T | null => {
  const v = value.trim().toLowerCase();
  return (allowed as readonly string[]).includes(v) ? (v as T) : null;
};

export function loadDqdCatalogue(dir: string): DqdCatalogue {
  const file = (name: string): string => path.join(dir, `OMOP_CDMv5.4_${name}.csv`);
  let descriptions: DqdRow[];
  try {
    descriptions = readRows(file('Check_Descriptions'));
  } catch (e) {
    throw new AppError(
      'unavailable',
      'quality.dqd_catalogue_missing',
      `The DQD check catalogue could not be read from ${dir}: ${(e as Error).message}`,
    );
  }
  const checkTypes = new Map<string, DqdCheckType>();
  for (const d of descriptions) {
    const level = lower(d.checkLevel ?? '', ['table', 'field', 'concept'] as const);
    const context = lower(d.kahnContext ?? '', ['verification', 'validation'] as const);
    const category = lower(d.kahnCategory ?? '', ['conformance', 'completeness', 'plausibility'] as const);
    const name = d.checkName ?? '';
    if (level === null || context === null || category === null || name === '') continue;
    checkTypes.set(name, {
      checkName: name,
      level,
      description: (d.checkDescription ?? '').replace(/\s+/g, ' '),
      context,
      category,
      subcategory: lower(d.kahnSubcategory ?? '', [
        'value',
        'relational',
        'computational',
        'atemporal',
        'temporal',
      ] as const),
      severity: d.severity ?? '',
    });
  }
  return {
    checkTypes,
    tables: readRows(file('Table_Level')),
    fields: readRows(file('Field_Level')),
    concepts: readRows(file('Concept_Level')),
  };
}
