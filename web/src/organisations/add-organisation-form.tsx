import { useState, type SubmitEvent } from 'react';
import { api, organisationKinds, toApiError, type Organisation, type OrganisationKind } from '../api.js';
import { t } from '../i18n/index.js';
import { ErrorSummary } from '../ui/error-summary.js';
import { ButtonGroup, SelectField, TextField } from '../ui/fields.js';
import { formErrorsFrom, hasErrors, noErrors, type FormErrors } from '../ui/form-errors.js';

type Field = 'name' | 'kind' | 'identifier';
const fieldIds: Record<Field, string> = {
  name: 'organisation-name',
  kind: 'organisation-kind',
  identifier: 'organisation-identifier',
};

export const AddOrganisationForm = ({
  onAdded,
}: {
  readonly onAdded: (organisation: Organisation) => void;
}) => {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganisationKind>('data_holder');
  const [identifier, setIdentifier] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noErrors);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found: FormErrors<Field> = {
      fields:
        name.trim() === ''
          ? { name: t('common.required', { field: t('organisations.field.name').toLowerCase() }) }
          : {},
      other: [],
    };
    setErrors(found);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      const organisation = await api.createOrganisation({
        name: name.trim(),
        kind,
        ...(identifier.trim() === '' ? {} : { identifier: identifier.trim() }),
      });
      setName('');
      setIdentifier('');
      onAdded(organisation);
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
      aria-labelledby="add-organisation-heading"
    >
      <h2 id="add-organisation-heading">{t('organisations.addHeading')}</h2>
      <ErrorSummary errors={errors} fieldIds={fieldIds} />
      <TextField
        id={fieldIds.name}
        label={t('organisations.field.name')}
        error={errors.fields.name}
        value={name}
        onChange={setName}
        autoComplete="organization"
      />
      <SelectField
        id={fieldIds.kind}
        label={t('organisations.field.kind')}
        error={errors.fields.kind}
        value={kind}
        onChange={setKind}
        options={organisationKinds.map((k) => ({ value: k, label: t(`organisationKind.${k}`) }))}
      />
      <TextField
        id={fieldIds.identifier}
        label={t('organisations.field.identifier')}
        hint={t('organisations.field.identifier.hint')}
        error={errors.fields.identifier}
        optional
        value={identifier}
        onChange={setIdentifier}
        width="short"
      />
      <ButtonGroup>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('organisations.adding') : t('organisations.add')}
        </button>
      </ButtonGroup>
    </form>
  );
};
