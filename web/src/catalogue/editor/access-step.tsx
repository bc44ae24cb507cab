import { t } from '../../i18n/index.js';
import { ChecklistControl, FieldGroup, LangTextControl, TextControl } from './controls.js';
import { useEditor } from './editor-context.js';
import { controlId } from './steps.js';
import { termsOf } from './terms.js';
import { TextListControl } from './text-list-control.js';

export const AccessStep = () => {
  const { draft, change, vocabularies } = useEditor();
  const ehdsId = `${controlId('applicableLegislation')}-ehds`;
  return (
    <>
      <FieldGroup
        field="applicableLegislation"
        legend={t('catalogue.field.applicableLegislation')}
        hint={t('catalogue.form.legislation.hint')}
      >
        <div className="checkbox">
          <input
            id={ehdsId}
            type="checkbox"
            className="checkbox__input"
            checked={draft.ehds}
            onChange={(event) => {
              const ehds = event.target.checked;
              change('applicableLegislation', (d) => ({ ...d, ehds }));
            }}
          />
          <label className="checkbox__label" htmlFor={ehdsId}>
            {t('catalogue.legislation.ehds')}
          </label>
        </div>
        <TextControl
          field="applicableLegislation"
          id={`${controlId('applicableLegislation')}-other`}
          label={t('catalogue.form.legislation.other')}
          hint={t('catalogue.form.legislation.other.hint')}
          mark={false}
          multiline
          value={draft.otherLegislation}
          onChange={(otherLegislation) => {
            change('applicableLegislation', (d) => ({ ...d, otherLegislation }));
          }}
        />
      </FieldGroup>
      <TextListControl
        field="legalBases"
        legend={t('catalogue.field.legalBases')}
        hint={t('catalogue.form.legalBases.hint')}
        itemLabel={(n) => t('catalogue.form.legalBasis', { n })}
        addLabel={t('catalogue.form.legalBasis.add')}
        removeLabel={(n) => t('catalogue.form.legalBasis.remove', { n })}
        items={draft.legalBases}
        onChange={(legalBases) => {
          change('legalBases', (d) => ({ ...d, legalBases }));
        }}
      />
      <TextListControl
        field="purposes"
        legend={t('catalogue.field.purposes')}
        hint={t('catalogue.form.purposes.hint')}
        itemLabel={(n) => t('catalogue.form.purpose', { n })}
        addLabel={t('catalogue.form.purpose.add')}
        removeLabel={(n) => t('catalogue.form.purpose.remove', { n })}
        items={draft.purposes}
        onChange={(purposes) => {
          change('purposes', (d) => ({ ...d, purposes }));
        }}
      />
      <ChecklistControl
        field="personalData"
        legend={t('catalogue.field.personalData')}
        hint={t('catalogue.form.personalData.hint')}
        options={termsOf(vocabularies, 'personalData')}
        selected={draft.personalData}
        onChange={(personalData) => {
          change('personalData', (d) => ({ ...d, personalData }));
        }}
      />
      <FieldGroup
        field="retentionPeriod"
        legend={t('catalogue.field.retentionPeriod')}
        hint={t('catalogue.form.retention.hint')}
      >
        <div className="pair">
          <TextControl
            field="retentionPeriod"
            id={`${controlId('retentionPeriod')}-start`}
            label={t('catalogue.form.startDate')}
            mark={false}
            type="date"
            width="medium"
            value={draft.retentionStart}
            onChange={(retentionStart) => {
              change('retentionPeriod', (d) => ({ ...d, retentionStart }));
            }}
          />
          <TextControl
            field="retentionPeriod"
            id={`${controlId('retentionPeriod')}-end`}
            label={t('catalogue.form.endDate')}
            mark={false}
            type="date"
            width="medium"
            value={draft.retentionEnd}
            onChange={(retentionEnd) => {
              change('retentionPeriod', (d) => ({ ...d, retentionEnd }));
            }}
          />
        </div>
      </FieldGroup>
      <LangTextControl
        field="provenance"
        label={t('catalogue.field.provenance')}
        hint={t('catalogue.form.provenance.hint')}
        multiline
        value={draft.provenance}
        onChange={(provenance) => {
          change('provenance', (d) => ({ ...d, provenance }));
        }}
      />
    </>
  );
};
