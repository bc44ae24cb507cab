import { useState } from 'react';
import { ApiError, toApiError } from '../api.js';
import { t } from '../i18n/index.js';
import { Page } from '../shell/page.js';
import { ButtonGroup, TextField } from '../ui/fields.js';
import { formatDateTime } from '../ui/format.js';

interface OptOutStatus {
  readonly optedOut: boolean;
  readonly since: string | null;
  readonly receipt: string | null;
}

const post = async (path: string, nationalId: string): Promise<OptOutStatus> => {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ nationalId }),
  });
  const data = (await response.json().catch(() => ({}))) as Partial<OptOutStatus> & {
    detail?: string;
    code?: string;
  };
  if (!response.ok)
    throw new ApiError({
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      detail: data.detail ?? t('error.unexpected', { status: response.status }),
      code: data.code ?? 'http',
    });
  return { optedOut: data.optedOut === true, since: data.since ?? null, receipt: data.receipt ?? null };
};

/**
 * The HDAB's front desk for Art 71 opt-outs made in person or on paper: the identifier is keyed at once
 * and never stored, so the page shows only the outcome and the receipt.
 */
export const OptOutPage = () => {
  const [nationalId, setNationalId] = useState('');
  const [status, setStatus] = useState<OptOutStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = (path: string) => {
    setError(null);
    post(path, nationalId).then(setStatus, (e: unknown) => {
      setError(toApiError(e).problem.detail);
    });
  };
  return (
    <Page title={t('access.optOut.title')} lead={t('access.optOut.lead')}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          run('/api/access/opt-out/status');
        }}
      >
        {error !== null && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <TextField
          id="access-national-id"
          label={t('access.optOut.nationalId')}
          value={nationalId}
          onChange={(v) => {
            setNationalId(v);
            setStatus(null);
          }}
        />
        <ButtonGroup>
          <button type="submit" className="button button--secondary">
            {t('access.optOut.check')}
          </button>
          <button type="button" className="button" onClick={() => run('/api/access/opt-out')}>
            {t('access.optOut.record')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => run('/api/access/opt-out/withdraw')}
          >
            {t('access.optOut.withdraw')}
          </button>
        </ButtonGroup>
      </form>
      {status !== null && (
        <div className="notice" role="status">
          <p>
            {status.optedOut
              ? t('access.optOut.isOut', { since: status.since === null ? '' : formatDateTime(status.since) })
              : t('access.optOut.isIn')}
          </p>
          {status.receipt !== null && <p>{t('access.optOut.receipt', { receipt: status.receipt })}</p>}
        </div>
      )}
    </Page>
  );
};
