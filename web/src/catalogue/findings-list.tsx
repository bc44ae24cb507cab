import { t } from '../i18n/index.js';
import { fieldLabel } from './fields.js';
import type { Finding, Severity } from './types.js';

export const countFindings = (findings: readonly Finding[]) => ({
  violations: findings.filter((f) => f.severity === 'violation').length,
  warnings: findings.filter((f) => f.severity === 'warning').length,
});

export const severityOrder: readonly Severity[] = ['violation', 'warning', 'info'];

/** `2 violations, 1 warning`, or `No problems`. */
export const findingCountsText = (findings: readonly Finding[]): string => {
  const { violations, warnings } = countFindings(findings);
  if (violations === 0 && warnings === 0) return t('catalogue.findings.noneShort');
  const parts = [
    violations === 0
      ? null
      : t(violations === 1 ? 'catalogue.findings.violation' : 'catalogue.findings.violations', {
          count: violations,
        }),
    warnings === 0
      ? null
      : t(warnings === 1 ? 'catalogue.findings.warning' : 'catalogue.findings.warnings', { count: warnings }),
  ].filter((part) => part !== null);
  return parts.join(', ');
};

/** The findings of a record, worst first, each under the field it concerns; read-only (pages, review). */
export const FindingsList = ({ findings }: { readonly findings: readonly Finding[] }) => {
  if (findings.length === 0) return <p>{t('catalogue.findings.none')}</p>;
  return (
    <ul className="findings">
      {severityOrder.flatMap((severity) =>
        findings
          .filter((finding) => finding.severity === severity)
          .map((finding, index) => (
            <li key={`${severity}-${String(index)}`} className={`finding finding--${severity}`}>
              <span className={`badge badge--${severity}`}>{t(`catalogue.severity.${severity}`)}</span>{' '}
              <strong>{fieldLabel(finding.field)}:</strong> {finding.message}
              {finding.value !== null && finding.value !== '' && (
                <span className="block muted code">{finding.value}</span>
              )}
            </li>
          )),
      )}
    </ul>
  );
};
