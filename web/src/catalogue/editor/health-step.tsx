import { t } from '../../i18n/index.js';
import { ChecklistControl, TextControl } from './controls.js';
import { useEditor } from './editor-context.js';
import { termsOf } from './terms.js';

export const HealthStep = () => {
  const { draft, change, vocabularies } = useEditor();
  const qualityLabel = draft.original?.qualityLabel;
  return (
    <>
      <ChecklistControl
        field="healthCategories"
        legend={t('catalogue.field.healthCategories')}
        hint={t('catalogue.form.healthCategories.hint')}
        options={termsOf(vocabularies, 'healthCategories')}
        selected={draft.healthCategories}
        onChange={(healthCategories) => {
          change('healthCategories', (d) => ({ ...d, healthCategories }));
        }}
      />
      <ChecklistControl
        field="healthThemes"
        legend={t('catalogue.field.healthThemes')}
        hint={t('catalogue.form.healthThemes.hint')}
        options={termsOf(vocabularies, 'healthThemes')}
        selected={draft.healthThemes}
        onChange={(healthThemes) => {
          change('healthThemes', (d) => ({ ...d, healthThemes }));
        }}
      />
      <ChecklistControl
        field="codingSystems"
        legend={t('catalogue.field.codingSystems')}
        hint={t('catalogue.form.codingSystems.hint')}
        options={termsOf(vocabularies, 'codingSystems')}
        selected={draft.codingSystems}
        onChange={(codingSystems) => {
          change('codingSystems', (d) => ({ ...d, codingSystems }));
        }}
      />
      <TextControl
        field="codeValues"
        label={t('catalogue.field.codeValues')}
        hint={t('catalogue.form.codeValues.hint')}
        value={draft.codeValues}
        onChange={(codeValues) => {
          change('codeValues', (d) => ({ ...d, codeValues }));
        }}
      />
      <div className="field">
        <p className="field__label">{t('catalogue.field.qualityLabel')}</p>
        <p className="field__hint">{t('catalogue.form.qualityLabel.hint')}</p>
        <p>{qualityLabel ?? t('catalogue.form.qualityLabel.none')}</p>
      </div>
    </>
  );
};
