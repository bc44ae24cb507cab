import { useState, type ChangeEvent, type SubmitEvent } from 'react';
import { toApiError, type ApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { useAnnounce } from '../shell/status.js';
import { SelectField, TextField } from '../ui/fields.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { ProblemNotice } from '../ui/problem-notice.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi } from '../use-api.js';
import { duration, JobStatusBadge, jobStatusLabel } from './labels.js';
import { workspaceApi, type Job } from './workspace-api.js';

type Language = 'python' | 'r';

const starters: Readonly<Record<Language, string>> = {
  python: `import pandas as pd

# The extract's tables are CSV files in the folder named by SALUS_EXTRACT (read-only);
# whatever the script writes to the current folder becomes an output.
import os
person = pd.read_csv(os.path.join(os.environ.get("SALUS_EXTRACT", "extract"), "person.csv"))
person.groupby("gender_concept_id").size().rename("n").to_csv("persons_by_gender.csv")
`,
  r: `# The extract's tables are CSV files in the folder named by SALUS_EXTRACT (read-only);
# whatever the script writes to the current folder becomes an output.
extract <- Sys.getenv("SALUS_EXTRACT", "extract")
person <- read.csv(file.path(extract, "person.csv"))
counts <- as.data.frame(table(person$gender_concept_id))
names(counts) <- c("gender_concept_id", "n")
write.csv(counts, "persons_by_gender.csv", row.names = FALSE)
`,
};

const languageOf = (fileName: string): Language | null => {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  return extension === 'py' ? 'python' : extension === 'r' ? 'r' : null;
};

const languageLabel = (language: Job['language']): string => t(`workspace.job.language.${language}`);

const JobRow = ({ job }: { readonly job: Job }) => (
  <>
    <tr>
      <th scope="row">{job.name}</th>
      <td>{languageLabel(job.language)}</td>
      <td>
        <JobStatusBadge status={job.status} />
      </td>
      <td className="numeric nowrap">{duration(job.durationMs)}</td>
      <td className="nowrap">{formatDateTime(job.startedAt)}</td>
      <td className="code">{job.outputs.join(', ') || '–'}</td>
    </tr>
    {(job.message !== null || (job.logTail ?? '') !== '') && (
      <tr className="ws-job-log">
        <td colSpan={6}>
          {job.message !== null && <p className="ws-job-log__message">{job.message}</p>}
          {(job.logTail ?? '') !== '' && (
            <details>
              <summary>{t('workspace.job.log', { name: job.name })}</summary>
              <pre className="ws-log" tabIndex={0}>
                {job.logTail}
              </pre>
            </details>
          )}
        </td>
      </tr>
    )}
  </>
);

/** Python and R scripts, written here or uploaded, run as jobs in the sandbox; the jobs with their logs. */
export const ScriptsPanel = ({
  workspaceId,
  canWork,
  onRan,
}: {
  readonly workspaceId: string;
  readonly canWork: boolean;
  readonly onRan: () => void;
}) => {
  const announce = useAnnounce();
  const jobs = useApi((signal) => workspaceApi.jobs(workspaceId, signal), [workspaceId]);
  const [language, setLanguage] = useState<Language>('python');
  const [name, setName] = useState('');
  const [script, setScript] = useState(starters.python);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [last, setLast] = useState<Job | null>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    setScript(await file.text());
    const guessed = languageOf(file.name);
    if (guessed !== null) setLanguage(guessed);
    if (name.trim() === '') setName(file.name);
  };

  const run = async (event: SubmitEvent) => {
    event.preventDefault();
    setRunning(true);
    setError(null);
    setLast(null);
    try {
      const job = await workspaceApi.runJob(workspaceId, {
        language,
        script,
        ...(name.trim() === '' ? {} : { name: name.trim() }),
      });
      setLast(job);
      announce(t('workspace.job.finished', { name: job.name, status: jobStatusLabel(job.status) }));
      jobs.reload();
      onRan();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section aria-labelledby="ws-scripts-heading">
      <h2 id="ws-scripts-heading">{t('workspace.scripts.heading')}</h2>
      <p>{t('workspace.scripts.lead')}</p>
      <form noValidate onSubmit={(event) => void run(event)}>
        <SelectField
          id="ws-language"
          label={t('workspace.scripts.language')}
          value={language}
          onChange={(next) => {
            // A starter script follows the language until the user has written their own.
            if (script === starters[language]) setScript(starters[next]);
            setLanguage(next);
          }}
          options={[
            { value: 'python', label: t('workspace.job.language.python') },
            { value: 'r', label: t('workspace.job.language.r') },
          ]}
        />
        <TextField
          id="ws-job-name"
          label={t('workspace.scripts.name')}
          optional
          value={name}
          onChange={setName}
        />
        <div className="field">
          <label className="field__label" htmlFor="ws-script-file">
            {t('workspace.scripts.upload')}
          </label>
          <p className="field__hint" id="ws-script-file-hint">
            {t('workspace.scripts.uploadHint')}
          </p>
          <input
            id="ws-script-file"
            type="file"
            className="file-input"
            accept=".py,.r,.R,text/plain"
            aria-describedby="ws-script-file-hint"
            onChange={(event) => void upload(event)}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="ws-script">
            {t('workspace.scripts.script')}
          </label>
          <textarea
            id="ws-script"
            className="textarea ws-code"
            rows={12}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            value={script}
            onChange={(event) => {
              setScript(event.target.value);
            }}
          />
        </div>
        <button type="submit" className="button" disabled={!canWork || running || script.trim() === ''}>
          {running ? t('workspace.scripts.running') : t('workspace.scripts.run')}
        </button>
      </form>
      <div aria-live="polite" className="ws-result">
        {running && <Spinner label={t('workspace.scripts.runningLong')} />}
        {error !== null && <ProblemNotice error={error} />}
        {last !== null && (
          <div className={last.status === 'succeeded' ? 'notice notice--success' : 'notice notice--error'}>
            <p>
              <strong>{last.name}</strong>: <JobStatusBadge status={last.status} /> (
              {duration(last.durationMs)})
            </p>
            {last.message !== null && <p>{last.message}</p>}
            {last.outputs.length > 0 && (
              <p>{t('workspace.job.outputs', { files: last.outputs.join(', ') })}</p>
            )}
          </div>
        )}
      </div>
      <h3>{t('workspace.jobs.heading')}</h3>
      {jobs.error !== undefined && <LoadError error={jobs.error} onRetry={jobs.reload} />}
      {jobs.data === undefined ? (
        jobs.loading && <Spinner label={t('workspace.jobs.loading')} />
      ) : jobs.data.length === 0 ? (
        <p className="muted">{t('workspace.jobs.empty')}</p>
      ) : (
        <Table caption={t('workspace.jobs.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.jobs.name')}</th>
              <th scope="col">{t('workspace.jobs.language')}</th>
              <th scope="col">{t('workspace.jobs.status')}</th>
              <th scope="col" className="numeric">
                {t('workspace.jobs.duration')}
              </th>
              <th scope="col">{t('workspace.jobs.started')}</th>
              <th scope="col">{t('workspace.jobs.outputs')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.map((job) => (
              <JobRow key={job.id} job={job} />
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
};
