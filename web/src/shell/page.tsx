import { useEffect, type ReactNode } from 'react';
import { t } from '../i18n/index.js';

/**
 * Every page: sets the browser tab's title and renders the one `<h1>`. The heading can take focus so that,
 * after moving to another page, the layout can put the keyboard and screen reader at its start.
 */
export const Page = ({
  title,
  heading = title,
  lead,
  children,
}: {
  /** For the browser tab and history; also the heading unless `heading` says otherwise. */
  readonly title: string;
  readonly heading?: string;
  readonly lead?: string;
  readonly children?: ReactNode;
}) => {
  useEffect(() => {
    document.title = t('app.title', { page: title });
  }, [title]);

  return (
    <>
      <h1 className="page-heading" tabIndex={-1}>
        {heading}
      </h1>
      {lead !== undefined && <p className="lead">{lead}</p>}
      {children}
    </>
  );
};
