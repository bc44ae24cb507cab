import { useId, useState, type ReactNode } from 'react';
import { t } from '../../i18n/index.js';
import type { RecordField } from '../fields.js';
import type { Requirement, Term } from '../types.js';
import type { LangDraft } from './draft.js';
import { useEditor, type FieldMessage } from './editor-context.js';
import { languageName } from './languages.js';
import { controlId } from './steps.js';

// The form's controls: each shows the requirement the access level gives its field (Mandatory, Recommended,
// Optional), its hint, and its problems (ours while typing, the server's after saving), all tied to the
// control with aria-describedby so that a screen reader reads them with the label.

export const RequirementMark = ({ requirement }: { readonly requirement: Requirement | null }) =>
  requirement === null ? null : (
    <>
      {' '}
      <span className={`mark mark--${requirement}`}>{t(`catalogue.requirement.${requirement}`)}</span>
    </>
  );

const messageId = (id: string, index: number) => `${id}-message-${String(index)}`;

const Messages = ({ id, messages }: { readonly id: string; readonly messages: readonly FieldMessage[] }) => (
  <>
    {messages.map((message, index) => (
      <p
        key={`${message.kind}-${message.text}`}
        id={messageId(id, index)}
        className={message.kind === 'error' ? 'field__error' : 'field__warning'}
      >
        <span className="visually-hidden">
          {message.kind === 'error' ? t('catalogue.message.error') : t('catalogue.message.warning')}
        </span>
        {message.text}
      </p>
    ))}
  </>
);

const describedBy = (id: string, hint: string | undefined, messages: readonly FieldMessage[]) => {
  const ids = [
    ...(hint === undefined ? [] : [`${id}-hint`]),
    ...messages.map((_, index) => messageId(id, index)),
  ];
  return ids.length === 0 ? undefined : ids.join(' ');
};

const fieldClass = (messages: readonly FieldMessage[]) =>
  messages.some((m) => m.kind === 'error')
    ? 'field field--error'
    : messages.length > 0
      ? 'field field--warning'
      : 'field';

interface ControlProps {
  readonly field: RecordField;
  /** Defaults to the field's own control id. */
  readonly id?: string;
  readonly label: string;
  readonly hint?: string | undefined;
  /** Whether to show the field's requirement mark (not for the parts of a group, whose legend shows it). */
  readonly mark?: boolean;
}

