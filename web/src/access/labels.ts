import { t } from '../i18n/index.js';
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
