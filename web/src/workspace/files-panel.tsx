import { useState } from 'react';
import { t } from '../i18n/index.js';
import { formatDateTime } from '../ui/format.js';
import { LoadError } from '../ui/load-error.js';
import { Spinner } from '../ui/spinner.js';
import { Table } from '../ui/table.js';
import { useApi, type Loaded } from '../use-api.js';
import { FilePreviewView } from './file-preview.js';
import { fileSize } from './labels.js';
import { workspaceApi, type WorkspaceFile } from './workspace-api.js';

const Preview = ({ workspaceId, name }: { readonly workspaceId: string; readonly name: string }) => {
  const preview = useApi((signal) => workspaceApi.preview(workspaceId, name, signal), [workspaceId, name]);
  return (
    <section className="ws-preview" aria-labelledby="ws-preview-heading" aria-live="polite">
      <h3 id="ws-preview-heading">{t('workspace.files.previewHeading', { name })}</h3>
      {preview.error !== undefined && <LoadError error={preview.error} onRetry={preview.reload} />}
      {preview.data === undefined || preview.data.name !== name ? (
        preview.loading && <Spinner label={t('workspace.files.previewLoading')} />
      ) : (
        <FilePreviewView preview={preview.data} />
      )}
    </section>
  );
};

/** The workspace's outputs folder: to look at here; files leave only through an output request. */
export const FilesPanel = ({
  workspaceId,
  files,
}: {
  readonly workspaceId: string;
  readonly files: Loaded<WorkspaceFile[]>;
}) => {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="ws-files-heading">
      <h2 id="ws-files-heading">{t('workspace.files.heading')}</h2>
      <p>{t('workspace.files.lead')}</p>
      {files.error !== undefined && <LoadError error={files.error} onRetry={files.reload} />}
      {files.data === undefined ? (
        files.loading && <Spinner label={t('workspace.files.loading')} />
      ) : files.data.length === 0 ? (
        <p className="muted">{t('workspace.files.empty')}</p>
      ) : (
        <Table caption={t('workspace.files.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.files.name')}</th>
              <th scope="col" className="numeric">
                {t('workspace.files.size')}
              </th>
              <th scope="col">{t('workspace.files.modified')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.data.map((f) => (
              <tr key={f.name}>
                <th scope="row" className="code">
                  {f.name}
                </th>
                <td className="numeric nowrap">{fileSize(f.size)}</td>
                <td className="nowrap">{formatDateTime(f.modifiedAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-pressed={open === f.name}
                    aria-label={t('workspace.files.previewLabel', { name: f.name })}
                    onClick={() => {
                      setOpen(open === f.name ? null : f.name);
                    }}
                  >
                    {t('workspace.files.preview')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {open !== null && <Preview workspaceId={workspaceId} name={open} />}
    </section>
  );
};
