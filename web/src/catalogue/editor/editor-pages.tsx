import { useLocation, useParams } from 'react-router';
import { api } from '../../api.js';
import { t } from '../../i18n/index.js';
import { Page } from '../../shell/page.js';
import { useSignedInUser } from '../../shell/session.js';
import { useApi } from '../../use-api.js';
import { formatDate, pickText } from '../labels.js';
import { LoadError } from '../../ui/load-error.js';
import { Spinner } from '../../ui/spinner.js';
import { StatusBadge } from '../badges.js';
import { arrivalFindings, useFlash } from '../flash.js';
import type { DatasetDetail, Finding } from '../types.js';
import { useProfile, useVocabularies } from '../vocabularies.js';
import { DatasetEditor } from './dataset-editor.js';
import { draftFromRecord, newDraft } from './draft.js';

const isFindingList = (value: unknown): value is Finding[] => Array.isArray(value);

const StatusNotice = ({ dataset }: { readonly dataset: DatasetDetail }) => {
  switch (dataset.status) {
    case 'draft':
      return null;
    case 'returned':
      return (
        <div className="notice notice--warning">
          <p>
            <strong>{t('catalogue.returned.title')}</strong>
          </p>
          {dataset.returnMessage !== null && <p className="prose">{dataset.returnMessage}</p>}
          <p>{t('catalogue.returned.next')}</p>
        </div>
      );
    case 'submitted':
      return (
        <div className="notice">
          <p>{t('catalogue.editor.submittedNotice')}</p>
        </div>
      );
    case 'published':
      return (
        <div className="notice">
          <p>{t('catalogue.editor.publishedNotice')}</p>
        </div>
      );
  }
};

export const NewDatasetPage = () => {
  const user = useSignedInUser();
  const vocabularies = useVocabularies();
  const profile = useProfile();
  const error = vocabularies.error ?? profile.error;
  return (
    <Page title={t('catalogue.editor.newTitle')} lead={t('catalogue.editor.lead')}>
      {error !== undefined && (
        <LoadError
          error={error}
          onRetry={() => {
            vocabularies.reload();
            profile.reload();
          }}
        />
      )}
      {vocabularies.data === undefined || profile.data === undefined ? (
        error === undefined && <Spinner label={t('catalogue.editor.loading')} />
      ) : (
        <DatasetEditor
          initial={newDraft(user.organisation)}
          dataset={null}
          initialFindings={[]}
          vocabularies={vocabularies.data}
          profile={profile.data}
        />
      )}
    </Page>
  );
};

export const EditDatasetPage = () => {
  const { id = '' } = useParams();
  const location = useLocation();
  const dataset = useApi((signal) => api.getDataset(id, signal), [id]);
  const vocabularies = useVocabularies();
  const profile = useProfile();
  const ready = dataset.data !== undefined && vocabularies.data !== undefined && profile.data !== undefined;
  useFlash(ready);
  const error = dataset.error ?? vocabularies.error ?? profile.error;
  const carried = arrivalFindings(location.state);
  const title = dataset.data === undefined ? '' : pickText(dataset.data.title);

  return (
    <Page
      title={
        title === '' ? t('catalogue.editor.editTitleLoading') : t('catalogue.editor.editTitle', { title })
      }
    >
      {dataset.data !== undefined && (
        <p className="editor-status">
          <StatusBadge status={dataset.data.status} />{' '}
          <span className="muted">
            {t('catalogue.versions.label', { version: dataset.data.version })} ·{' '}
            {t('catalogue.dataset.modified', { date: formatDate(dataset.data.modified) })}
          </span>
        </p>
      )}
      {dataset.data !== undefined && <StatusNotice dataset={dataset.data} />}
      {error !== undefined && (
        <LoadError
          error={error}
          onRetry={() => {
            dataset.reload();
            vocabularies.reload();
            profile.reload();
          }}
        />
      )}
      {!ready ? (
        error === undefined && <Spinner label={t('catalogue.editor.loading')} />
      ) : (
        <DatasetEditor
          // A fresh form for each version of the description the server holds.
          key={`${dataset.data.id}-${String(dataset.data.version)}-${dataset.data.modified}`}
          initial={draftFromRecord(dataset.data.record)}
          dataset={dataset.data}
          initialFindings={isFindingList(carried) ? carried : dataset.data.findings}
          vocabularies={vocabularies.data}
          profile={profile.data}
        />
      )}
    </Page>
  );
};
