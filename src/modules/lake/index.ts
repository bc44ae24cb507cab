/**
 * lake: the analytical store, OMOP CDM v5.4 tables in DuckDB over Parquet. The only module that knows
 * DuckDB; everything else goes through this surface.
 */
export { openLake, Lake } from './lake.js';
export type {
  LakeOptions,
  LinkagePair,
  LinkageReport,
  DatasetMetadata,
  EligiblePersons,
  BuildOptions,
  BuildResult,
  DeliveryManifest,
  StagingArea,
} from './lake.js';
export type { StagedReject } from './fhir-build.js';
export type { OmopFile, OmopBuildOptions } from './omop-build.js';
export { assertHolderId } from './delivery-store.js';
export { cdmTableNames, cdmTables } from './cdm-schema.js';
export type { CdmTableName, CdmColumn, CdmType } from './cdm-schema.js';
export {
  stagedEventColumns,
  stagedPatientColumns,
  stagedTargets,
  stagedFileName,
  tsvLine,
  StagedEventRow,
} from './staging-rows.js';
export type { StagedEvent, StagedPatient, StagedTarget } from './staging-rows.js';
export * from './quality-queries.js';
export { buildExtract, parseVariables, minimisationReportFile } from './extract.js';
export type {
  ExtractSpec,
  ExtractSource,
  ExtractPeriod,
  CohortCriteria,
  DateShift,
  ExtractResult,
  MinimisationReport,
  TableMinimisation,
  PersonFunnel,
  DroppedColumn,
  TransformedColumn,
  PermittedVariables,
  TableGrant,
} from './extract.js';
export { openSqlConsole, defaultSqlConsoleLimits } from './sql-console.js';
export type {
  SqlConsole,
  SqlConsoleLimits,
  ConsoleOutcome,
  ConsoleResult,
  ConsoleFailure,
  ConsoleColumn,
  ConsoleValue,
  ConsoleErrorCode,
} from './sql-console.js';
