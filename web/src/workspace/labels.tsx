import { t } from '../i18n/index.js';
import type { OutputStatus, Status, WorkspaceStatus } from './workspace-api.js';

export const number = (n: number): string => n.toLocaleString('en-GB');

/** A value of a query's result as text: numbers, strings and booleans as they are, anything else as JSON. */
export const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return JSON.stringify(value);
};

export const fileSize = (bytes: number): string =>
  bytes < 1024
    ? t('workspace.size.bytes', { n: number(bytes) })
    : bytes < 1024 * 1024
      ? t('workspace.size.kib', { n: (bytes / 1024).toFixed(1) })
      : t('workspace.size.mib', { n: (bytes / 1024 / 1024).toFixed(1) });

export const duration = (ms: number | null): string =>
  ms === null ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;

const workspaceBadge: Readonly<Record<WorkspaceStatus, string>> = {
  preparing: 'badge--status-submitted',
  failed: 'badge--failure',
  open: 'badge--status-published',
  read_only: 'badge--warning',
  locked: 'badge--status-returned',
  deleted: 'badge--status-draft',
};

export const WorkspaceStatusBadge = ({ status }: { readonly status: WorkspaceStatus }) => (
  <span className={`badge ${workspaceBadge[status]}`}>{t(`workspace.status.${status}`)}</span>
);

const outputBadge: Readonly<Record<OutputStatus, string>> = {
  checked: 'badge--status-draft',
  submitted: 'badge--status-submitted',
  returned: 'badge--status-returned',
  approved: 'badge--status-published',
  rejected: 'badge--failure',
  released: 'badge--status-published',
};

export const OutputStatusBadge = ({ status }: { readonly status: OutputStatus }) => (
  <span className={`badge ${outputBadge[status]}`} data-testid="output-status">
    {t(`airlock.status.${status}`)}
  </span>
);

const verdictBadge: Readonly<Record<Status, string>> = {
  pass: 'badge--success',
  review: 'badge--warning',
  fail: 'badge--failure',
};

/** A verdict in words (the colour only repeats them). */
export const VerdictBadge = ({ status }: { readonly status: Status }) => (
  <span className={`badge ${verdictBadge[status]}`}>{t(`airlock.verdict.${status}`)}</span>
);

const jobBadge = (status: string): string =>
  status === 'succeeded'
    ? 'badge--success'
    : status === 'running'
      ? 'badge--status-submitted'
      : 'badge--failure';

const jobStatuses = [
  'running',
  'succeeded',
  'failed',
  'timed_out',
  'killed_memory',
  'killed_limit',
  'refused',
] as const;

export const jobStatusLabel = (status: string): string => {
  const known = jobStatuses.find((s) => s === status);
  return known === undefined ? status : t(`workspace.job.status.${known}`);
};

export const JobStatusBadge = ({ status }: { readonly status: string }) => (
  <span className={`badge ${jobBadge(status)}`}>{jobStatusLabel(status)}</span>
);
