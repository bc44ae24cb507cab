import { t, type MessageKey } from '../../i18n/index.js';

/** The EU's official languages, by BCP 47 tag: the languages a description can be written in. */
export const textLanguages = [
  'en',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'es',
  'et',
  'fi',
  'fr',
  'ga',
  'hr',
  'hu',
  'it',
  'lt',
  'lv',
  'mt',
  'nl',
  'pl',
  'pt',
  'ro',
  'sk',
  'sl',
  'sv',
] as const;

export type TextLanguage = (typeof textLanguages)[number];

const isTextLanguage = (tag: string): tag is TextLanguage =>
  (textLanguages as readonly string[]).includes(tag);

export const languageName = (tag: string): string => {
  if (!isTextLanguage(tag)) return tag;
  const key: MessageKey = `language.${tag}`;
  return t(key);
};
