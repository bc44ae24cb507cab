import { t } from '../../i18n/index.js';
import { FieldGroup, LangTextControl, SelectControl, TextControl } from './controls.js';
import { useEditor } from './editor-context.js';
import { controlId } from './steps.js';
import { optionsOf } from './terms.js';

export const CoverageStep = () => {
  const { draft, change, vocabularies } = useEditor();
  return (
    <>
      <FieldGroup
        field="temporal"
        legend={t('catalogue.field.temporal')}
        hint={t('catalogue.form.temporal.hint')}
      >
        <div className="pair">
          <TextControl
            field="temporal"
            id={`${controlId('temporal')}-start`}
            label={t('catalogue.form.startDate')}
            mark={false}
            type="date"
            width="medium"
            value={draft.temporalStart}
            onChange={(temporalStart) => {
              change('temporal', (d) => ({ ...d, temporalStart }));
            }}
          />
          <TextControl
            field="temporal"
            id={`${controlId('temporal')}-end`}
            label={t('catalogue.form.endDate')}
            mark={false}
            type="date"
            width="medium"
            value={draft.temporalEnd}
            onChange={(temporalEnd) => {
              change('temporal', (d) => ({ ...d, temporalEnd }));
            }}
          />
        </div>
      </FieldGroup>
      <div className="pair">
        <TextControl
          field="numberOfRecords"
          label={t('catalogue.field.numberOfRecords')}
          hint={t('catalogue.form.numberOfRecords.hint')}
          numeric
          width="medium"
          value={draft.numberOfRecords}
          onChange={(numberOfRecords) => {
            change('numberOfRecords', (d) => ({ ...d, numberOfRecords }));
          }}
        />
        <TextControl
          field="numberOfUniqueIndividuals"
          label={t('catalogue.field.numberOfUniqueIndividuals')}
          hint={t('catalogue.form.numberOfUniqueIndividuals.hint')}
          numeric
          width="medium"
          value={draft.numberOfUniqueIndividuals}
          onChange={(numberOfUniqueIndividuals) => {
            change('numberOfUniqueIndividuals', (d) => ({ ...d, numberOfUniqueIndividuals }));
          }}
        />
      </div>
      <div className="pair">
        <TextControl
          field="minTypicalAge"
          label={t('catalogue.field.minTypicalAge')}
          hint={t('catalogue.form.age.hint')}
          numeric
          width="short"
          value={draft.minTypicalAge}
          onChange={(minTypicalAge) => {
            change('minTypicalAge', (d) => ({ ...d, minTypicalAge }));
          }}
        />
        <TextControl
          field="maxTypicalAge"
          label={t('catalogue.field.maxTypicalAge')}
          hint={t('catalogue.form.age.hint')}
          numeric
          width="short"
          value={draft.maxTypicalAge}
          onChange={(maxTypicalAge) => {
            change('maxTypicalAge', (d) => ({ ...d, maxTypicalAge }));
          }}
        />
      </div>
      <LangTextControl
        field="populationCoverage"
        label={t('catalogue.field.populationCoverage')}
        hint={t('catalogue.form.populationCoverage.hint')}
        multiline
        value={draft.populationCoverage}
        onChange={(populationCoverage) => {
          change('populationCoverage', (d) => ({ ...d, populationCoverage }));
        }}
      />
      <SelectControl
        field="accrualPeriodicity"
        label={t('catalogue.field.accrualPeriodicity')}
        hint={t('catalogue.form.accrualPeriodicity.hint')}
        options={optionsOf(vocabularies, 'frequencies')}
        value={draft.accrualPeriodicity}
        onChange={(accrualPeriodicity) => {
          change('accrualPeriodicity', (d) => ({ ...d, accrualPeriodicity }));
        }}
      />
    </>
  );
};
