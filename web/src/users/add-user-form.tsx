import { useState, type SubmitEvent } from 'react';
import { api, toApiError, type Organisation, type User } from '../api.js';
import { t } from '../i18n/index.js';
import type { Role } from '../roles.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, CheckboxGroup, SelectField, TextField } from '../ui/fields.js';
import { formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../ui/form-errors.js';
import { roleOptions } from '../ui/role-list.js';

type Field = 'displayName' | 'email' | 'organisationId' | 'roles';
const fieldIds: Record<Field, string> = {
  displayName: 'user-display-name',
  email: 'user-email',
  organisationId: 'user-organisation',
  roles: 'user-roles',
};

// Only a plausibility check, to catch typing slips early; the server has the final word.
const looksLikeEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

const validate = (displayName: string, email: string): FormErrors<Field> => {
  const fields: Partial<Record<Field, string>> = {};
  if (displayName.trim() === '') {
    fields.displayName = t('common.required', { field: t('users.field.displayName').toLowerCase() });
  }
  if (email.trim() === '')
    fields.email = t('common.required', { field: t('users.field.email').toLowerCase() });
  else if (!looksLikeEmail(email.trim())) fields.email = t('users.field.email.invalid');
  return { fields, other: [] };
};

export const AddUserForm = ({
  organisations,
  onAdded,
}: {
  readonly organisations: readonly Organisation[];
  readonly onAdded: (user: User) => void;
}) => {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found = validate(displayName, email);
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const user = await api.createUser({
        displayName: displayName.trim(),
        email: email.trim(),
        roles,
        ...(organisationId === '' ? {} : { organisationId }),
      });
      setDisplayName('');
      setEmail('');
      setOrganisationId('');
      setRoles([]);
      onAdded(user);
    } catch (error) {
      setErrors(formErrorsFrom(toApiError(error), Object.keys(fieldIds) as Field[]));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby="add-user-heading"
    >
      <h2 id="add-user-heading">{t('users.addHeading')}</h2>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <TextField
        id={fieldIds.displayName}
        label={t('users.field.displayName')}
        error={errors.fields.displayName}
        value={displayName}
        onChange={setDisplayName}
        autoComplete="off"
      />
      <TextField
        id={fieldIds.email}
        label={t('users.field.email')}
        hint={t('users.field.email.hint')}
        error={errors.fields.email}
        type="email"
        value={email}
        onChange={setEmail}
      />
      <SelectField
        id={fieldIds.organisationId}
        label={t('users.field.organisation')}
        error={errors.fields.organisationId}
        value={organisationId}
        onChange={setOrganisationId}
        options={[
          { value: '', label: t('users.field.organisation.none') },
          ...organisations.map((o) => ({ value: o.id, label: o.name })),
        ]}
      />
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
          {busy ? t('users.adding') : t('users.add')}
        </button>
      </ButtonGroup>
    </form>
  );
};
