import { t } from '../../i18n/index.js';
import { FieldGroup, LangTextControl, SelectControl, TextControl } from './controls.js';
import { emptyDistribution, type DistributionDraft } from './draft.js';
import { useEditor } from './editor-context.js';
import { controlId } from './steps.js';
import { optionsOf } from './terms.js';

const focusSoon = (id: string) => {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
};

const DistributionEditor = ({
  distribution,
  index,
  onChange,
  onRemove,
}: {
  readonly distribution: DistributionDraft;
  readonly index: number;
  readonly onChange: (distribution: DistributionDraft) => void;
  readonly onRemove: () => void;
}) => {
  const { vocabularies } = useEditor();
  const base = `${controlId('distributions')}-${distribution.key}`;
  const n = index + 1;
  const set =
    <K extends keyof DistributionDraft>(key: K) =>
    (value: DistributionDraft[K]) => {
      onChange({ ...distribution, [key]: value });
    };
  return (
    <fieldset className="fieldset repeat repeat--boxed" id={base}>
      <legend className="repeat__legend">{t('catalogue.distribution.n', { n })}</legend>
      <LangTextControl
        field="distributions"
        id={`${base}-title`}
        label={t('catalogue.distribution.title')}
        hint={t('catalogue.distribution.title.hint')}
        mark={false}
        value={distribution.title}
        onChange={set('title')}
      />
      <TextControl
        field="distributions"
        id={`${base}-accessUrl`}
        label={t('catalogue.distribution.accessUrl')}
        hint={t('catalogue.distribution.accessUrl.hint')}
        mark={false}
        type="url"
        value={distribution.accessUrl}
        onChange={set('accessUrl')}
      />
      <TextControl
        field="distributions"
        id={`${base}-downloadUrl`}
        label={t('catalogue.distribution.downloadUrl')}
        hint={t('catalogue.distribution.downloadUrl.hint')}
        mark={false}
        type="url"
        value={distribution.downloadUrl}
        onChange={set('downloadUrl')}
      />
      <div className="pair">
        <SelectControl
          field="distributions"
          id={`${base}-format`}
          label={t('catalogue.distribution.format')}
          mark={false}
          options={optionsOf(vocabularies, 'fileTypes')}
          value={distribution.format}
          onChange={set('format')}
        />
        <TextControl
          field="distributions"
          id={`${base}-mediaType`}
          label={t('catalogue.distribution.mediaType')}
          hint={t('catalogue.distribution.mediaType.hint')}
          mark={false}
          width="medium"
          value={distribution.mediaType}
          onChange={set('mediaType')}
        />
      </div>
      <TextControl
        field="distributions"
        id={`${base}-licence`}
        label={t('catalogue.distribution.licence')}
        hint={t('catalogue.distribution.licence.hint')}
        mark={false}
        type="url"
        value={distribution.licence}
        onChange={set('licence')}
      />
      <TextControl
        field="distributions"
        id={`${base}-byteSize`}
        label={t('catalogue.distribution.byteSize')}
        mark={false}
        numeric
        width="medium"
        value={distribution.byteSize}
        onChange={set('byteSize')}
      />
      <button type="button" className="button button--warning button--small" onClick={onRemove}>
        {t('catalogue.distribution.remove', { n })}
      </button>
    </fieldset>
  );
};

export const DistributionsStep = () => {
  const { draft, change } = useEditor();
  const addId = `${controlId('distributions')}-add`;
  const setAll = (distributions: DistributionDraft[]) => {
    change('distributions', (d) => ({ ...d, distributions }));
  };
  return (
    <FieldGroup
      field="distributions"
      legend={t('catalogue.field.distributions')}
      hint={t('catalogue.form.distributions.hint')}
    >
      {draft.distributions.map((distribution, index) => (
        <DistributionEditor
          key={distribution.key}
          distribution={distribution}
          index={index}
          onChange={(changed) => {
            setAll(draft.distributions.map((other) => (other.key === changed.key ? changed : other)));
          }}
          onRemove={() => {
            setAll(draft.distributions.filter((other) => other.key !== distribution.key));
            focusSoon(addId);
          }}
        />
      ))}
      <button
        id={addId}
        type="button"
        className="button button--secondary"
        onClick={() => {
          const added = emptyDistribution();
          setAll([...draft.distributions, added]);
          focusSoon(`${controlId('distributions')}-${added.key}-title`);
        }}
      >
        {t('catalogue.distribution.add')}
      </button>
    </FieldGroup>
  );
};
