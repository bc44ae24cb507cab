import { t, type MessageKey } from '../i18n/index.js';
import { en } from '../i18n/en.js';
import { purposes, type CaseStatus, type CaseSummary, type Purpose, type Track } from './access-api.js';
import { formatDate } from '../catalogue/labels.js';

export const statusLabel = (status: CaseStatus): string => t(`access.status.${status}`);
export const trackLabel = (track: Track): string => t(`access.track.${track}`);
const isPurpose = (value: string): value is Purpose => (purposes as readonly string[]).includes(value);

export const purposeLabel = (purpose: string | null): string =>
  purpose === null ? '–' : isPurpose(purpose) ? t(`access.purpose.${purpose}`) : purpose;

/** The deadline as a list shows it: the date, and how it stands. */
export const deadlineText = (c: CaseSummary): string => {
  if (c.clock === null)
    return c.draftExpiryWarning && c.draftExpiresAt !== null
      ? t('access.draft.expiresSoon', { date: formatDate(c.draftExpiresAt) })
      : '–';
  const date = formatDate(c.clock.deadline);
  if (c.clock.stopped) return date;
  if (c.clock.paused) return `${date} (${t('access.deadline.paused')})`;
  if (c.clock.overdue) return `${date} (${t('access.deadline.overdue')})`;
  return `${date} (${t('access.deadline.daysLeft', { days: c.clock.daysLeft })})`;
};

const has = (prefix: string, code: string): boolean => `${prefix}.${code}` in en;

/** A label for a code the server sends, or the code itself when this version of the UI does not know it. */
const labelOf =
  (prefix: string) =>
  (code: string): string =>
    has(prefix, code) ? t(`${prefix}.${code}` as MessageKey) : code;

export const criterionLabel = labelOf('access.criterion');
export const groundLabel = labelOf('access.ground');
export const permitStateLabel = labelOf('access.permitState');
export const fieldLabel = labelOf('access.field');
export const historyNoteLabel = labelOf('access.history');

/** A problem's path, such as /form/safeguards or /checklist/ethics_approval, as the names it points at. */
export const pathLabel = (path: string): string => {
  const last = path.split('/').filter((p) => p !== '' && p !== 'form' && p !== 'checklist' && p !== 'body');
  const name = last.find((p) => has('access.field', p) || has('access.criterion', p)) ?? last.join(' ');
  return has('access.field', name) ? fieldLabel(name) : criterionLabel(name);
};
