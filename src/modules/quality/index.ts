/**
 * quality: data quality checks over the lake (the OHDSI DQD's checks in the Kahn framework, plus Salus's
 * rules on source codes and the findings of ingestion), their history per dataset, holder and delivery,
 * and the EHDS Art 78 quality and utility label.
 */
export { loadDqdCatalogue, parseCsv } from './dqd-catalogue.js';
export type {
  DqdCatalogue,
  DqdCheckType,
  KahnCategory,
  KahnContext,
  KahnSubcategory,
  CheckLevel,
} from './dqd-catalogue.js';
export type { CheckDefinition, CheckResult, CheckStatus, CheckOrigin } from './check.js';
export { runQualityChecks } from './engine.js';
export type { QualityRun, RunOptions } from './engine.js';
export { planChecks, supersededCheckTypes } from './plan.js';
export type { PlanOptions, PlannedCheck } from './plan.js';
export { measurementSourceRules } from './source-code-rules.js';
export type { SourceCodeRule } from './source-code-rules.js';
export { ingestionFindings, ingestionFactsOf } from './ingestion-findings.js';
export type { IngestionFacts } from './ingestion-findings.js';
export { computeLabel, documentationFacts, technicalFacts, labelLevels } from './label.js';
export type {
  QualityLabel,
  LabelLevel,
  LabelElementName,
  LabelInputs,
  ElementScore,
  Criterion,
  HolderDeclarations,
  DocumentationFacts,
  TechnicalFacts,
  CoverageFacts,
} from './label.js';
export { measureLakeFacts } from './lake-facts.js';
export type { LakeFacts } from './lake-facts.js';
export { QualityService } from './service.js';
export type { QualityServiceOptions, QualityRunSummary, RunRequest, LabelRequest } from './service.js';
export type { RunFilter } from './repository.js';
export { qualityMigrations } from './migrations.js';
export { dqvQuads } from './dqv.js';
export type { DqvOptions } from './dqv.js';
export { QualityAssessments } from './assessments.js';
export type {
  QualityAssessmentOptions,
  QualityJob,
  JobPhase,
  RunTarget,
  DatasetQuality,
  DatasetQualityDetail,
  RunView,
  QualityReport,
  LakeOwner,
} from './assessments.js';
export { resultsByCategory, completenessByField, failingChecks } from './breakdown.js';
export type { CategoryCounts, FieldCompleteness } from './breakdown.js';
export { measureDistributions } from './distributions.js';
export type { Distribution, DistributionBin } from './distributions.js';
export type { RunDetails } from './repository.js';
export { registerQualityRoutes } from './routes.js';
export { registerQualityCommands } from './cli.js';
export { reportHtml } from './report-html.js';
