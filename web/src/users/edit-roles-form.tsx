import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { api, toApiError, type User } from '../api.js';
import { t } from '../i18n/index.js';
import type { Role } from '../roles.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, CheckboxGroup } from '../ui/fields.js';
import { formErrorsFrom, noErrors, type FormErrors } from '../ui/form-errors.js';
import { roleOptions } from '../ui/role-list.js';

type Field = 'roles';
const fieldIds: Record<Field, string> = { roles: 'edit-roles' };

export const EditRolesForm = ({
  user,
  onSaved,
  onCancel,
}: {
  readonly user: User;
  readonly onSaved: (user: User) => void;
  readonly onCancel: () => void;
}) => {
  const [roles, setRoles] = useState<Role[]>([...user.roles]);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // The form opens below the table; bring the user to it.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setErrors(noErrors);
    setBusy(true);
    try {
      onSaved(await api.setUserRoles(user.id, roles));
    } catch (error) {
      setErrors(formErrorsFrom(toApiError(error), ['roles']));
      setBusy(false);
    }
  };

  return (
    <form
      className="form panel"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby="edit-roles-heading"
    >
      <h2 id="edit-roles-heading" ref={headingRef} tabIndex={-1}>
        {t('users.editHeading', { name: user.displayName })}
      </h2>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <CheckboxGroup
        id={fieldIds.roles}
        legend={t('users.field.roles')}
        error={errors.fields.roles}
        options={roleOptions()}
        selected={roles}
        onChange={setRoles}
      />
      <ButtonGroup>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('users.saving') : t('users.saveRoles')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </ButtonGroup>
    </form>
  );
};
