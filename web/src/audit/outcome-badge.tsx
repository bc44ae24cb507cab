import type { AuditOutcome } from '../api.js';
import { t } from '../i18n/index.js';

/** Colour helps scanning, but the word carries the meaning, so it reads the same without colour. */
export const OutcomeBadge = ({ outcome }: { readonly outcome: AuditOutcome }) => (
  <span className={`badge badge--${outcome}`}>{t(`audit.outcome.${outcome}`)}</span>
);
