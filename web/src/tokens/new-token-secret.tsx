import { useEffect, useRef, useState } from 'react';
import { t } from '../i18n/index.js';

/** The freshly created secret, shown once: the server keeps only its hash. */
export const NewTokenSecret = ({
  secret,
  onDone,
}: {
  readonly secret: string;
  readonly onDone: () => void;
}) => {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyMessage, setCopyMessage] = useState('');

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyMessage(t('tokens.copied'));
    } catch {
      // The clipboard API needs a secure context and permission; selecting the text still lets the user copy.
      inputRef.current?.select();
      setCopyMessage(t('tokens.copyManually'));
    }
  };

  return (
    <section className="panel panel--secret" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading" ref={headingRef} tabIndex={-1}>
        {t('tokens.secretHeading')}
      </h2>
      <p className="warning-text">
        <span className="warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong>{t('tokens.secretWarning')}</strong>
      </p>
      <div className="field">
        <label className="field__label" htmlFor="new-token-secret">
          {t('tokens.secretLabel')}
        </label>
        <input
          ref={inputRef}
          id="new-token-secret"
          className="input input--full input--code"
          type="text"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(event) => {
            event.target.select();
          }}
        />
      </div>
      <div className="button-group">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('tokens.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('tokens.secretDone')}
        </button>
      </div>
      <p className="copy-status" role="status">
        {copyMessage}
      </p>
    </section>
  );
};
