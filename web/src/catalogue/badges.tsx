import { t } from '../i18n/index.js';
import { accessLabel } from './labels.js';
import type { AccessLevel, DatasetStatus } from './types.js';

// Colour helps scanning, but the word carries the meaning, so a badge reads the same without colour.

export const StatusBadge = ({ status }: { readonly status: DatasetStatus }) => (
  <span className={`badge badge--status-${status}`}>{t(`catalogue.status.${status}`)}</span>
);

export const AccessBadge = ({ level }: { readonly level: AccessLevel }) => (
  <span className={`badge badge--access-${level.toLowerCase().replace('_', '-')}`}>
    <span className="visually-hidden">{t('catalogue.field.accessRights')}: </span>
    {accessLabel(level)}
  </span>
);

export const QualityBadge = ({ label }: { readonly label: string }) => (
  <span className="badge badge--quality">{t('catalogue.qualityLabel', { label })}</span>
);

export const OverdueBadge = () => (
  <span className="badge badge--overdue">{t('catalogue.recheck.overdueBadge')}</span>
);
