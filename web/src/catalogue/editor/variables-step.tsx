import { t } from '../../i18n/index.js';
import { languageName } from './languages.js';
import { FieldGroup, RadioControl, TextControl } from './controls.js';
import { emptyTable, emptyVariable, type TableDraft, type VariableDraft } from './draft.js';
import { useEditor, type FieldMessage } from './editor-context.js';
import { controlId } from './steps.js';
import { optionsOf } from './terms.js';

/** XSD datatypes a variable commonly has; an imported record may carry others, which are kept. */
export const datatypes = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'time',
  'anyURI',
] as const;

const focusSoon = (id: string) => {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
};

const CellMessages = ({
  id,
  messages,
}: {
  readonly id: string;
  readonly messages: readonly FieldMessage[];
}) =>
  messages.length === 0 ? null : (
    <span id={`${id}-messages`} className="cell__messages">
      {messages.map((m) => (
        <span key={m.text} className={m.kind === 'error' ? 'field__error block' : 'field__warning block'}>
          {m.text}
        </span>
      ))}
    </span>
  );

const VariableRow = ({
  table,
  variable,
  index,
  onChange,
  onRemove,
}: {
  readonly table: TableDraft;
  readonly variable: VariableDraft;
  readonly index: number;
  readonly onChange: (variable: VariableDraft) => void;
  readonly onRemove: () => void;
}) => {
  const { messagesFor, language, vocabularies, touch } = useEditor();
  const base = `${controlId('variableTables')}-${table.key}-${variable.key}`;
  const n = index + 1;
  const nameMessages = messagesFor(`${base}-name`);
  const descriptionMessages = messagesFor(`${base}-description`);
  const known = (datatypes as readonly string[]).includes(variable.datatype) || variable.datatype === '';
  const blur = () => {
    touch('variableTables');
  };
  return (
    <tr>
      <td>
        <input
          id={`${base}-name`}
          className="input input--cell input--code"
          value={variable.name}
          aria-label={t('catalogue.variable.nameOf', { n })}
          aria-invalid={nameMessages.some((m) => m.kind === 'error')}
          {...(nameMessages.length === 0 ? {} : { 'aria-describedby': `${base}-name-messages` })}
          onBlur={blur}
          onChange={(event) => {
            onChange({ ...variable, name: event.target.value });
          }}
        />
        <CellMessages id={`${base}-name`} messages={nameMessages} />
      </td>
      <td>
        <input
          id={`${base}-title`}
          className="input input--cell"
          value={variable.title[language] ?? ''}
          aria-label={t('catalogue.variable.titleOf', { n, language: languageName(language) })}
          onBlur={blur}
          onChange={(event) => {
            onChange({ ...variable, title: { ...variable.title, [language]: event.target.value } });
          }}
        />
      </td>
      <td>
        <input
          id={`${base}-description`}
          className="input input--cell"
          value={variable.description[language] ?? ''}
          aria-label={t('catalogue.variable.descriptionOf', { n, language: languageName(language) })}
          aria-invalid={descriptionMessages.some((m) => m.kind === 'error')}
          {...(descriptionMessages.length === 0
            ? {}
            : { 'aria-describedby': `${base}-description-messages` })}
          onBlur={blur}
          onChange={(event) => {
            onChange({
              ...variable,
              description: { ...variable.description, [language]: event.target.value },
            });
          }}
        />
        <CellMessages id={`${base}-description`} messages={descriptionMessages} />
      </td>
      <td>
        <select
          id={`${base}-datatype`}
          className="select select--cell"
          value={variable.datatype}
          aria-label={t('catalogue.variable.datatypeOf', { n })}
          onBlur={blur}
          onChange={(event) => {
            onChange({ ...variable, datatype: event.target.value });
          }}
        >
          <option value="">{t('catalogue.select.none')}</option>
          {datatypes.map((type) => (
            <option key={type} value={type}>
              {t(`catalogue.datatype.${type}`)}
            </option>
          ))}
          {!known && <option value={variable.datatype}>{variable.datatype}</option>}
        </select>
      </td>
      <td>
        <select
          id={`${base}-codingSystem`}
          className="select select--cell"
          value={variable.codingSystem}
          aria-label={t('catalogue.variable.codingSystemOf', { n })}
          onBlur={blur}
          onChange={(event) => {
            onChange({ ...variable, codingSystem: event.target.value });
          }}
        >
          <option value="">{t('catalogue.variable.notCoded')}</option>
          {optionsOf(vocabularies, 'codingSystems').map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
          {variable.codingSystem !== '' &&
            !(vocabularies.codingSystems ?? []).some((term) => term.iri === variable.codingSystem) && (
              <option value={variable.codingSystem}>{variable.codingSystem}</option>
            )}
        </select>
      </td>
      <td>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={t('catalogue.variable.remove', { n })}
          onClick={onRemove}
        >
          {t('catalogue.variable.removeShort')}
        </button>
      </td>
    </tr>
  );
};

const TableEditor = ({
  table,
  index,
  onChange,
  onRemove,
}: {
  readonly table: TableDraft;
  readonly index: number;
  readonly onChange: (table: TableDraft) => void;
  readonly onRemove: () => void;
}) => {
  const base = `${controlId('variableTables')}-${table.key}`;
  const n = index + 1;
  const name = table.name.trim() === '' ? t('catalogue.variables.tableN', { n }) : table.name.trim();
  const addId = `${base}-add`;
  return (
    <section className="table-editor" aria-labelledby={`${base}-heading`}>
      <h3 id={`${base}-heading`}>{t('catalogue.variables.tableHeading', { n })}</h3>
      <TextControl
        field="variableTables"
        id={`${base}-name`}
        label={t('catalogue.variables.tableName')}
        hint={t('catalogue.variables.tableName.hint')}
        mark={false}
        width="medium"
        value={table.name}
        onChange={(value) => {
          onChange({ ...table, name: value });
        }}
      />
      <div className="table-wrap" role="region" aria-labelledby={`${base}-caption`} tabIndex={0}>
        <table className="table table--editor">
          <caption id={`${base}-caption`} className="table__caption table__caption--small">
            {t('catalogue.variables.editCaption', { table: name })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.variable.name')}</th>
              <th scope="col">{t('catalogue.variable.title')}</th>
              <th scope="col">{t('catalogue.variable.description')}</th>
              <th scope="col">{t('catalogue.variable.datatype')}</th>
              <th scope="col">{t('catalogue.variable.codingSystem')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {table.variables.map((variable, variableIndex) => (
              <VariableRow
                key={variable.key}
                table={table}
                variable={variable}
                index={variableIndex}
                onChange={(changed) => {
                  onChange({
                    ...table,
                    variables: table.variables.map((v) => (v.key === changed.key ? changed : v)),
                  });
                }}
                onRemove={() => {
                  onChange({ ...table, variables: table.variables.filter((v) => v.key !== variable.key) });
                  focusSoon(addId);
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      {table.variables.length === 0 && <p className="muted">{t('catalogue.variables.noRows')}</p>}
      <div className="button-group button-group--tight">
        <button
          id={addId}
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            const added = emptyVariable();
            onChange({ ...table, variables: [...table.variables, added] });
            focusSoon(`${base}-${added.key}-name`);
          }}
        >
          {t('catalogue.variable.add')}
        </button>
        <button type="button" className="button button--warning button--small" onClick={onRemove}>
          {t('catalogue.variables.removeTable', { table: name })}
        </button>
      </div>
    </section>
  );
};

export const VariablesStep = () => {
  const { draft, change } = useEditor();
  const addTableId = `${controlId('variableTables')}-add`;
  const setTables = (variableTables: TableDraft[]) => {
    change('variableTables', (d) => ({ ...d, variableTables }));
  };
  return (
    <>
      <RadioControl
        field="hasStructuredData"
        legend={t('catalogue.form.hasStructuredData')}
        hint={t('catalogue.form.hasStructuredData.hint')}
        inline
        options={[
          { value: 'yes', label: t('catalogue.yes') },
          { value: 'no', label: t('catalogue.no') },
        ]}
        value={draft.hasStructuredData}
        onChange={(hasStructuredData) => {
          change('hasStructuredData', (d) => ({
            ...d,
            hasStructuredData,
            // Offer the first table straight away: that is what "yes" leads to.
            variableTables:
              hasStructuredData === 'yes' && d.variableTables.length === 0
                ? [emptyTable()]
                : d.variableTables,
          }));
        }}
      />
      {(draft.hasStructuredData === 'yes' || draft.variableTables.length > 0) && (
        <FieldGroup
          field="variableTables"
          legend={t('catalogue.field.variableTables')}
          hint={t('catalogue.form.variableTables.hint')}
        >
          {draft.variableTables.map((table, index) => (
            <TableEditor
              key={table.key}
              table={table}
              index={index}
              onChange={(changed) => {
                setTables(draft.variableTables.map((other) => (other.key === changed.key ? changed : other)));
              }}
              onRemove={() => {
                setTables(draft.variableTables.filter((other) => other.key !== table.key));
                focusSoon(addTableId);
              }}
            />
          ))}
          <button
            id={addTableId}
            type="button"
            className="button button--secondary"
            onClick={() => {
              const added = emptyTable();
              setTables([...draft.variableTables, added]);
              focusSoon(`${controlId('variableTables')}-${added.key}-name`);
            }}
          >
            {t('catalogue.variables.addTable')}
          </button>
        </FieldGroup>
      )}
    </>
  );
};
