/**
 * workspace/sandbox: runs a data user's Python or R script in a bubblewrap sandbox, with the workspace's
 * extract read-only, its output folder writable, no network and kernel-enforced limits. See README.md.
 */
export { runJob } from './run-job.js';
export type { JobRequest, JobResult } from './run-job.js';
export { sandboxAvailable, languageSupport } from './availability.js';
export type { SandboxAvailability, LanguageSupport, Requirement } from './availability.js';
export { defaultSandboxLimits, resolveLimits } from './limits.js';
export type { SandboxLimits } from './limits.js';
export type { JobStatus, LimitName, JobPeak } from './outcome.js';
export type { OutputFile, RejectedEntry } from './outputs.js';
export { sandboxPaths } from './sandbox-command.js';
export type { JobLanguage, HostUser } from './sandbox-command.js';
export { nobody } from './host.js';
