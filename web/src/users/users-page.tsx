import { useState } from 'react';
import { api, type User } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { useAnnounce } from '../shell/status.js';
import { useApi } from '../use-api.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { RoleList } from '../ui/role-list.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { AddUserForm } from './add-user-form.js';
import { EditRolesForm } from './edit-roles-form.js';

const editButtonId = (user: User): string => `edit-roles-${user.id}`;

const UserTable = ({
  users,
  onEdit,
}: {
  readonly users: readonly User[];
  readonly onEdit: (user: User) => void;
}) => (
  <Table caption={t('users.listCaption')}>
    <thead>
      <tr>
        <th scope="col">{t('users.column.name')}</th>
        <th scope="col">{t('users.column.email')}</th>
        <th scope="col">{t('users.column.organisation')}</th>
        <th scope="col">{t('users.column.roles')}</th>
        <th scope="col">{t('users.column.lastLogin')}</th>
        <th scope="col">{t('common.actions')}</th>
      </tr>
    </thead>
    <tbody>
      {users.map((user) => (
        <tr key={user.id}>
          <th scope="row">{user.displayName}</th>
          <td>{user.email ?? t('common.none')}</td>
          <td>{user.organisation?.name ?? t('common.none')}</td>
          <td>
            <RoleList roles={user.roles} />
          </td>
          <td>{user.lastLoginAt === null ? t('common.never') : formatDateTime(user.lastLoginAt)}</td>
          <td>
            <button
              id={editButtonId(user)}
              type="button"
              className="button button--secondary button--small"
              aria-label={t('users.editRolesLabel', { name: user.displayName })}
              onClick={() => {
                onEdit(user);
              }}
            >
              {t('users.editRoles')}
            </button>
          </td>
        </tr>
      ))}
    </tbody>
  </Table>
);

export const UsersPage = () => {
  const announce = useAnnounce();
  const users = useApi((signal) => api.listUsers(signal), []);
  const organisations = useApi((signal) => api.listOrganisations(signal), []);
  const [editing, setEditing] = useState<User | null>(null);

  const closeEditor = (user: User) => {
    setEditing(null);
    // Back to the button that opened the form, once React has put it back in the page.
    requestAnimationFrame(() => document.getElementById(editButtonId(user))?.focus());
  };

  return (
    <Page title={t('users.title')} lead={t('users.lead')}>
      {users.error !== undefined && <LoadError error={users.error} onRetry={users.reload} />}
      {users.data === undefined ? (
        users.loading && <Spinner label={t('users.loading')} />
      ) : users.data.length === 0 ? (
        <p>{t('users.empty')}</p>
      ) : (
        <UserTable users={users.data} onEdit={setEditing} />
      )}

      {editing !== null && (
        <EditRolesForm
          key={editing.id}
          user={editing}
          onSaved={(saved) => {
            users.update((list) => list.map((u) => (u.id === saved.id ? saved : u)));
            announce(t('users.rolesSaved', { name: saved.displayName }));
            closeEditor(saved);
          }}
          onCancel={() => {
            closeEditor(editing);
          }}
        />
      )}

      {organisations.error !== undefined && (
        <LoadError error={organisations.error} onRetry={organisations.reload} />
      )}
      <AddUserForm
        organisations={organisations.data ?? []}
        onAdded={(user) => {
          users.update((list) => [...list, user]);
          announce(t('users.added', { name: user.displayName }), { focus: true });
        }}
      />
    </Page>
  );
};
