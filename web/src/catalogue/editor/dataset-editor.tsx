import { useEffect, useMemo, useRef, useState, type SubmitEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, toApiError, type ApiError } from '../../api.js';
import { t } from '../../i18n/index.js';
import { navigation } from '../../navigation.js';
import { useAnnounce } from '../../shell/status.js';
import { editPath } from '../dataset-page.js';
import { topField, type RecordField } from '../fields.js';
import { findingCountsText } from '../findings-list.js';
import { labelIndex } from '../labels.js';
import type { DatasetDetail, Finding, Profile, Vocabularies } from '../types.js';
import { AccessStep } from './access-step.js';
import { BasicsStep } from './basics-step.js';
import { ContactsStep } from './contacts-step.js';
import { CoverageStep } from './coverage-step.js';
import { DistributionsStep } from './distributions-step.js';
import { draftLanguages, draftTitle, recordFromDraft, type Draft } from './draft.js';
import { EditorContext, type EditorContextValue, type FieldMessage } from './editor-context.js';
import { EditorSummary } from './editor-summary.js';
import { HealthStep } from './health-step.js';
import { languageName, textLanguages } from './languages.js';
import { ReviewStep } from './review-step.js';
import { controlId, isStep, stepOfField, steps, stepTitle, type Step } from './steps.js';
import { checkDraft } from './validate.js';
import { VariablesStep } from './variables-step.js';

/** What the editor page passes on to itself across the move from /catalogue/new to the edit address. */
export interface EditorArrival {
  readonly flash?: string;
  readonly findings?: readonly Finding[];
}

type Busy = 'saving' | 'submitting' | 'checking';

interface Saved {
  readonly id: string;
  readonly findings: readonly Finding[];
  readonly created: boolean;
}

// Server paths look like `/record/numberOfRecords` or `body.record.title`: the field is the segment after them.
const fieldOfPath = (path: string): string | null => {
  const segments = path.split(/[/.[\]]/).filter((s) => s !== '' && s !== 'body' && s !== 'record');
  return topField(segments[0] ?? null);
};

/** A problem+json's field errors as findings, so that they show beside their fields like SHACL findings. */
const findingsFromProblem = (error: ApiError): Finding[] =>
  (error.problem.errors ?? []).map((entry) => ({
    severity: 'violation',
    field: fieldOfPath(entry.path),
    path: entry.path,
    value: null,
    message: entry.message,
  }));

const violationsIn = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'violation');

const savedMessage = (findings: readonly Finding[]): string => {
  const violations = violationsIn(findings).length;
  if (violations > 0) return t('catalogue.form.saved.violations', { counts: findingCountsText(findings) });
  if (findings.some((f) => f.severity === 'warning'))
    return t('catalogue.form.saved.warnings', { counts: findingCountsText(findings) });
  return t('catalogue.form.saved.clean');
};

const StepBody = ({ step, stepHref }: { readonly step: Step; readonly stepHref: (step: Step) => string }) => {
  switch (step) {
    case 'basics':
      return <BasicsStep />;
    case 'access':
      return <AccessStep />;
    case 'health':
      return <HealthStep />;
    case 'coverage':
      return <CoverageStep />;
    case 'variables':
      return <VariablesStep />;
    case 'distributions':
      return <DistributionsStep />;
    case 'contacts':
      return <ContactsStep />;
    case 'review':
      return <ReviewStep stepHref={stepHref} />;
  }
};

