import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { t } from '../i18n/index.js';

interface Message {
  readonly text: string;
  /** A new id for every announcement, so that saying the same thing twice is still heard twice. */
  readonly id: number;
}

interface StatusContextValue {
  readonly message: Message | null;
  readonly announce: (text: string) => void;
  readonly clear: () => void;
}

const StatusContext = createContext<StatusContextValue | null>(null);

export const StatusProvider = ({ children }: { readonly children: ReactNode }) => {
  const [message, setMessage] = useState<Message | null>(null);
  const announce = useCallback((text: string) => {
    setMessage((current) => ({ text, id: (current?.id ?? 0) + 1 }));
  }, []);
  const clear = useCallback(() => {
    setMessage(null);
  }, []);
  const value = useMemo(() => ({ message, announce, clear }), [message, announce, clear]);
  return <StatusContext value={value}>{children}</StatusContext>;
};

const useStatusContext = (): StatusContextValue => {
  const value = useContext(StatusContext);
  if (value === null) throw new Error('useStatus must be used inside <StatusProvider>');
  return value;
};

/** Tells the user (and their screen reader) that something has happened: "Token revoked". */
export const useAnnounce = (): ((text: string) => void) => useStatusContext().announce;
export const useClearStatus = (): (() => void) => useStatusContext().clear;

/**
 * The live region for status messages. It is always in the page, empty when there is nothing to say,
 * because screen readers only announce changes to a region that already exists.
 */
export const StatusRegion = () => {
  const { message, clear } = useStatusContext();
  return (
    <div className={message === null ? 'status' : 'status status--shown'} role="status" aria-live="polite">
      {message !== null && (
        <div className="status__message" key={message.id}>
          <p>{message.text}</p>
          <button type="button" className="button button--link" onClick={clear}>
            {t('status.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
};
