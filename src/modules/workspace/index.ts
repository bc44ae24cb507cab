/**
 * workspace: the secure processing environment (EHDS Art 73). A workspace per permit with the permit's
 * extract, a locked-down SQL console, Python and R jobs in a bubblewrap sandbox, and the airlock through
 * which only checked and approved outputs leave.
 */
export { WorkspaceService, previewOf, startWorkspaceSweep } from './service.js';
export type {
  Caller,
  FilePreview,
  JobView,
  OutputFile,
  OutputRequestView,
  WorkspaceSettings,
  WorkspaceView,
} from './service.js';
export { lakeConsoles, lakeExtracts, sandboxJobs } from './engines.js';
export type { PreparationChoices } from './engines.js';
export type { ConsoleResult, ExtractBuilder, JobRunner, SqlConsoles } from './ports.js';
export { workspaceMigrations } from './migrations.js';
export { registerWorkspaceRoutes } from './routes.js';
export type { WorkspaceTables, WorkspaceStatus, OutputStatus } from './tables.js';
