import { CsvError, parse } from 'csv-parse/sync';
import type { CsvFormat } from './output-file.js';

export interface CsvRow {
  readonly cells: readonly string[];
  /** The line of the file the row starts on (the header is on line 1, unless blank lines precede it). */
  readonly line: number;
}

/** A CSV table as written: a header and rows of text, with how it was written so it can be written back. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
  readonly delimiter: ',' | ';' | '\t';
  readonly decimal: '.' | ',';
  readonly bom: boolean;
  readonly eol: '\n' | '\r\n';
}

export type ParsedCsv =
  { readonly ok: true; readonly table: CsvTable } | { readonly ok: false; readonly why: string };

/** The delimiter the header line uses most, among comma, semicolon and tab (quoted text not counted). */
function guessDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

const plainReasons: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is opened here and never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted field is followed by other characters before the next delimiter',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a quoted field is followed by other characters before the next delimiter',
  CSV_INVALID_OPENING_QUOTE:
    'a quote appears inside an unquoted field (quote the whole field and double the quote)',
  CSV_MAX_RECORD_SIZE: 'a field is too long',
};

/**
 * Parses a CSV file's text with csv-parse: quoted fields (with delimiters, quotes and line breaks inside),
 * a byte order mark, CRLF or LF line ends, blank lines skipped, spaces around fields trimmed. Every row
 * must have as many fields as the header. A problem is returned with the line it is on.
 */
export function parseCsvTable(text: string, format: CsvFormat = {}, name = 'csv'): ParsedCsv {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, why: 'the file is empty' };
  const delimiter = format.delimiter ?? (name.toLowerCase().endsWith('.tsv') ? '\t' : guessDelimiter(body));
  const decimal = format.decimal ?? (delimiter === ';' ? ',' : '.');
  const eol = /\r\n/.test(body) ? '\r\n' : '\n';
  const lines = body.split(/\r\n|\n|\r/);
  // The first line after `line` (1-based) that is not blank: where the next record starts.
  const startAfter = (line: number): number => {
    let i = line;
    while (i < lines.length - 1 && (lines[i] ?? '').trim() === '') i++;
    return i + 1;
  };
  // csv-parse tells the line each record ends on; it starts after the previous one's end, past blank lines.
  const ends: number[] = [];
  const lastEnd = (): number => ends[ends.length - 1] ?? 0;
  let records: string[][];
  try {
    records = parse(body, {
      delimiter,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: false,
      max_record_size: 1_000_000,
      on_record: (record, context) => {
        ends.push(context.lines);
        return record;
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const err = e as CsvError & { lines?: number; record?: string[] };
    let line = err.lines ?? startAfter(lastEnd());
    let why = plainReasons[err.code] ?? err.message.replace(/\s+(at|on) line \d+.*$/, '');
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
      const got = err.record?.length ?? 0;
      const want = countFields(body, delimiter);
      why = `the row has ${got} ${got === 1 ? 'field' : 'fields'} but the header has ${want} (is a value with a delimiter in it not quoted?)`;
    }
    // csv-parse reports an unclosed quote at the end of the file; the reader needs where it opened.
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') line = startAfter(lastEnd());
    return { ok: false, why: `line ${line}: ${why}` };
  }
  const [head, ...rest] = records;
  if (head === undefined) return { ok: false, why: 'the file is empty' };
  const header = head;
  const seen = new Map<string, number>();
  for (const [i, h] of header.entries()) {
    const before = seen.get(h);
    if (before !== undefined)
      return {
        ok: false,
        why: `line 1: the column name ${JSON.stringify(h)} appears twice (columns ${before + 1} and ${i + 1}); column names must be unique`,
      };
    seen.set(h, i);
  }
  return {
    ok: true,
    table: {
      header,
      rows: rest.map((cells, i) => ({ cells, line: startAfter(ends[i] ?? 0) })),
      delimiter,
      decimal,
      bom,
      eol,
    },
  };
}

function countFields(text: string, delimiter: string): number {
  try {
    const [first] = parse(text, { delimiter, to_line: 1, relax_quotes: true, trim: true });
    return first?.length ?? 0;
  } catch {
    return 0;
  }
}

function quote(value: string, delimiter: string): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;
}

/** Writes a table back the way it came: same delimiter, line ends and byte order mark. */
export function writeCsvTable(table: CsvTable, rows: readonly (readonly string[])[]): string {
  const lines = [table.header, ...rows].map((r) =>
    r.map((v) => quote(v, table.delimiter)).join(table.delimiter),
  );
  return `${table.bom ? '\uFEFF' : ''}${lines.join(table.eol)}${table.eol}`;
}