export const DatasetEditor = ({
  initial,
  dataset,
  initialFindings,
  vocabularies,
  profile,
}: {
  readonly initial: Draft;
  /** Null for a description not saved yet. */
  readonly dataset: DatasetDetail | null;
  readonly initialFindings: readonly Finding[];
  readonly vocabularies: Vocabularies;
  readonly profile: Profile;
}) => {
  const navigate = useNavigate();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const stepParam = params.get('step') ?? '';
  const step: Step = isStep(stepParam) ? stepParam : 'basics';

  const [draft, setDraft] = useState(initial);
  const [savedDraft, setSavedDraft] = useState<Draft | null>(dataset === null ? null : initial);
  const [touched, setTouched] = useState<ReadonlySet<RecordField>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [findings, setFindings] = useState(initialFindings);
  // Fields changed since the server last judged them: its findings on them may no longer hold.
  const [stale, setStale] = useState<ReadonlySet<RecordField>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy | null>(null);
  const [language, setLanguage] = useState('en');
  const createdId = useRef<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const pendingFocus = useRef<string | null>(null);
  const previousStep = useRef(step);

  const labels = useMemo(() => labelIndex(vocabularies), [vocabularies]);
  const requirements = draft.accessRights === '' ? undefined : profile.levels[draft.accessRights];
  const problems = useMemo(() => checkDraft(draft, requirements), [draft, requirements]);
  const visibleProblems = showAll ? problems : problems.filter((p) => touched.has(p.field));
  const liveFindings = findings.filter((f) => {
    const field = topField(f.field);
    return field === null || !stale.has(field);
  });
  const serverViolations = violationsIn(liveFindings);
  const serverAdvice = liveFindings.filter((f) => f.severity !== 'violation');
  const datasetId = dataset?.id ?? createdId.current;
  const dirty = draft !== savedDraft;

  // Moving to another step puts the reader at its heading, or at the field a summary link pointed to.
  useEffect(() => {
    if (previousStep.current === step) return;
    previousStep.current = step;
    const target = pendingFocus.current === null ? null : document.getElementById(pendingFocus.current);
    pendingFocus.current = null;
    const control =
      target instanceof HTMLFieldSetElement
        ? target.querySelector<HTMLElement>('input, select, textarea')
        : target;
    (control ?? stepHeading.current)?.focus();
  }, [step]);

  const stepHref = (next: Step) => `?step=${next}`;
  const goToStep = (next: Step) => {
    setParams({ step: next });
  };
  const goToField = (field: RecordField, control: string) => {
    const target = stepOfField[field];
    if (target === step) {
      const element = document.getElementById(control);
      const input =
        element instanceof HTMLFieldSetElement
          ? element.querySelector<HTMLElement>('input, select, textarea')
          : element;
      input?.focus();
      return;
    }
    pendingFocus.current = control;
    goToStep(target);
  };
  const focusSummary = () => {
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const messagesFor = (control: string): FieldMessage[] => {
    const messages: FieldMessage[] = [
      ...visibleProblems
        .filter((p) => p.control === control)
        .map((p) => ({ kind: 'error' as const, text: p.message })),
      ...liveFindings
        .filter((f) => {
          const field = topField(f.field);
          return f.severity !== 'info' && field !== null && controlId(field) === control;
        })
        .map((f) => ({
          kind: f.severity === 'violation' ? ('error' as const) : ('warning' as const),
          text: f.message,
        })),
    ];
    return messages.filter((m, index) => messages.findIndex((other) => other.text === m.text) === index);
  };

  const context: EditorContextValue = {
    draft,
    change: (field, update) => {
      setDraft(update);
      setTouched((current) => (current.has(field) ? current : new Set([...current, field])));
      setStale((current) => (current.has(field) ? current : new Set([...current, field])));
    },
    touch: (field) => {
      setTouched((current) => (current.has(field) ? current : new Set([...current, field])));
    },
    requirement: (field) => requirements?.[field] ?? (requirements === undefined ? null : 'optional'),
    messagesFor,
    language,
    vocabularies,
    labels,
  };

  const save = async (): Promise<Saved | null> => {
    setShowAll(true);
    setFailure(null);
    if (draft.accessRights === '' || problems.some((p) => p.blocks === 'save')) {
      focusSummary();
      return null;
    }
    const record = recordFromDraft(draft, draft.accessRights, (iri) => labels.get(iri));
    setBusy('saving');
    try {
      const result =
        datasetId === null ? await api.createDataset(record) : await api.updateDataset(datasetId, record);
      const created = datasetId === null;
      createdId.current = result.dataset.id;
      setFindings(result.findings);
      setStale(new Set());
      setSavedDraft(draft);
      return { id: result.dataset.id, findings: result.findings, created };
    } catch (error) {
      const apiError = toApiError(error);
      const found = findingsFromProblem(apiError);
      if (found.length > 0) {
        setFindings(found);
        setStale(new Set());
      }
      setFailure(apiError.problem.detail);
      focusSummary();
      return null;
    } finally {
      setBusy(null);
    }
  };

  // After the first save the description has an address of its own; continue editing there.
  const moveToEditAddress = (id: string, arrival: EditorArrival) => {
    void navigate(`${editPath(id)}?step=${step}`, { replace: true, state: arrival });
  };

  const saveDraft = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy !== null) return;
    const saved = await save();
    if (saved === null) return;
    const message = savedMessage(saved.findings);
    if (saved.created) {
      moveToEditAddress(saved.id, { flash: message, findings: saved.findings });
      return;
    }
    if (violationsIn(saved.findings).length > 0) {
      announce(message);
      focusSummary();
    } else announce(message, { focus: true });
  };

  const submitBlockedReason = (): string | null => {
    if (dataset?.status === 'submitted') return t('catalogue.form.submit.alreadySubmitted');
    if (dataset?.status === 'published' && !dirty) return t('catalogue.form.submit.published');
    const count = problems.length + serverViolations.length;
    if (count > 0)
      return t(count === 1 ? 'catalogue.form.submit.blockedOne' : 'catalogue.form.submit.blocked', { count });
    return null;
  };
  const blockedReason = submitBlockedReason();

  const submit = async () => {
    if (busy !== null || blockedReason !== null) return;
    let id = datasetId;
    let created = false;
    if (id === null || dirty) {
      const saved = await save();
      if (saved === null) return;
      id = saved.id;
      created = saved.created;
      if (violationsIn(saved.findings).length > 0) {
        const message = savedMessage(saved.findings);
        if (created) moveToEditAddress(id, { flash: message, findings: saved.findings });
        else {
          announce(message);
          focusSummary();
        }
        return;
      }
    }
    setBusy('submitting');
    try {
      await api.submitDataset(id);
      void navigate(navigation.myDatasets.path, {
        state: { flash: t('catalogue.form.submitted', { title: draftTitle(draft) }) } satisfies EditorArrival,
      });
    } catch (error) {
      const apiError = toApiError(error);
      const found = findingsFromProblem(apiError);
      if (created) {
        moveToEditAddress(id, { flash: apiError.problem.detail, findings: found });
        return;
      }
      if (found.length > 0) {
        setFindings(found);
        setStale(new Set());
      }
      setShowAll(true);
      setFailure(apiError.problem.detail);
      focusSummary();
    } finally {
      setBusy(null);
    }
  };

  const check = async () => {
    if (datasetId === null || draft.accessRights === '' || busy !== null) return;
    setBusy('checking');
    setFailure(null);
    try {
      const found = await api.validateDataset(
        datasetId,
        recordFromDraft(draft, draft.accessRights, (iri) => labels.get(iri)),
      );
      setFindings(found);
      setStale(new Set());
      setShowAll(true);
      if (violationsIn(found).length > 0) {
        announce(t('catalogue.form.checked.violations', { counts: findingCountsText(found) }));
        focusSummary();
      } else
        announce(t('catalogue.form.checked.clean', { counts: findingCountsText(found) }), { focus: true });
    } catch (error) {
      setFailure(toApiError(error).problem.detail);
      focusSummary();
    } finally {
      setBusy(null);
    }
  };

  const stepIndex = steps.indexOf(step);
  const previous = steps[stepIndex - 1];
  const next = steps[stepIndex + 1];
  const inStep = (s: Step) => (f: Finding) => {
    const field = topField(f.field);
    return field !== null && stepOfField[field] === s;
  };
  // Per step: what blocks (our checks, SHACL violations) and, apart, what is only advice.
  const stepCounts = (s: Step) => ({
    problems:
      visibleProblems.filter((p) => stepOfField[p.field] === s).length +
      serverViolations.filter(inStep(s)).length,
    advice: serverAdvice.filter((f) => f.severity === 'warning').filter(inStep(s)).length,
  });
  const inUse = draftLanguages(draft);

  return (
    <EditorContext value={context}>
      <form
        className="editor"
        noValidate
        onSubmit={(event) => void saveDraft(event)}
        aria-labelledby="editor-step-heading"
      >
        <EditorSummary
          failure={failure}
          problems={showAll ? problems : []}
          violations={serverViolations}
          advice={serverAdvice}
          onGo={goToField}
          summaryRef={summaryRef}
        />

        <div className="editor__layout">
          <nav className="steps" aria-label={t('catalogue.steps.label')}>
            <ol className="steps__list">
              {steps.map((s, index) => {
                const counts = stepCounts(s);
                return (
                  <li key={s} className={s === step ? 'steps__item steps__item--current' : 'steps__item'}>
                    <Link
                      to={stepHref(s)}
                      className="steps__link"
                      {...(s === step ? { 'aria-current': 'step' as const } : {})}
                    >
                      <span className="steps__number" aria-hidden="true">
                        {index + 1}
                      </span>
                      <span>
                        {t(stepTitle[s])}
                        {counts.problems > 0 && (
                          <span className="steps__count">
                            {' '}
                            {t(
                              counts.problems === 1
                                ? 'catalogue.steps.oneProblem'
                                : 'catalogue.steps.problems',
                              {
                                count: counts.problems,
                              },
                            )}
                          </span>
                        )}
                        {counts.advice > 0 && (
                          <span className="steps__advice">
                            {' '}
                            {t(counts.advice === 1 ? 'catalogue.steps.oneAdvice' : 'catalogue.steps.advice', {
                              count: counts.advice,
                            })}
                          </span>
                        )}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </nav>

          <div className="editor__main">
            {step !== 'review' && (
              <div className="language-switch">
                <label className="field__label" htmlFor="dataset-text-language">
                  {t('catalogue.language.switch')}
                </label>
                <p className="field__hint" id="dataset-text-language-hint">
                  {t('catalogue.language.switch.hint')}
                </p>
                <select
                  id="dataset-text-language"
                  className="select"
                  value={language}
                  aria-describedby="dataset-text-language-hint"
                  onChange={(event) => {
                    setLanguage(event.target.value);
                  }}
                >
                  {textLanguages.map((tag) => (
                    <option key={tag} value={tag}>
                      {inUse.includes(tag) && tag !== 'en'
                        ? t('catalogue.language.hasText', { language: languageName(tag) })
                        : languageName(tag)}
                    </option>
                  ))}
                </select>
              </div>
            )}

            <section className="step" aria-labelledby="editor-step-heading">
              <h2 id="editor-step-heading" className="step__heading" ref={stepHeading} tabIndex={-1}>
                <span className="step__progress">
                  {t('catalogue.steps.progress', { n: stepIndex + 1, total: steps.length })}
                </span>{' '}
                {t(stepTitle[step])}
              </h2>
              <p className="step__lead">{t(`catalogue.step.${step}.lead`)}</p>
              <StepBody step={step} stepHref={stepHref} />
              <div className="button-group step__nav">
                {previous !== undefined && (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => {
                      goToStep(previous);
                    }}
                  >
                    {t('catalogue.steps.previous')}
                  </button>
                )}
                {next !== undefined && (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => {
                      // Leaving a step shows what it still lacks, without holding the person back.
                      setTouched(
                        (current) =>
                          new Set([
                            ...current,
                            ...problems.filter((p) => stepOfField[p.field] === step).map((p) => p.field),
                          ]),
                      );
                      goToStep(next);
                    }}
                  >
                    {t('catalogue.steps.next', { step: t(stepTitle[next]) })}
                  </button>
                )}
              </div>
            </section>

            <div className="editor__actions" aria-label={t('catalogue.form.actions')} role="group">
              <div className="button-group">
                <button type="submit" className="button button--secondary" disabled={busy !== null}>
                  {busy === 'saving' ? t('catalogue.form.saving') : t('catalogue.form.save')}
                </button>
                {step === 'review' && datasetId !== null && (
                  <button
                    type="button"
                    className="button button--secondary"
                    disabled={busy !== null}
                    onClick={() => void check()}
                  >
                    {busy === 'checking' ? t('catalogue.form.checking') : t('catalogue.form.check')}
                  </button>
                )}
                <button
                  type="button"
                  className="button"
                  disabled={busy !== null || blockedReason !== null}
                  aria-describedby={blockedReason === null ? 'editor-submit-note' : 'editor-submit-reason'}
                  onClick={() => void submit()}
                >
                  {busy === 'submitting' ? t('catalogue.form.submitting') : t('catalogue.form.submit')}
                </button>
              </div>
              {blockedReason === null ? (
                <p className="editor__note" id="editor-submit-note">
                  {dirty ? t('catalogue.form.submit.savesFirst') : t('catalogue.form.submit.ready')}
                </p>
              ) : (
                <p className="editor__note editor__note--blocked" id="editor-submit-reason">
                  {blockedReason}{' '}
                  {!showAll &&
                    problems.length > 0 &&
                    dataset?.status !== 'submitted' &&
                    (dataset?.status !== 'published' || dirty) && (
                      <button
                        type="button"
                        className="button button--link"
                        onClick={() => {
                          setShowAll(true);
                          focusSummary();
                        }}
                      >
                        {t('catalogue.form.submit.showProblems')}
                      </button>
                    )}
                </p>
              )}
            </div>
          </div>
        </div>
      </form>
    </EditorContext>
  );
};
