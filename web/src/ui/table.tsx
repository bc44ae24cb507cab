import { useId, type ReactNode } from 'react';

/**
 * A data table with its caption. On a narrow screen the table scrolls sideways inside a region that can take
 * keyboard focus, so it can be scrolled without a mouse. `hideCaption` keeps the caption for screen readers
 * where a visible heading just above already says the same.
 */
export const Table = ({
  caption,
  hideCaption = false,
  children,
}: {
  readonly caption: string;
  readonly hideCaption?: boolean;
  readonly children: ReactNode;
}) => {
  const captionId = useId();
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className={hideCaption ? 'visually-hidden' : 'table__caption'}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
};
