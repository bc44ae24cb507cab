import { Link } from 'react-router';
import { t } from '../i18n/index.js';
import { Table } from '../ui/table.js';
import { formatDate } from '../catalogue/labels.js';
import { casePath, type CaseSummary } from './access-api.js';
import { deadlineText, statusLabel, trackLabel } from './labels.js';

/** Cases as a table: the applicant's list and the officer's dashboard share it. */
export const CaseTable = ({
  cases,
  showOrganisation = false,
}: {
  readonly cases: readonly CaseSummary[];
  readonly showOrganisation?: boolean;
}) => (
  <Table caption={t('access.list.caption')} hideCaption>
    <thead>
      <tr>
        <th scope="col">{t('access.column.title')}</th>
        <th scope="col">{t('access.column.reference')}</th>
        <th scope="col">{t('access.column.kind')}</th>
        {showOrganisation && <th scope="col">{t('access.column.organisation')}</th>}
        <th scope="col">{t('access.column.status')}</th>
        <th scope="col">{t('access.column.deadline')}</th>
        <th scope="col">{t('access.column.updated')}</th>
      </tr>
    </thead>
    <tbody>
      {cases.map((c) => (
        <tr key={c.id}>
          <th scope="row">
            <Link to={casePath(c.id)}>{c.title}</Link>
          </th>
          <td className="nowrap">{c.reference ?? '–'}</td>
          <td>{trackLabel(c.track)}</td>
          {showOrganisation && <td>{c.organisation?.name ?? c.applicant.name}</td>}
          <td>
            <span className={`badge badge--status-${c.status === 'draft' ? 'draft' : 'submitted'}`}>
              {statusLabel(c.status)}
            </span>
            {c.decision !== null && <span className="block">{t(`access.decision.${c.decision}`)}</span>}
          </td>
          <td className={c.clock?.overdue === true && !c.clock.stopped ? 'error-text' : undefined}>
            {deadlineText(c)}
          </td>
          <td className="nowrap">{formatDate(c.updatedAt)}</td>
        </tr>
      ))}
    </tbody>
  </Table>
);
