import { useState, type SubmitEvent } from 'react';
import { api, toApiError, type ApiToken } from '../api.js';
import { t } from '../i18n/index.js';
import type { Role } from '../roles.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, CheckboxGroup, TextField } from '../ui/fields.js';
import { formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../ui/form-errors.js';
import { roleOptions } from '../ui/role-list.js';

type Field = 'name' | 'roles' | 'expiresInDays';
const fieldIds: Record<Field, string> = {
  name: 'token-name',
  roles: 'token-roles',
  expiresInDays: 'token-expires',
};
const defaultExpiry = '90';

const validate = (name: string, roles: readonly Role[], expires: string): FormErrors<Field> => {
  const fields: Partial<Record<Field, string>> = {};
  if (name.trim() === '') fields.name = t('common.required', { field: t('tokens.field.name').toLowerCase() });
  if (roles.length === 0) fields.roles = t('tokens.field.roles.required');
  if (expires.trim() !== '' && !/^[1-9]\d*$/.test(expires.trim()))
    fields.expiresInDays = t('tokens.field.expires.invalid');
  return { fields, other: [] };
};

export const CreateTokenForm = ({
  userRoles,
  onCreated,
}: {
  readonly userRoles: readonly Role[];
  readonly onCreated: (token: ApiToken, secret: string) => void;
}) => {
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [expires, setExpires] = useState(defaultExpiry);
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found = validate(name, roles, expires);
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const days = expires.trim();
      const created = await api.createToken({
        name: name.trim(),
        roles,
        ...(days === '' ? {} : { expiresInDays: Number(days) }),
      });
      setName('');
      setRoles([]);
      setExpires(defaultExpiry);
      onCreated(created.token, created.secret);
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
      aria-labelledby="create-token-heading"
    >
      <h2 id="create-token-heading">{t('tokens.createHeading')}</h2>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <TextField
        id={fieldIds.name}
        label={t('tokens.field.name')}
        hint={t('tokens.field.name.hint')}
        error={errors.fields.name}
        value={name}
        onChange={setName}
      />
      <CheckboxGroup
        id={fieldIds.roles}
        legend={t('tokens.field.roles')}
        hint={t('tokens.field.roles.hint')}
        error={errors.fields.roles}
        options={roleOptions(userRoles)}
        selected={roles}
        onChange={setRoles}
      />
      <TextField
        id={fieldIds.expiresInDays}
        label={t('tokens.field.expires')}
        hint={t('tokens.field.expires.hint')}
        error={errors.fields.expiresInDays}
        optional
        value={expires}
        onChange={setExpires}
        inputMode="numeric"
        width="short"
      />
      <ButtonGroup>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('tokens.creating') : t('tokens.create')}
        </button>
      </ButtonGroup>
    </form>
  );
};
