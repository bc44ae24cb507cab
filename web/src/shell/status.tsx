import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { t } from '../i18n/index.js';

interface Message {
  readonly text: string;
  /** A new id for every announcement, so that saying the same thing twice is still heard twice. */
  readonly id: number;
  readonly focus: boolean;
}

export interface AnnounceOptions {
  /**
   * Move focus to the message (which scrolls it into view), as the GOV.UK success banner does: for the outcome
   * of a form that sits further down the page, where the message at the top would otherwise go unseen.
   */
  readonly focus?: boolean;
}

export type Announce = (text: string, options?: AnnounceOptions) => void;

interface StatusContextValue {
  readonly message: Message | null;
  readonly announce: Announce;
  readonly clear: () => void;
}

const StatusContext = createContext<StatusContextValue | null>(null);

export const StatusProvider = ({ children }: { readonly children: ReactNode }) => {
  const [message, setMessage] = useState<Message | null>(null);
  const announce = useCallback<Announce>((text, options) => {
    setMessage((current) => ({ text, id: (current?.id ?? 0) + 1, focus: options?.focus ?? false }));
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
export const useAnnounce = (): Announce => useStatusContext().announce;
export const useClearStatus = (): (() => void) => useStatusContext().clear;

/**
 * The live region for status messages. It is always in the page, empty when there is nothing to say,
 * because screen readers only announce changes to a region that already exists.
 */
export const StatusRegion = () => {
  const { message, clear } = useStatusContext();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message?.focus === true) ref.current?.focus();
  }, [message]);
  return (
    <div className={message === null ? 'status' : 'status status--shown'} role="status" aria-live="polite">
      {message !== null && (
        <div className="status__message" key={message.id} ref={ref} tabIndex={-1}>
          <p>{message.text}</p>
          <button type="button" className="button button--link" onClick={clear}>
            {t('status.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
};
