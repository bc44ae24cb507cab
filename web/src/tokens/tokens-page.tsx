import { useRef, useState } from 'react';
import { api, type ApiToken } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useSignedInUser } from '../shell/session.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { formatDateTime } from '../ui/format.js';
import { RoleList } from '../ui/role-list.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { CreateTokenForm } from './create-token-form.js';
import { NewTokenSecret } from './new-token-secret.js';
import { RevokeToken } from './revoke-token.js';

const TokenTable = ({
  tokens,
  onRevoked,
  onError,
}: {
  readonly tokens: readonly ApiToken[];
  readonly onRevoked: (token: ApiToken) => void;
  readonly onError: (detail: string) => void;
}) => (
  <Table caption={t('tokens.listCaption')} hideCaption>
    <thead>
      <tr>
        <th scope="col">{t('tokens.column.name')}</th>
        <th scope="col">{t('tokens.column.roles')}</th>
        <th scope="col">{t('tokens.column.created')}</th>
        <th scope="col">{t('tokens.column.lastUsed')}</th>
        <th scope="col">{t('tokens.column.expires')}</th>
        <th scope="col">{t('common.actions')}</th>
      </tr>
    </thead>
    <tbody>
      {tokens.map((token) => (
        <tr key={token.id}>
          <th scope="row">{token.name}</th>
          <td>
            <RoleList roles={token.roles} />
          </td>
          <td>{formatDateTime(token.createdAt)}</td>
          <td>{token.lastUsedAt === null ? t('common.never') : formatDateTime(token.lastUsedAt)}</td>
          <td>{token.expiresAt === null ? t('common.noExpiry') : formatDateTime(token.expiresAt)}</td>
          <td>
            <RevokeToken token={token} onRevoked={onRevoked} onError={onError} />
          </td>
        </tr>
      ))}
    </tbody>
  </Table>
);

export const TokensPage = () => {
  const user = useSignedInUser();
  const announce = useAnnounce();
  const tokens = useApi((signal) => api.listTokens(signal), []);
  const [secret, setSecret] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);

  return (
    <Page title={t('tokens.title')} lead={t('tokens.lead')}>
      {secret !== null && (
        <NewTokenSecret
          secret={secret}
          onDone={() => {
            setSecret(null);
            listHeading.current?.focus();
          }}
        />
      )}

      <section aria-labelledby="tokens-list-heading">
        <h2 id="tokens-list-heading" ref={listHeading} tabIndex={-1}>
          {t('tokens.listHeading')}
        </h2>
        {tokens.error !== undefined && <LoadError error={tokens.error} onRetry={tokens.reload} />}
        {tokens.data === undefined ? (
          tokens.loading && <Spinner label={t('tokens.loading')} />
        ) : tokens.data.length === 0 ? (
          <p>{t('tokens.empty')}</p>
        ) : (
          <TokenTable
            tokens={tokens.data}
            onRevoked={(token) => {
              tokens.update((list) => list.filter((x) => x.id !== token.id));
              announce(t('tokens.revoked', { name: token.name }));
              // The row and its buttons are gone; continue from the list itself.
              listHeading.current?.focus();
            }}
            onError={announce}
          />
        )}
      </section>

      {user.roles.length === 0 ? (
        <p className="notice">{t('tokens.noRoles')}</p>
      ) : (
        <CreateTokenForm
          userRoles={user.roles}
          onCreated={(token, newSecret) => {
            tokens.update((list) => [token, ...list]);
            announce(t('tokens.created', { name: token.name }));
            setSecret(newSecret);
          }}
        />
      )}
    </Page>
  );
};
