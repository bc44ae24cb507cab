import { useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiToken } from '../api.js';
import { t } from '../i18n/index.js';

/**
 * Revoking takes two presses: "Revoke", then "Yes, revoke". Focus moves to whichever button replaces the one
 * pressed, so a keyboard user is never dropped at the top of the page.
 */
export const RevokeToken = ({
  token,
  onRevoked,
  onError,
}: {
  readonly token: ApiToken;
  readonly onRevoked: (token: ApiToken) => void;
  readonly onError: (detail: string) => void;
}) => {
  const [step, setStep] = useState<'idle' | 'confirming' | 'revoking'>('idle');
  const revokeRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    // Only after the user acted: on first render focus must stay where it is.
    if (!moved.current) return;
    if (step === 'confirming') confirmRef.current?.focus();
    if (step === 'idle') revokeRef.current?.focus();
  }, [step]);

  const go = (next: typeof step) => {
    moved.current = true;
    setStep(next);
  };

  const revoke = async () => {
    go('revoking');
    try {
      await api.revokeToken(token.id);
      onRevoked(token);
    } catch (error) {
      onError(toApiError(error).problem.detail);
      go('idle');
    }
  };

  if (step === 'idle') {
    return (
      <button
        ref={revokeRef}
        type="button"
        className="button button--warning button--small"
        aria-label={t('tokens.revokeLabel', { name: token.name })}
        onClick={() => {
          go('confirming');
        }}
      >
        {t('tokens.revoke')}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={t('tokens.revokeLabel', { name: token.name })}>
      <p className="confirm__question">{t('tokens.revokeConfirm')}</p>
      <div className="button-group">
        <button
          ref={confirmRef}
          type="button"
          className="button button--warning button--small"
          disabled={step === 'revoking'}
          onClick={() => void revoke()}
        >
          {t('tokens.revokeYes')}
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={step === 'revoking'}
          onClick={() => {
            go('idle');
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
};
