import { t } from '../i18n/index.js';
import { Table } from '../ui/table.js';
import { fileSize, number } from './labels.js';
import type { FilePreview } from './workspace-api.js';

/**
 * A look at a file without handing it over: a table's first rows, a chart as an image, a text. The image's
 * alternative text is `description` where the requester wrote one (what the chart shows), else its name.
 */
export const FilePreviewView = ({
  preview,
  description,
}: {
  readonly preview: FilePreview;
  readonly description?: string;
}) => {
  switch (preview.kind) {
    case 'table': {
      const table = preview.table ?? { header: [], rows: [] };
      return (
        <Table
          caption={t('workspace.preview.tableCaption', {
            name: preview.name,
            rows: number(table.rows.length),
            size: fileSize(preview.size),
          })}
        >
          <thead>
            <tr>
              {table.header.map((h, i) => (
                <th scope="col" key={`${i}-${h}`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} className="code">
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      );
    }
    case 'image':
      return (
        <figure className="ws-image">
          <img
            src={preview.dataUrl}
            alt={description ?? t('workspace.preview.imageAlt', { name: preview.name })}
            className="ws-image__img"
          />
          <figcaption className="muted">
            {preview.name} ({fileSize(preview.size)})
          </figcaption>
        </figure>
      );
    case 'text':
      return (
        <figure className="ws-image">
          <pre className="ws-log" tabIndex={0} aria-label={preview.name}>
            {preview.text}
          </pre>
          <figcaption className="muted">
            {preview.name} ({fileSize(preview.size)})
          </figcaption>
        </figure>
      );
    case 'other':
      return <p>{t('workspace.preview.other', { name: preview.name, size: fileSize(preview.size) })}</p>;
  }
};
