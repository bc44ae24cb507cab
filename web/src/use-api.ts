import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { isAbort, toApiError, type ApiError } from './api.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  /** True while a load is in flight; `data` keeps the previous result meanwhile so the page does not jump. */
  readonly loading: boolean;
  readonly reload: () => void;
  /** Applies a local change (an item added or removed) without asking the server again. */
  readonly update: (change: (current: T) => T) => void;
}

interface State<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
}

/** Loads data when the component mounts and whenever `deps` change; a newer load cancels an older one. */
export const useApi = <T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> => {
  const [state, setState] = useState<State<T>>({ data: undefined, error: undefined, loading: true });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true }));
    load(controller.signal).then(
      (data) => {
        setState({ data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState((current) => ({ data: current.data, error: toApiError(error), loading: false }));
      },
    );
    return () => {
      controller.abort();
    };
    // `load` is a fresh closure each render; the caller's deps say when it means something new.
  }, [...deps, version]);

  const reload = useCallback(() => {
    setVersion((v) => v + 1);
  }, []);
  const update = useCallback((change: (current: T) => T) => {
    setState((current) =>
      current.data === undefined ? current : { ...current, data: change(current.data) },
    );
  }, []);

  return { ...state, reload, update };
};
