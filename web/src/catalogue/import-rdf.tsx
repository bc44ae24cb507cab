import { useId, useRef, useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { api, rdfMediaType, toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { editPath } from './dataset-page.js';
import { findingCountsText } from './findings-list.js';
import { CheckboxField } from '../ui/fields.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { pickText } from './labels.js';
import type { ImportResult } from './types.js';

type State =
  | { readonly step: 'idle' }
  | { readonly step: 'importing' }
  | { readonly step: 'done'; readonly result: ImportResult }
  | { readonly step: 'failed'; readonly error: ApiError }
  | { readonly step: 'invalid'; readonly message: string };

/**
 * Describing many datasets by hand is slow when they are already described elsewhere: a Turtle, JSON-LD or
 * RDF/XML file becomes one draft per dataset it holds. A syntax error comes back with its line and column.
 */
export const ImportRdf = ({ onImported }: { readonly onImported: (result: ImportResult) => void }) => {
  const [state, setState] = useState<State>({ step: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const [keepIncomplete, setKeepIncomplete] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const inputId = 'import-rdf-file';

  const focusResult = () => {
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (file === undefined) {
      setState({ step: 'invalid', message: t('catalogue.import.chooseFile') });
      inputRef.current?.focus();
      return;
    }
    const mediaType = rdfMediaType(file.name);
    if (mediaType === null) {
      setState({ step: 'invalid', message: t('catalogue.import.wrongType', { name: file.name }) });
      inputRef.current?.focus();
      return;
    }
    setState({ step: 'importing' });
    try {
      const result = await api.importRdf(file, mediaType, keepIncomplete);
      setState({ step: 'done', result });
      onImported(result);
      if (inputRef.current !== null) inputRef.current.value = '';
    } catch (error) {
      setState({ step: 'failed', error: toApiError(error) });
    }
    focusResult();
  };

  const invalid = state.step === 'invalid' ? state.message : undefined;
  return (
    <section className="panel" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('catalogue.import.heading')}</h2>
      <p>{t('catalogue.import.lead')}</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <div className={invalid === undefined ? 'field' : 'field field--error'}>
          <label className="field__label" htmlFor={inputId}>
            {t('catalogue.import.file')}
          </label>
          <p className="field__hint" id={hintId}>
            {t('catalogue.import.file.hint')}
          </p>
          {invalid !== undefined && (
            <p className="field__error" id={`${inputId}-error`}>
              {invalid}
            </p>
          )}
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            className="file-input"
            accept=".ttl,.jsonld,.json,.rdf,.xml,text/turtle,application/ld+json,application/rdf+xml"
            aria-describedby={invalid === undefined ? hintId : `${hintId} ${inputId}-error`}
            aria-invalid={invalid !== undefined}
          />
        </div>
        <CheckboxField
          label={t('catalogue.import.keepIncomplete')}
          checked={keepIncomplete}
          onChange={setKeepIncomplete}
        />
        <button type="submit" className="button button--secondary" disabled={state.step === 'importing'}>
          {state.step === 'importing' ? t('catalogue.import.importing') : t('catalogue.import.submit')}
        </button>
      </form>
      <div aria-live="polite" className="import-result">
        {state.step === 'done' && (
          <div className="notice notice--success" tabIndex={-1} ref={resultRef}>
            <p>
              <strong>
                {state.result.datasets.length === 1
                  ? t('catalogue.import.createdOne')
                  : t('catalogue.import.created', { count: state.result.datasets.length })}
              </strong>
            </p>
            <ul className="plain-list">
              {state.result.datasets.map((dataset) => (
                <li key={dataset.id}>
                  <Link to={editPath(dataset.id)}>{pickText(dataset.title) || t('catalogue.untitled')}</Link>{' '}
                  <span className="muted">
                    ({findingCountsText(state.result.findings[dataset.id] ?? [])})
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {state.step === 'failed' && <ProblemNotice error={state.error} ref={resultRef} />}
      </div>
    </section>
  );
};
