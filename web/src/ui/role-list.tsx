import { t } from '../i18n/index.js';
import { isRole, roles as allRoles, type Role } from '../roles.js';

/** The display name of a role; a role the UI does not know (audit history) is shown as recorded. */
export const roleName = (role: string): string => (isRole(role) ? t(`role.${role}.name`) : role);

/** Roles as a short list of tags, in the catalogue order. */
export const RoleList = ({ roles }: { readonly roles: readonly string[] }) => {
  if (roles.length === 0) return <span className="muted">{t('common.none')}</span>;
  const known = allRoles.filter((role) => roles.includes(role));
  const unknown = roles.filter((role) => !isRole(role));
  return (
    <ul className="tags">
      {[...known, ...unknown].map((role) => (
        <li className="tag" key={role}>
          {roleName(role)}
        </li>
      ))}
    </ul>
  );
};

/** The checkbox options for choosing roles, each with its one-line description. */
export const roleOptions = (from: readonly Role[] = allRoles) =>
  allRoles
    .filter((role) => from.includes(role))
    .map((role) => ({ value: role, label: t(`role.${role}.name`), hint: t(`role.${role}.description`) }));
