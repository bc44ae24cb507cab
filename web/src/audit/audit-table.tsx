import type { AuditEvent } from '../api.js';
import { t } from '../i18n/index.js';
import { formatUtc } from '../ui/format.js';
import { RoleList } from '../ui/role-list.js';
import { Table } from '../ui/table.js';
import { OutcomeBadge } from './outcome-badge.js';

const None = () => <span className="muted">{t('common.none')}</span>;

export const AuditTable = ({ events }: { readonly events: readonly AuditEvent[] }) => (
  <Table caption={t('audit.eventsCaptionCount', { count: events.length })}>
    <thead>
      <tr>
        <th scope="col">{t('audit.column.time')}</th>
        <th scope="col">{t('audit.column.actor')}</th>
        <th scope="col">{t('audit.column.roles')}</th>
        <th scope="col">{t('audit.column.action')}</th>
        <th scope="col">{t('audit.column.target')}</th>
        <th scope="col">{t('audit.column.outcome')}</th>
        <th scope="col">{t('audit.column.details')}</th>
        <th scope="col">{t('audit.column.request')}</th>
      </tr>
    </thead>
    <tbody>
      {events.map((event) => (
        <tr key={event.seq}>
          <th scope="row" className="nowrap">
            <time dateTime={event.occurredAt}>{formatUtc(event.occurredAt)}</time>
          </th>
          <td>
            {event.actorLabel}
            {event.actorId !== null && event.actorId !== event.actorLabel && (
              <span className="code muted block">{event.actorId}</span>
            )}
          </td>
          <td>
            <RoleList roles={event.roles} />
          </td>
          <td className="code nowrap">{event.action}</td>
          <td>
            {event.targetType === null && event.targetId === null ? (
              <None />
            ) : (
              <>
                {event.targetType}
                {event.targetId !== null && <span className="code block">{event.targetId}</span>}
              </>
            )}
          </td>
          <td>
            <OutcomeBadge outcome={event.outcome} />
          </td>
          <td>
            {Object.keys(event.details).length === 0 ? (
              <None />
            ) : (
              <details>
                <summary>{t('audit.details.show')}</summary>
                <pre className="code details-json">{JSON.stringify(event.details, null, 2)}</pre>
              </details>
            )}
          </td>
          <td className="code">
            <span className="block">{event.requestId ?? <None />}</span>
            <span className="block muted">{event.clientAddress ?? <None />}</span>
          </td>
        </tr>
      ))}
    </tbody>
  </Table>
);
