import { api } from '../api.js';
import { useApi, type Loaded } from '../use-api.js';
import type { Profile, Vocabularies } from './types.js';

// Vocabularies and the profile change only with a new release of Salus: ask once per visit, not per page.
let vocabularies: Promise<Vocabularies> | undefined;
let profile: Promise<Profile> | undefined;

const once = <T>(load: () => Promise<T>, forget: () => void): Promise<T> =>
  load().catch((error: unknown) => {
    forget();
    throw error;
  });

// The shared promise is never cancelled: another page may be waiting for it too.
const settle = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => {
      reject(new DOMException('Aborted', 'AbortError'));
    });
    promise.then(resolve, reject);
  });

export const useVocabularies = (): Loaded<Vocabularies> =>
  useApi((signal) => {
    vocabularies ??= once(
      () => api.catalogueVocabularies(),
      () => (vocabularies = undefined),
    );
    return settle(vocabularies, signal);
  }, []);

export const useProfile = (): Loaded<Profile> =>
  useApi((signal) => {
    profile ??= once(
      () => api.catalogueProfile(),
      () => (profile = undefined),
    );
    return settle(profile, signal);
  }, []);
