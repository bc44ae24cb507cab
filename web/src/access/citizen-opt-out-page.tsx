import { useEffect, useState } from 'react';
import { ApiError, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { ButtonGroup } from '../ui/fields.js';
import { formatDateTime } from '../ui/format.js';
import { Spinner } from '../ui/spinner.js';

interface Status {
  readonly optedOut: boolean;
  readonly since: string | null;
}

interface Receipt {
  readonly action: 'opt_out' | 'opt_in';
  readonly at: string;
  readonly number: string;
}

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly status: Status };

/** The citizens' API: their own session cookie travels only there. */
const call = async <T,>(method: 'GET' | 'POST', path: string): Promise<T> => {
  const response = await fetch(`/api/citizen/${path}`, {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  const data = (await response.json().catch(() => ({}))) as T & { detail?: string; code?: string };
  if (!response.ok)
    throw new ApiError({
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      detail: data.detail ?? t('error.unexpected', { status: response.status }),
      code: data.code ?? 'http',
    });
  return data;
};

/**
 * A citizen's own Art 71 opt-out: they sign in with their national eID, see their choice, change it and
 * keep a receipt. The page knows nothing else about them: the node holds only a pseudonym and a time.
 */
export const CitizenOptOutPage = () => {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call<Status>('GET', 'opt-out').then(
      (status) => {
        setState({ kind: 'signed-in', status });
      },
      (e: unknown) => {
        const problem = toApiError(e);
        if (problem.status === 401) setState({ kind: 'signed-out' });
        else setError(problem.problem.detail);
      },
    );
  }, []);

  const choose = (path: 'opt-out' | 'opt-in') => {
    setBusy(true);
    setError(null);
    call<{ status: Status; receipt: Receipt }>('POST', path)
      .then(
        (result) => {
          setState({ kind: 'signed-in', status: result.status });
          setReceipt(result.receipt);
        },
        (e: unknown) => {
          const problem = toApiError(e);
          if (problem.status === 401) setState({ kind: 'signed-out' });
          setError(problem.problem.detail);
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <Page title={t('citizen.optOut.title')} lead={t('citizen.optOut.lead')}>
      {error !== null && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {state.kind === 'loading' && error === null && <Spinner label={t('citizen.optOut.loading')} />}
      {state.kind === 'signed-out' && (
        <>
          <p>{t('citizen.optOut.signInLead')}</p>
          <p>
            <a className="button" href="/auth/citizen/login">
              {t('citizen.optOut.signIn')}
            </a>
          </p>
        </>
      )}
      {state.kind === 'signed-in' && (
        <>
          <div className="notice" data-testid="opt-out-status">
            <p>
              {state.status.optedOut
                ? t('citizen.optOut.isOut', {
                    since: state.status.since === null ? '' : formatDateTime(state.status.since),
                  })
                : t('citizen.optOut.isIn')}
            </p>
          </div>
          <p className="muted">{t('citizen.optOut.exempt')}</p>
          <ButtonGroup>
            {state.status.optedOut ? (
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => {
                  choose('opt-in');
                }}
              >
                {t('citizen.optOut.optIn')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--warning"
                disabled={busy}
                onClick={() => {
                  choose('opt-out');
                }}
              >
                {t('citizen.optOut.optOut')}
              </button>
            )}
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                void call<{ redirectTo: string }>('POST', 'sign-out').then(
                  (r) => {
                    window.location.assign(r.redirectTo);
                  },
                  () => {
                    setState({ kind: 'signed-out' });
                  },
                );
              }}
            >
              {t('citizen.optOut.signOut')}
            </button>
          </ButtonGroup>
          {receipt !== null && (
            <section
              className="notice notice--success receipt"
              role="status"
              aria-label={t('citizen.optOut.receipt')}
            >
              <h2>{t('citizen.optOut.receipt')}</h2>
              <p>
                {receipt.action === 'opt_out'
                  ? t('citizen.optOut.receiptOut')
                  : t('citizen.optOut.receiptIn')}
              </p>
              <dl className="summary-list">
                <dt>{t('citizen.optOut.receiptTime')}</dt>
                <dd>{formatDateTime(receipt.at)}</dd>
                <dt>{t('citizen.optOut.receiptNumber')}</dt>
                <dd data-testid="receipt-number">{receipt.number}</dd>
              </dl>
              <p>{t('citizen.optOut.receiptKeep')}</p>
            </section>
          )}
        </>
      )}
    </Page>
  );
};
