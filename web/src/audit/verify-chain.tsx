import { useState } from 'react';
import { api, toApiError, type ApiError, type ChainVerification } from '../api.js';
import { t } from '../i18n/index.js';
import { Spinner } from '../ui/spinner.js';

type State =
  | { readonly step: 'idle' }
  | { readonly step: 'verifying' }
  | { readonly step: 'done'; readonly result: ChainVerification }
  | { readonly step: 'failed'; readonly error: ApiError };

const describe = (result: ChainVerification): string => {
  if (result.ok) return t('audit.verifyOk', { checked: result.checked });
  if (result.firstBroken === null) return t('audit.verifyBrokenUnknown', { checked: result.checked });
  return t('audit.verifyBroken', { ...result.firstBroken, checked: result.checked });
};

/** Recomputes the hash chain on the server and says, in words, whether any past event was altered. */
export const VerifyChain = () => {
  const [state, setState] = useState<State>({ step: 'idle' });

  const verify = async () => {
    setState({ step: 'verifying' });
    try {
      setState({ step: 'done', result: await api.verifyAuditChain() });
    } catch (error) {
      setState({ step: 'failed', error: toApiError(error) });
    }
  };

  return (
    <section className="panel" aria-labelledby="audit-verify-heading">
      <h2 id="audit-verify-heading">{t('audit.verifyHeading')}</h2>
      <button
        type="button"
        className="button"
        onClick={() => void verify()}
        disabled={state.step === 'verifying'}
      >
        {t('audit.verify')}
      </button>
      {/* Always present so the result is announced when it arrives. */}
      <div aria-live="polite" className="verify-result">
        {state.step === 'verifying' && <Spinner label={t('audit.verifying')} />}
        {state.step === 'done' && (
          <p className={state.result.ok ? 'notice notice--success' : 'notice notice--error'}>
            {describe(state.result)}
          </p>
        )}
        {state.step === 'failed' && <p className="notice notice--error">{state.error.problem.detail}</p>}
      </div>
    </section>
  );
};
