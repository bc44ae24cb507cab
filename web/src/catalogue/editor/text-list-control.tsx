import { t } from '../../i18n/index.js';
import type { RecordField } from '../fields.js';
import { FieldGroup, LangTextControl } from './controls.js';
import { emptyTextItem, type TextItemDraft } from './draft.js';
import { controlId } from './steps.js';

const focusSoon = (id: string) => {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
};

/** A list of multilingual texts (legal bases, purposes): one box each, added and removed by button. */
export const TextListControl = ({
  field,
  legend,
  hint,
  itemLabel,
  addLabel,
  removeLabel,
  items,
  onChange,
}: {
  readonly field: RecordField;
  readonly legend: string;
  readonly hint: string;
  readonly itemLabel: (n: number) => string;
  readonly addLabel: string;
  readonly removeLabel: (n: number) => string;
  readonly items: readonly TextItemDraft[];
  readonly onChange: (items: TextItemDraft[]) => void;
}) => {
  const base = controlId(field);
  const addId = `${base}-add`;
  return (
    <FieldGroup field={field} legend={legend} hint={hint}>
      {items.map((item, index) => (
        <div className="repeat" key={item.key}>
          <LangTextControl
            field={field}
            id={`${base}-${item.key}`}
            label={itemLabel(index + 1)}
            mark={false}
            multiline
            value={item.text}
            onChange={(text) => {
              onChange(items.map((other) => (other.key === item.key ? { ...other, text } : other)));
            }}
          />
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              onChange(items.filter((other) => other.key !== item.key));
              focusSoon(addId);
            }}
          >
            {removeLabel(index + 1)}
          </button>
        </div>
      ))}
      <button
        id={addId}
        type="button"
        className="button button--secondary button--small"
        onClick={() => {
          const added = emptyTextItem();
          onChange([...items, added]);
          focusSoon(`${base}-${added.key}`);
        }}
      >
        {addLabel}
      </button>
      {items.length === 0 && <p className="muted">{t('catalogue.form.listEmpty')}</p>}
    </FieldGroup>
  );
};
