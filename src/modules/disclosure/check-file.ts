import { formatNumber } from './cell-value.js';
import { parseCsvTable, type CsvTable } from './csv-table.js';
import { decodeText, readPng, typeOfName } from './file-content.js';
import type { ModelSummary, OutputFile } from './output-file.js';
import type { DisclosureSettings, FileType } from './settings.js';
import { checkTable, type TableCheckOptions } from './table-check.js';
import { fileStatus, type CellVerdict, type FileVerdict, type Reason } from './verdict.js';

const size = (bytes: number): string => {
  if (bytes < 1024) return `${formatNumber(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${formatNumber(Number(v.toFixed(1)))} ${units[u] ?? 'GiB'} (${formatNumber(bytes)} bytes)`;
};

function verdict(
  file: OutputFile,
  type: FileType | null,
  reasons: readonly Reason[],
  cells: readonly CellVerdict[] = [],
): FileVerdict {
  return { file: file.name, type, status: fileStatus(reasons, cells), reasons, cells };
}

/** The model rule: residual degrees of freedom of at least the minimum (a saturated model discloses). */
export function modelReasons(model: ModelSummary, settings: DisclosureSettings): Reason[] {
  const { residualDf, observations, parameters } = model;
  const df =
    residualDf ??
    (observations !== undefined && parameters !== undefined ? observations - parameters : undefined);
  if (df === undefined)
    return [
      {
        rule: 'residual_df',
        status: 'review',
        message:
          "the model's residual degrees of freedom were not given (nor its observations and parameters): a person must check them",
      },
    ];
  if (!Number.isFinite(df) || !Number.isInteger(df) || df < 0)
    return [
      {
        rule: 'context',
        status: 'fail',
        message: `the residual degrees of freedom must be a whole number of zero or more, not ${String(df)}`,
      },
    ];
  const how =
    residualDf === undefined
      ? ` (${formatNumber(observations ?? 0)} observations less ${formatNumber(parameters ?? 0)} parameters)`
      : '';
  return df < settings.minResidualDf
    ? [
        {
          rule: 'residual_df',
          status: 'fail',
          message: `residual degrees of freedom ${formatNumber(df)}${how}: below the minimum of ${settings.minResidualDf}`,
        },
      ]
    : [
        {
          rule: 'residual_df',
          status: 'pass',
          message: `residual degrees of freedom ${formatNumber(df)}${how}: at least ${settings.minResidualDf}`,
        },
      ];
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    // V8 quotes the text it choked on, line breaks and all; the reader needs the problem, not a copy.
    const message = (e as Error).message.replace(/,\s*"[\s\S]*" is not valid JSON$/, '');
    const at = /position (\d+)/.exec(message);
    if (at?.[1] === undefined) return message;
    const line = text.slice(0, Number(at[1])).split(/\r\n|\n|\r/).length;
    return `line ${line}: ${message.replace(/\s*(in JSON )?at position \d+.*$/, '')}`;
  }
}

/** For remedies: the file's text parsed as a CSV table, or why it is not one. */
export function readCsvFile(file: OutputFile): { ok: true; table: CsvTable } | { ok: false; why: string } {
  const text = decodeText(file.bytes);
  if (!text.ok) return { ok: false, why: `the file is not a CSV table: ${text.why}` };
  const parsed = parseCsvTable(text.text, file.context.csv, file.name);
  return parsed.ok ? parsed : { ok: false, why: `the file is not a well-formed CSV table: ${parsed.why}` };
}

/** Checks a table already parsed (with the file's context): the rows cap, then the table's rules. */
export function checkCsvTable(
  file: OutputFile,
  table: CsvTable,
  settings: DisclosureSettings,
  options: TableCheckOptions = {},
): FileVerdict {
  const reasons: Reason[] = [...contextReasons(file)];
  if (table.rows.length > settings.maxRows) {
    reasons.push({
      rule: 'rows',
      status: 'fail',
      message: `the table has ${formatNumber(table.rows.length)} rows, above the maximum of ${formatNumber(settings.maxRows)}; its cells were not checked`,
    });
    return verdict(file, 'csv', reasons);
  }
  const context = file.context.table;
  if (context?.kind === 'model')
    return verdict(file, 'csv', [...reasons, ...modelReasons(context, settings)]);
  if (context?.kind === 'other')
    return verdict(file, 'csv', [
      ...reasons,
      {
        rule: 'manual',
        status: 'review',
        message: 'the table is declared as one the automatic checks cannot read: a person must check it',
      },
    ]);
  const checked = checkTable(table, context, settings, options);
  return verdict(file, 'csv', [...reasons, ...checked.reasons], checked.cells);
}

