/**
 * One file of an output request, with the context its requester declares so that the checks (and the human
 * checker after them) know what they are looking at.
 */
export interface OutputFile {
  /** The file's name; its extension says what type it claims to be, and the content must agree. */
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly context: OutputFileContext;
}

export interface OutputFileContext {
  /** What the file shows, in the requester's words. */
  readonly description: string;
  /** Who is counted, e.g. "adults with type 2 diabetes in the extract, 2015-2024". */
  readonly population?: string;
  /** The denominators of any rates or percentages, and where they come from. */
  readonly denominators?: string;
  /** What kind of table (or model summary) a CSV, text or JSON file holds; absent: inferred where possible. */
  readonly table?: TableContext;
  /** How a CSV file is written, when it is not the usual comma-separated file with a decimal point. */
  readonly csv?: CsvFormat;
}

export interface CsvFormat {
  /** Default: guessed from the header line among comma, semicolon and tab. */
  readonly delimiter?: ',' | ';' | '\t';
  /** Default: a comma in semicolon-separated files (as spreadsheets write them in much of Europe), else a point. */
  readonly decimal?: '.' | ',';
}

export type TableContext = FrequencyTable | MagnitudeTable | ModelSummary | OtherTable;

/** Counts of persons (or of another unit) per group, in one column (long) or several (cross-tabulation). */
export interface FrequencyTable {
  readonly kind: 'frequency';
  /** Columns holding counts. Absent: a column named count, n or frequency (or n_..., count_...). */
  readonly countColumns?: readonly string[];
  /** What is counted, plural, for the reasons shown to users (default "persons"). */
  readonly unit?: string;
  readonly totals?: TotalsDeclaration;
}

/** Sums, means or other statistics of a quantity per group, with the number of contributors per cell. */
export interface MagnitudeTable {
  readonly kind: 'magnitude';
  /** What the value columns hold; a sum or a mean lets the checks find each cell's total. */
  readonly statistic: 'sum' | 'mean' | 'other';
  /** Columns holding the statistic. */
  readonly valueColumns: readonly string[];
  /** A column of the table with each row's number of contributors (it is checked as counts too). */
  readonly countColumn?: string;
  /** Per-cell facts the table itself does not show: contributors and the largest contributions. */
  readonly cells?: readonly MagnitudeCellFacts[];
  /** Totals matter only for sums, where a total row or column adds up. */
  readonly totals?: TotalsDeclaration;
}

export interface MagnitudeCellFacts {
  /** The data row, 1 for the first row after the header. */
  readonly row: number;
  readonly column: string;
  /** Number of contributors (persons) to the cell. */
  readonly count?: number;
  /** The largest contributions, largest first: at least as many as the dominance rule's n. */
  readonly largest?: readonly number[];
  /** The cell's total (the sum of all contributions), where the cell shows something else, e.g. a median. */
  readonly total?: number;
}

/** A model's summary (coefficients, fit statistics): checked on its residual degrees of freedom. */
export interface ModelSummary {
  readonly kind: 'model';
  readonly residualDf?: number;
  /** With parameters, gives the residual degrees of freedom when they are not given. */
  readonly observations?: number;
  readonly parameters?: number;
}

/** A table the automatic checks cannot read (a listing, a free layout): a person checks it. */
export interface OtherTable {
  readonly kind: 'other';
}

/**
 * Which rows and columns are totals. Absent: rows whose label is Total, All or Overall, and a count column
 * named Total or All. null turns the guess off.
 */
export interface TotalsDeclaration {
  /** The label that marks a total row in any label column. */
  readonly rowLabel?: string | null;
  /** The count (or value) column that holds each row's total. */
  readonly column?: string | null;
}

/** One cell of a table: its data row (1 for the first row after the header) and its column's name. */
export interface CellRef {
  readonly row: number;
  readonly column: string;
}
