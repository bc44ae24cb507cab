import type { Ref } from 'react';
import { t } from '../../i18n/index.js';
import { fieldLabel, topField, type RecordField } from '../fields.js';
import type { Finding } from '../types.js';
import { controlId, stepOfField, steps } from './steps.js';
import type { ClientProblem } from './validate.js';

interface Entry {
  readonly key: string;
  readonly text: string;
  readonly field: RecordField | null;
  readonly control: string | null;
}

const fromFinding = (finding: Finding, index: number): Entry => {
  const field = topField(finding.field);
  const editable = field !== null && stepOfField[field] !== 'review';
  return {
    key: `finding-${String(index)}`,
    text: `${fieldLabel(finding.field)}: ${finding.message}`,
    field,
    control: editable ? controlId(field) : null,
  };
};

const EntryList = ({
  entries,
  onGo,
}: {
  readonly entries: readonly Entry[];
  readonly onGo: (field: RecordField, control: string) => void;
}) => (
  <ul className="error-summary__list">
    {entries.map((entry) => (
      <li key={entry.key}>
        {entry.field !== null && entry.control !== null ? (
          <a
            href={`#${entry.control}`}
            onClick={(event) => {
              // The field may be on another step: open that step, then put the cursor in the field.
              event.preventDefault();
              if (entry.field !== null && entry.control !== null) onGo(entry.field, entry.control);
            }}
          >
            {entry.text}
          </a>
        ) : (
          entry.text
        )}
      </li>
    ))}
  </ul>
);

/**
 * The form's problems at the top: what blocks saving or submitting (our checks and the server's SHACL
 * violations), then the server's advice (warnings), which does not block anything. Each links to its field.
 */
export const EditorSummary = ({
  failure,
  problems,
  violations,
  advice,
  onGo,
  summaryRef,
}: {
  readonly failure: string | null;
  readonly problems: readonly ClientProblem[];
  readonly violations: readonly Finding[];
  readonly advice: readonly Finding[];
  readonly onGo: (field: RecordField, control: string) => void;
  readonly summaryRef: Ref<HTMLDivElement>;
}) => {
  const entry = (problem: ClientProblem, index: number): Entry => ({
    key: `problem-${String(index)}`,
    text: problem.message,
    field: problem.field,
    control: problem.control,
  });
  // In the order of the form's steps, so that a list can be worked through from top to bottom.
  const stepIndex = (e: Entry) => (e.field === null ? steps.length : steps.indexOf(stepOfField[e.field]));
  const byStep = (a: Entry, b: Entry) => stepIndex(a) - stepIndex(b);
  // What stops the draft being saved comes first and apart: that is what the person just ran into.
  const beforeSaving = problems
    .filter((p) => p.blocks === 'save')
    .map(entry)
    .sort(byStep);
  const beforeSubmitting = [
    ...problems.filter((p) => p.blocks === 'submit').map(entry),
    ...violations.map(fromFinding),
  ].sort(byStep);
  const blocking = beforeSaving.length + beforeSubmitting.length;
  const advisory = advice.map(fromFinding).sort(byStep);
  return (
    <>
      {(failure !== null || blocking > 0) && (
        <div
          className="error-summary"
          role="alert"
          tabIndex={-1}
          ref={summaryRef}
          aria-labelledby="editor-summary-title"
        >
          <h2 className="error-summary__title" id="editor-summary-title">
            {t('common.errorSummary')}
          </h2>
          {failure !== null && <p>{failure}</p>}
          {beforeSaving.length > 0 && (
            <>
              <p>{t('catalogue.summary.beforeSaving', { count: beforeSaving.length })}</p>
              <EntryList entries={beforeSaving} onGo={onGo} />
            </>
          )}
          {beforeSubmitting.length > 0 && (
            <>
              <p>{t('catalogue.summary.violations', { count: beforeSubmitting.length })}</p>
              <EntryList entries={beforeSubmitting} onGo={onGo} />
            </>
          )}
        </div>
      )}
      {advisory.length > 0 && (
        <section className="advice-summary" aria-labelledby="editor-advice-title">
          <h2 className="advice-summary__title" id="editor-advice-title">
            {t('catalogue.summary.adviceTitle')}
          </h2>
          <p>{t('catalogue.summary.advice', { count: advisory.length })}</p>
          <EntryList entries={advisory} onGo={onGo} />
        </section>
      )}
    </>
  );
};