function contextReasons(file: OutputFile): Reason[] {
  return file.context.description.trim() === ''
    ? [
        {
          rule: 'context',
          status: 'fail',
          message: 'the context does not say what the file shows: describe it for the output checker',
        },
      ]
    : [];
}

/**
 * The automatic checks on one file of an output request: its size, its type by name and by content, then
 * the rules for what it holds. A table gets a verdict per cell; a chart or free text always waits for a
 * person ("review"), since no rule can read it.
 */
export function checkFile(file: OutputFile, settings: DisclosureSettings): FileVerdict {
  const { type: claimed, extension } = typeOfName(file.name);
  const n = file.bytes.length;
  if (n > settings.maxFileBytes)
    return verdict(file, null, [
      {
        rule: 'size',
        status: 'fail',
        message: `the file is ${size(n)}, above the cap of ${size(settings.maxFileBytes)}`,
      },
    ]);
  const allowed = settings.allowedFileTypes.join(', ');
  if (claimed === null || !settings.allowedFileTypes.includes(claimed))
    return verdict(file, null, [
      {
        rule: 'file_type',
        status: 'fail',
        message:
          extension === ''
            ? `the file name has no extension, so its type is unknown (allowed types: ${allowed})`
            : `files of type .${extension} are not allowed (allowed types: ${allowed})`,
      },
    ]);
  if (n === 0)
    return verdict(file, null, [{ rule: 'content', status: 'fail', message: 'the file is empty' }]);
  const named = `the file is named .${extension} but`;

  if (claimed === 'png') {
    const png = readPng(file.bytes);
    if (!png.ok)
      return verdict(file, null, [{ rule: 'content', status: 'fail', message: `${named} ${png.why}` }]);
    const reasons: Reason[] = [
      ...contextReasons(file),
      {
        rule: 'manual',
        status: 'review',
        message: `a chart (${formatNumber(png.width)} × ${formatNumber(png.height)} pixels) cannot be checked automatically: a person must look at it, and at the counts behind it`,
      },
    ];
    if (png.textKeys.length > 0)
      reasons.push({
        rule: 'manual',
        status: 'review',
        message: `the image carries text (${[...new Set(png.textKeys)].join(', ')}): a person should read it too`,
      });
    return verdict(file, 'png', reasons);
  }

  const text = decodeText(file.bytes);
  if (!text.ok)
    return verdict(file, null, [{ rule: 'content', status: 'fail', message: `${named} ${text.why}` }]);

  if (claimed === 'csv') {
    const parsed = parseCsvTable(text.text, file.context.csv, file.name);
    if (!parsed.ok)
      return verdict(file, null, [
        {
          rule: 'content',
          status: 'fail',
          message: `the file is not a well-formed CSV table: ${parsed.why}`,
        },
      ]);
    return checkCsvTable(file, parsed.table, settings);
  }

  if (claimed === 'json') {
    const problem = jsonProblem(text.text);
    if (problem !== null)
      return verdict(file, null, [
        { rule: 'content', status: 'fail', message: `the file is not valid JSON: ${problem}` },
      ]);
  }
  const context = file.context.table;
  if (context?.kind === 'model')
    return verdict(file, claimed, [...contextReasons(file), ...modelReasons(context, settings)]);
  return verdict(file, claimed, [
    ...contextReasons(file),
    {
      rule: 'manual',
      status: 'review',
      message:
        claimed === 'json'
          ? 'a JSON file cannot be checked automatically: a person must read it'
          : 'free text cannot be checked automatically: a person must read it',
    },
  ]);
}
