import { AppError } from '../../platform/errors/index.js';
import type { CellRef } from './output-file.js';
import { fileStatus, worst, type CellVerdict, type FileVerdict, type Reason, type Rule } from './verdict.js';

/** The requester's case for exceptions: for the whole file, or for single cells. */
export interface Justifications {
  /** Applies to every failure in the file that may be excepted, its cells' included. */
  readonly file?: string;
  readonly cells?: readonly (CellRef & { readonly justification: string })[];
}

/**
 * Failures no argument changes: a file that is not what it claims, a malformed file, a context that does not
 * match the table. Those must be fixed.
 */
const unexceptionable = new Set<Rule>(['file_type', 'content', 'context']);
const cellRules = new Set<Rule>([
  'minimum_count',
  'zero',
  'dominance',
  'p_percent',
  'rounding',
  'recoverable',
]);

const soften = (reasons: readonly Reason[]): Reason[] =>
  reasons.map((r) => (r.status === 'fail' && !unexceptionable.has(r.rule) ? { ...r, status: 'review' } : r));

/**
 * Attaches justifications to a verdict. A justified failure is not a pass: it becomes "review", with the
 * justification beside it, for the human output checker to accept or refuse.
 */
export function justify(verdict: FileVerdict, justifications: Justifications): FileVerdict {
  const fileText = justifications.file?.trim();
  if (fileText === '')
    throw new AppError(
      'invalid',
      'disclosure.empty_justification',
      `The justification for ${verdict.file} is empty`,
    );
  const byCell = new Map<string, string>();
  for (const j of justifications.cells ?? []) {
    const text = j.justification.trim();
    if (text === '')
      throw new AppError(
        'invalid',
        'disclosure.empty_justification',
        `The justification for row ${j.row}, column ${JSON.stringify(j.column)} of ${verdict.file} is empty`,
      );
    if (!verdict.cells.some((c) => c.row === j.row && c.column === j.column))
      throw new AppError(
        'invalid',
        'disclosure.unknown_cell',
        `${verdict.file} has no checked cell at row ${j.row}, column ${JSON.stringify(j.column)}`,
      );
    byCell.set(`${j.row}\u0000${j.column}`, text);
  }

  const cells = verdict.cells.map((c): CellVerdict => {
    const own = byCell.get(`${c.row}\u0000${c.column}`);
    if (own === undefined && fileText === undefined) return c;
    const reasons = soften(c.reasons);
    const justified: CellVerdict = { ...c, reasons, status: worst(reasons.map((r) => r.status)) };
    return own === undefined ? justified : { ...justified, justification: own };
  });
  const reasons = verdict.reasons.map((r): Reason => {
    if (cellRules.has(r.rule) && r.status !== 'pass') {
      const statuses = cells.flatMap((c) => c.reasons.filter((x) => x.rule === r.rule).map((x) => x.status));
      return statuses.length === 0 ? r : { ...r, status: worst(statuses) };
    }
    return fileText === undefined ? r : (soften([r])[0] ?? r);
  });
  const next: FileVerdict = { ...verdict, reasons, cells, status: fileStatus(reasons, cells) };
  return fileText === undefined ? next : { ...next, justification: fileText };
}