export const TextControl = ({
  field,
  id = controlId(field),
  label,
  hint,
  mark = true,
  value,
  onChange,
  type = 'text',
  multiline = false,
  width = 'full',
  numeric = false,
  autoComplete = 'off',
}: ControlProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'url' | 'date' | 'tel';
  readonly multiline?: boolean;
  readonly width?: 'full' | 'short' | 'medium';
  readonly numeric?: boolean;
  readonly autoComplete?: string;
}) => {
  const { messagesFor, requirement, touch } = useEditor();
  const messages = messagesFor(id);
  const common = {
    id,
    name: id,
    value,
    'aria-invalid': messages.some((m) => m.kind === 'error'),
    'aria-describedby': describedBy(id, hint, messages),
    onBlur: () => {
      touch(field);
    },
  };
  return (
    <div className={fieldClass(messages)}>
      <label className="field__label" htmlFor={id}>
        {label}
        {mark && <RequirementMark requirement={requirement(field)} />}
      </label>
      {hint !== undefined && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Messages id={id} messages={messages} />
      {multiline ? (
        <textarea
          {...common}
          className="textarea"
          rows={4}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      ) : (
        <input
          {...common}
          className={`input input--${width}`}
          type={type}
          autoComplete={autoComplete}
          {...(numeric ? { inputMode: 'numeric' as const } : {})}
          onChange={(event) => {
            onChange(event.target.value);
          }}
        />
      )}
    </div>
  );
};

/** A text in the language being written; when that is not English, the English text is shown as a guide. */
export const LangTextControl = ({
  field,
  id,
  label,
  hint,
  mark = true,
  value,
  onChange,
  multiline = false,
}: ControlProps & {
  readonly value: LangDraft;
  readonly onChange: (value: LangDraft) => void;
  readonly multiline?: boolean;
}) => {
  const { language } = useEditor();
  const english = value['en']?.trim() ?? '';
  const guide =
    language !== 'en' && english !== '' ? t('catalogue.language.inEnglish', { text: english }) : undefined;
  const fullHint = [hint, guide].filter((part) => part !== undefined).join(' ');
  return (
    <TextControl
      field={field}
      {...(id === undefined ? {} : { id })}
      label={t('catalogue.language.label', { label, language: languageName(language) })}
      hint={fullHint === '' ? undefined : fullHint}
      mark={mark}
      value={value[language] ?? ''}
      multiline={multiline}
      onChange={(text) => {
        onChange({ ...value, [language]: text });
      }}
    />
  );
};

export const SelectControl = ({
  field,
  id = controlId(field),
  label,
  hint,
  mark = true,
  value,
  onChange,
  options,
  emptyLabel = t('catalogue.select.none'),
}: ControlProps & {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly emptyLabel?: string;
}) => {
  const { messagesFor, requirement, touch } = useEditor();
  const messages = messagesFor(id);
  // A value the vocabulary no longer lists (an imported record) stays selectable, so saving keeps it.
  const all =
    value === '' || options.some((o) => o.value === value) ? options : [...options, { value, label: value }];
  return (
    <div className={fieldClass(messages)}>
      <label className="field__label" htmlFor={id}>
        {label}
        {mark && <RequirementMark requirement={requirement(field)} />}
      </label>
      {hint !== undefined && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Messages id={id} messages={messages} />
      <select
        id={id}
        name={id}
        className="select select--wide"
        value={value}
        aria-invalid={messages.some((m) => m.kind === 'error')}
        aria-describedby={describedBy(id, hint, messages)}
        onBlur={() => {
          touch(field);
        }}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        <option value="">{emptyLabel}</option>
        {all.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
};

/** A question with a legend: checkboxes, radios or several controls that belong together. */
export const FieldGroup = ({
  field,
  id = controlId(field),
  legend,
  hint,
  mark = true,
  children,
}: {
  readonly field: RecordField;
  readonly id?: string;
  readonly legend: string;
  readonly hint?: string | undefined;
  readonly mark?: boolean;
  readonly children: ReactNode;
}) => {
  const { messagesFor, requirement } = useEditor();
  const messages = messagesFor(id);
  return (
    <div className={fieldClass(messages)}>
      <fieldset className="fieldset" id={id} aria-describedby={describedBy(id, hint, messages)}>
        <legend className="field__label">
          {legend}
          {mark && <RequirementMark requirement={requirement(field)} />}
        </legend>
        {hint !== undefined && (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <Messages id={id} messages={messages} />
        {children}
      </fieldset>
    </div>
  );
};

const filterThreshold = 10;

/** Terms of a vocabulary to tick; a long vocabulary gets a filter box and a scrolling list. */
export const ChecklistControl = ({
  field,
  legend,
  hint,
  options,
  selected,
  onChange,
}: {
  readonly field: RecordField;
  readonly legend: string;
  readonly hint?: string;
  readonly options: readonly Term[];
  readonly selected: readonly string[];
  readonly onChange: (selected: string[]) => void;
}) => {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const id = controlId(field);
  const needle = filter.trim().toLowerCase();
  // Chosen terms the vocabulary does not list (from an imported record) are kept and can be unticked.
  const unknown = selected
    .filter((iri) => !options.some((o) => o.iri === iri))
    .map((iri) => ({ iri, label: iri }));
  const all = [...options, ...unknown];
  const shown =
    needle === ''
      ? all
      : all.filter((o) => o.label.toLowerCase().includes(needle) || selected.includes(o.iri));
  return (
    <FieldGroup field={field} legend={legend} {...(hint === undefined ? {} : { hint })}>
      {all.length > filterThreshold && (
        <div className="checklist__filter">
          <label className="field__label field__label--small" htmlFor={filterId}>
            {t('catalogue.checklist.filter', { legend: legend.toLowerCase() })}
          </label>
          <input
            id={filterId}
            type="search"
            className="input input--medium"
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
            }}
          />
        </div>
      )}
      <div
        className={
          all.length > filterThreshold ? 'checkboxes checklist checklist--long' : 'checkboxes checklist'
        }
      >
        {shown.map((option) => {
          const boxId = `${id}-option-${String(all.indexOf(option))}`;
          return (
            <div className="checkbox" key={option.iri}>
              <input
                id={boxId}
                type="checkbox"
                className="checkbox__input"
                checked={selected.includes(option.iri)}
                onChange={(event) => {
                  onChange(
                    event.target.checked
                      ? all.map((o) => o.iri).filter((iri) => iri === option.iri || selected.includes(iri))
                      : selected.filter((iri) => iri !== option.iri),
                  );
                }}
              />
              <label className="checkbox__label checkbox__label--plain" htmlFor={boxId}>
                {option.label}
              </label>
            </div>
          );
        })}
        {shown.length === 0 && <p className="muted">{t('catalogue.checklist.noMatch')}</p>}
      </div>
      {selected.length > 0 && (
        <p className="checklist__count muted">
          {t('catalogue.checklist.chosen', { count: selected.length })}
        </p>
      )}
    </FieldGroup>
  );
};

export const RadioControl = <V extends string>({
  field,
  legend,
  hint,
  options,
  value,
  onChange,
  inline = false,
}: {
  readonly field: RecordField;
  readonly legend: string;
  readonly hint?: string;
  readonly options: readonly { readonly value: V; readonly label: string; readonly hint?: string }[];
  readonly value: V | '';
  readonly onChange: (value: V) => void;
  readonly inline?: boolean;
}) => {
  const id = controlId(field);
  return (
    <FieldGroup field={field} legend={legend} {...(hint === undefined ? {} : { hint })}>
      <div className={inline ? 'radios radios--inline' : 'radios'}>
        {options.map((option) => {
          const radioId = `${id}-${option.value}`;
          return (
            <div className="radio" key={option.value}>
              <input
                id={radioId}
                type="radio"
                name={id}
                className="radio__input"
                value={option.value}
                checked={value === option.value}
                onChange={() => {
                  onChange(option.value);
                }}
                {...(option.hint === undefined ? {} : { 'aria-describedby': `${radioId}-hint` })}
              />
              <label className="radio__label" htmlFor={radioId}>
                {option.label}
              </label>
              {option.hint !== undefined && (
                <p className="radio__hint" id={`${radioId}-hint`}>
                  {option.hint}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </FieldGroup>
  );
};
