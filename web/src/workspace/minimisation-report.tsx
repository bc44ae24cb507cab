import { t } from '../i18n/index.js';
import { Table } from '../ui/table.js';
import { Heading, type Level } from './heading.js';
import { duration, number } from './labels.js';
import type { MinimisationReport } from './workspace-api.js';

/**
 * What the extract kept and dropped (Art 66, data minimisation): the persons at each step, the period and
 * identifier rules, and per table the rows and columns kept, dropped (with why) and transformed.
 */
export const MinimisationReportView = ({
  report,
  level,
}: {
  readonly report: MinimisationReport;
  readonly level: Level;
}) => {
  const p = report.persons;
  const tables = report.tables ?? [];
  return (
    <div className="ws-report">
      {p !== undefined && (
        <>
          <Heading level={level}>{t('workspace.report.persons')}</Heading>
          <dl className="ws-funnel">
            <div>
              <dt>{t('workspace.report.inScope')}</dt>
              <dd>{number(p.inScope)}</dd>
            </div>
            <div>
              <dt>{t('workspace.report.optedOut')}</dt>
              <dd data-testid="report-opted-out">{number(p.excludedByOptOut)}</dd>
            </div>
            <div>
              <dt>{t('workspace.report.outsidePeriod')}</dt>
              <dd>{number(p.outsidePeriod)}</dd>
            </div>
            <div>
              <dt>{t('workspace.report.notInCohort')}</dt>
              <dd>{number(p.notInCohort)}</dd>
            </div>
            <div className="ws-funnel__total">
              <dt>{t('workspace.report.extracted')}</dt>
              <dd>{number(p.extracted)}</dd>
            </div>
          </dl>
        </>
      )}
      <ul className="plain-list ws-report__rules">
        {report.period !== undefined && (
          <li>
            {report.period === null
              ? t('workspace.report.noPeriod')
              : t('workspace.report.period', { from: report.period.from, to: report.period.to })}
            {report.periodRule !== undefined && <span className="muted"> ({report.periodRule})</span>}
          </li>
        )}
        {report.identifiers !== undefined && <li>{report.identifiers}</li>}
        {report.dateShift !== undefined && <li>{report.dateShift.rule}</li>}
        {report.elapsedMs !== undefined && (
          <li className="muted">{t('workspace.report.built', { time: duration(report.elapsedMs) })}</li>
        )}
      </ul>
      {tables.length > 0 && (
        <>
          <Heading level={level}>{t('workspace.report.tables')}</Heading>
          <Table caption={t('workspace.report.tablesCaption')} hideCaption>
            <thead>
              <tr>
                <th scope="col">{t('workspace.report.table')}</th>
                <th scope="col" className="numeric">
                  {t('workspace.report.rows')}
                </th>
                <th scope="col">{t('workspace.report.kept')}</th>
                <th scope="col">{t('workspace.report.dropped')}</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((table) => (
                <tr key={table.table}>
                  <th scope="row" className="code">
                    {table.table}
                  </th>
                  <td className="numeric nowrap">
                    {t('workspace.report.rowsOf', {
                      kept: number(table.rowsKept),
                      scope: number(table.rowsInScope),
                    })}
                  </td>
                  <td className="code">
                    {table.columnsKept.join(', ')}
                    {table.columnsTransformed.length > 0 && (
                      <ul className="ws-report__list">
                        {table.columnsTransformed.map((c) => (
                          <li key={c.column}>
                            {c.column}: <span className="muted">{c.how}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {table.columnsDropped.length === 0 ? (
                      '–'
                    ) : (
                      <details>
                        <summary>
                          {t('workspace.report.droppedCount', { count: table.columnsDropped.length })}
                        </summary>
                        <ul className="ws-report__list">
                          {table.columnsDropped.map((c) => (
                            <li key={c.column}>
                              <span className="code">{c.column}</span>: {c.reason}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </div>
  );
};
