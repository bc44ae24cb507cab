import { useId, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import { Table } from '../ui/table.js';
import { below, Heading, type Level } from './heading.js';
import { fileSize, VerdictBadge } from './labels.js';
import { contextKind, type CellVerdict, type OutputFile, type Reason, type Status } from './workspace-api.js';

/** One line of the context, left out when the requester said nothing. */
const Fact = ({
  term,
  value,
  code = false,
}: {
  readonly term: string;
  readonly value: string | undefined;
  readonly code?: boolean;
}) =>
  value === undefined || value === '' ? null : (
    <>
      <dt>{term}</dt>
      <dd className={code ? 'code' : undefined}>{value}</dd>
    </>
  );

/** The requester's context, as the checker needs it: what the file shows, who is counted, from what. */
export const ContextSummary = ({ file }: { readonly file: OutputFile }) => {
  const c = file.context;
  const table = c.table;
  const kind = contextKind(file.name, c);
  return (
    <dl className="ws-context">
      <dt>{t('airlock.context.description')}</dt>
      <dd className="prose">{c.description}</dd>
      <dt>{t('airlock.context.kind')}</dt>
      <dd>
        {t(`airlock.kind.${kind}`)}
        {table?.statistic !== undefined &&
          ` (${t(`airlock.statistic.${table.statistic === 'sum' || table.statistic === 'mean' ? table.statistic : 'other'}`)})`}
      </dd>
      <Fact term={t('airlock.context.countColumns')} value={table?.countColumns?.join(', ')} code />
      <Fact term={t('airlock.context.unit')} value={table?.unit} />
      <Fact term={t('airlock.context.valueColumns')} value={table?.valueColumns?.join(', ')} code />
      <Fact term={t('airlock.context.countColumn')} value={table?.countColumn} code />
      <Fact term={t('airlock.context.residualDf')} value={table?.residualDf?.toString()} />
      <dt>{t('airlock.context.population')}</dt>
      <dd>{c.population ?? '–'}</dd>
      <dt>{t('airlock.context.denominators')}</dt>
      <dd>{c.denominators ?? '–'}</dd>
      <dt>{t('airlock.context.size')}</dt>
      <dd>
        {fileSize(file.size)} <span className="muted code">sha-256 {file.sha256.slice(0, 16)}…</span>
      </dd>
    </dl>
  );
};

const ReasonList = ({ reasons }: { readonly reasons: readonly Reason[] }) => (
  <ul className="ws-reasons">
    {reasons.map((r, i) => (
      <li key={`${i}-${r.rule}`} className={`ws-reason ws-reason--${r.status}`}>
        <VerdictBadge status={r.status} /> {r.message}
      </li>
    ))}
  </ul>
);

const cellClass = (status: Status): string => `numeric ws-cell ws-cell--${status}`;

/**
 * The checked cells laid out as the table they come from: one row per data row (named by its labels), one
 * column per checked column. A cell that does not pass is marked in words and by a number pointing to its
 * reasons in the list below, so the mark does not rest on colour.
 */
const CellGrid = ({ file, level }: { readonly file: OutputFile; readonly level: Level }) => {
  const base = useId();
  const cells = file.check.cells;
  const columns = [...new Set(cells.map((c) => c.column))];
  const rows = new Map<number, { label: string; cells: Map<string, CellVerdict> }>();
  for (const cell of cells) {
    const row = rows.get(cell.row) ?? { label: cell.label, cells: new Map<string, CellVerdict>() };
    row.cells.set(cell.column, cell);
    rows.set(cell.row, row);
  }
  const flagged = cells.filter((c) => c.status !== 'pass');
  const note = (cell: CellVerdict): number => flagged.indexOf(cell) + 1;
  return (
    <>
      <Table caption={t('airlock.cells.caption', { name: file.name })}>
        <thead>
          <tr>
            <th scope="col">{t('airlock.cells.row')}</th>
            {columns.map((c) => (
              <th scope="col" key={c} className="numeric">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([n, row]) => (
              <tr key={n}>
                <th scope="row">{row.label === '' ? t('airlock.cells.rowNumber', { row: n }) : row.label}</th>
                {columns.map((column) => {
                  const cell = row.cells.get(column);
                  if (cell === undefined) return <td key={column} />;
                  return (
                    <td
                      key={column}
                      className={cellClass(cell.status)}
                      {...(cell.status === 'pass'
                        ? {}
                        : { 'aria-describedby': `${base}-note-${note(cell)}` })}
                    >
                      {cell.value}
                      {cell.status !== 'pass' && (
                        <span className="ws-cell__flag">
                          {' '}
                          {t(`airlock.cellFlag.${cell.status}`, { n: note(cell) })}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
        </tbody>
      </Table>
      {flagged.length > 0 && (
        <>
          <Heading level={level} className="ws-subheading">
            {t('airlock.cells.flaggedHeading', { count: flagged.length })}
          </Heading>
          <ol className="ws-notes">
            {flagged.map((cell, i) => (
              <li key={`${cell.row}-${cell.column}`} id={`${base}-note-${i + 1}`}>
                <strong>
                  {t('airlock.cells.where', {
                    label: cell.label === '' ? t('airlock.cells.rowNumber', { row: cell.row }) : cell.label,
                    column: cell.column,
                    value: cell.value,
                  })}
                </strong>{' '}
                <VerdictBadge status={cell.status} />
                <ul>
                  {cell.reasons.map((r, j) => (
                    <li key={`${j}-${r.rule}`}>{r.message}</li>
                  ))}
                  {cell.justification !== undefined && (
                    <li>{t('airlock.cells.justified', { text: cell.justification })}</li>
                  )}
                </ul>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
};

const remedyText = (remedy: OutputFile['remedies'][number]): string => {
  switch (remedy.action) {
    case 'suppressed':
      return t(remedy.changes === 1 ? 'airlock.remedies.suppressedOne' : 'airlock.remedies.suppressed', {
        n: remedy.changes,
      });
    case 'rounded':
      return t(remedy.changes === 1 ? 'airlock.remedies.roundedOne' : 'airlock.remedies.rounded', {
        n: remedy.changes,
      });
    case 'justified':
      return t('airlock.remedies.justified');
  }
};

/** One file of an output request: its verdict, the reasons, the checked cells, what was done to it. */
export const FileVerdictView = ({
  file,
  level,
  children,
}: {
  readonly file: OutputFile;
  /** The heading level of the file's name, to fit the page's outline. */
  readonly level: Level;
  readonly children?: ReactNode;
}) => {
  const reasons = file.check.reasons.filter((r) => r.status !== 'pass' || file.check.cells.length === 0);
  return (
    <article className={`ws-file ws-file--${file.check.status}`} aria-label={file.name}>
      <Heading level={level} className="ws-file__heading">
        <span className="code">{file.name}</span> <VerdictBadge status={file.check.status} />
      </Heading>
      <ContextSummary file={file} />
      {reasons.length > 0 && <ReasonList reasons={reasons} />}
      {file.check.cells.length > 0 && <CellGrid file={file} level={below(level)} />}
      {file.remedies.length > 0 && (
        <p className="muted">
          {t('airlock.remedies.applied', {
            list: file.remedies.map(remedyText).join('; '),
          })}
        </p>
      )}
      {file.justification !== null && (
        <div className="notice">
          <p>
            <strong>{t('airlock.justification')}</strong>
          </p>
          <p className="prose">{file.justification}</p>
        </div>
      )}
      {children}
    </article>
  );
};
