import type { FileType } from './settings.js';

/** pass: the automatic checks found nothing; fail: it must change; review: a person must look. */
export type Status = 'pass' | 'fail' | 'review';

/** Which rule a reason comes from: stable, for the interface to group and translate by. */
export type Rule =
  | 'summary'
  | 'size'
  | 'file_type'
  | 'content'
  | 'rows'
  | 'context'
  | 'manual'
  | 'minimum_count'
  | 'zero'
  | 'dominance'
  | 'p_percent'
  | 'rounding'
  | 'recoverable'
  | 'missing'
  | 'not_a_number'
  | 'negative'
  | 'residual_df';

export interface Reason {
  readonly rule: Rule;
  readonly status: Status;
  /** Plain language, for the requester and the checker. */
  readonly message: string;
}

export interface CellVerdict {
  /** The data row, 1 for the first row after the header. */
  readonly row: number;
  /** The line of the file the row starts on (the header is line 1). */
  readonly line: number;
  readonly column: string;
  /** The row's labels (its non-count columns), joined, to name the cell to a reader. */
  readonly label: string;
  /** The cell as written in the file. */
  readonly value: string;
  readonly status: Status;
  /** Why it does not pass; empty for a cell that passes. */
  readonly reasons: readonly Reason[];
  /** The requester's case for an exception; the cell then waits for the checker as "review". */
  readonly justification?: string;
}

/** The automatic checks' verdict on one file: plain JSON, for the workspace to store and show. */
export interface FileVerdict {
  readonly file: string;
  /** The type the content was found to be, or null when it is not one the checks accept. */
  readonly type: FileType | null;
  readonly status: Status;
  /** About the file as a whole, including a count of the failing cells per rule. */
  readonly reasons: readonly Reason[];
  /** Every checked cell of a table (counts, and the values of magnitude tables); empty otherwise. */
  readonly cells: readonly CellVerdict[];
  readonly justification?: string;
}

const rank: Readonly<Record<Status, number>> = { pass: 0, review: 1, fail: 2 };

export function worst(statuses: Iterable<Status>): Status {
  let w: Status = 'pass';
  for (const s of statuses) if (rank[s] > rank[w]) w = s;
  return w;
}

/** A file's status: the worst of its own reasons and of its cells. */
export function fileStatus(reasons: readonly Reason[], cells: readonly CellVerdict[]): Status {
  return worst([...reasons.map((r) => r.status), ...cells.map((c) => c.status)]);
}
