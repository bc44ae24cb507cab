import { en } from './en.js';

/** The shape every language file has: the English keys, each with its own text. */
export type Messages = { readonly [K in keyof typeof en]: string };
export type MessageKey = keyof Messages;
export type MessageParams = Readonly<Record<string, string | number>>;

// Register further languages here; the first one whose code the browser prefers wins.
const catalogues: Readonly<Record<string, Messages>> = { en };
const fallback = 'en';

const pickLanguage = (): string => {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of preferred) {
    const code = tag.toLowerCase().split('-')[0] ?? '';
    if (code in catalogues) return code;
  }
  return fallback;
};

const active: Messages = catalogues[pickLanguage()] ?? en;

/** The BCP 47 locale the UI speaks, for the page's `lang` attribute and for formatting dates. */
export const locale = active['meta.locale'];

/** The text for `key`, with each `{name}` replaced by `params.name`. */
export const t = (key: MessageKey, params?: MessageParams): string => {
  const text = active[key];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
};
