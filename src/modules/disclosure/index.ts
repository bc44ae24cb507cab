/**
 * disclosure: the airlock's automatic statistical disclosure control. Pure functions over one file of an
 * output request and its declared context: checks (after the SACRO project's ACRO rules), the remedies a
 * requester may apply (suppress, round) and justified exceptions. Every result is plain JSON.
 */
export {
  defaultDisclosureSettings,
  disclosureSettingVariables,
  fileTypes,
  parseDisclosureSettings,
} from './settings.js';
export type { DisclosureSettings, DisclosureSettingVariable, FileType } from './settings.js';
export type {
  CellRef,
  CsvFormat,
  FrequencyTable,
  MagnitudeCellFacts,
  MagnitudeTable,
  ModelSummary,
  OtherTable,
  OutputFile,
  OutputFileContext,
  TableContext,
  TotalsDeclaration,
} from './output-file.js';
export type { CellVerdict, FileVerdict, Reason, Rule, Status } from './verdict.js';
export { checkFile } from './check-file.js';
export { round, suppress } from './remedies.js';
export type { CellChange, RemedyResult } from './remedies.js';
export { justify } from './justify.js';
export type { Justifications } from './justify.js';
export { suppressedMarker } from './cell-value.js';
