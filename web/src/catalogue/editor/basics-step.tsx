import { t } from '../../i18n/index.js';
import { accessLevels } from '../types.js';
import { ChecklistControl, LangTextControl, RadioControl, SelectControl, TextControl } from './controls.js';
import { useEditor } from './editor-context.js';
import { optionsOf, termsOf } from './terms.js';

export const BasicsStep = () => {
  const { draft, change, vocabularies } = useEditor();
  return (
    <>
      <RadioControl
        field="accessRights"
        legend={t('catalogue.form.accessRights')}
        hint={t('catalogue.form.accessRights.hint')}
        options={accessLevels.map((level) => ({
          value: level,
          label: t(`catalogue.access.${level}`),
          hint: t(`catalogue.access.${level}.hint`),
        }))}
        value={draft.accessRights}
        onChange={(accessRights) => {
          change('accessRights', (d) => ({ ...d, accessRights }));
        }}
      />
      <LangTextControl
        field="title"
        label={t('catalogue.field.title')}
        hint={t('catalogue.form.title.hint')}
        value={draft.title}
        onChange={(title) => {
          change('title', (d) => ({ ...d, title }));
        }}
      />
      <LangTextControl
        field="description"
        label={t('catalogue.field.description')}
        hint={t('catalogue.form.description.hint')}
        multiline
        value={draft.description}
        onChange={(description) => {
          change('description', (d) => ({ ...d, description }));
        }}
      />
      <TextControl
        field="identifier"
        label={t('catalogue.field.identifier')}
        hint={t('catalogue.form.identifier.hint')}
        width="medium"
        value={draft.identifier}
        onChange={(identifier) => {
          change('identifier', (d) => ({ ...d, identifier }));
        }}
      />
      <LangTextControl
        field="keywords"
        label={t('catalogue.field.keywords')}
        hint={t('catalogue.form.keywords.hint')}
        value={draft.keywords}
        onChange={(keywords) => {
          change('keywords', (d) => ({ ...d, keywords }));
        }}
      />
      <SelectControl
        field="type"
        label={t('catalogue.field.type')}
        hint={t('catalogue.form.type.hint')}
        options={optionsOf(vocabularies, 'datasetTypes')}
        value={draft.type}
        onChange={(type) => {
          change('type', (d) => ({ ...d, type }));
        }}
      />
      <ChecklistControl
        field="themes"
        legend={t('catalogue.field.themes')}
        hint={t('catalogue.form.themes.hint')}
        options={termsOf(vocabularies, 'dataThemes')}
        selected={draft.themes}
        onChange={(themes) => {
          change('themes', (d) => ({ ...d, themes }));
        }}
      />
      <ChecklistControl
        field="languages"
        legend={t('catalogue.field.languages')}
        hint={t('catalogue.form.languages.hint')}
        options={termsOf(vocabularies, 'languages')}
        selected={draft.languages}
        onChange={(languages) => {
          change('languages', (d) => ({ ...d, languages }));
        }}
      />
      <TextControl
        field="version"
        label={t('catalogue.field.version')}
        hint={t('catalogue.form.version.hint')}
        width="short"
        value={draft.version}
        onChange={(version) => {
          change('version', (d) => ({ ...d, version }));
        }}
      />
      <TextControl
        field="landingPage"
        label={t('catalogue.field.landingPage')}
        hint={t('catalogue.form.url.hint')}
        type="url"
        value={draft.landingPage}
        onChange={(landingPage) => {
          change('landingPage', (d) => ({ ...d, landingPage }));
        }}
      />
      <TextControl
        field="documentation"
        label={t('catalogue.field.documentation')}
        hint={t('catalogue.form.urlLines.hint')}
        multiline
        value={draft.documentation}
        onChange={(documentation) => {
          change('documentation', (d) => ({ ...d, documentation }));
        }}
      />
    </>
  );
};
