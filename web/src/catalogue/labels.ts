import { locale, t } from '../i18n/index.js';
import { isAccessLevel, type Concept, type LangText, type Vocabularies } from './types.js';

/** The language the UI speaks, as a BCP 47 primary tag (`en`), for picking from multilingual text. */
export const uiLanguage = locale.toLowerCase().split('-')[0] ?? 'en';

/** A multilingual text in the reader's language, else English, else whatever language it has. */
export const pickText = (text: LangText | undefined | null): string => {
  if (text === undefined || text === null) return '';
  const preferred = text[uiLanguage] ?? text['en'];
  if (preferred !== undefined && preferred.trim() !== '') return preferred;
  return Object.values(text).find((value) => value.trim() !== '') ?? '';
};

/** The part of an IRI after its last `/` or `#`, as a last resort for a term no vocabulary names. */
export const localName = (iri: string): string => {
  const trimmed = iri.replace(/[/#]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('#'));
  return decodeURIComponent(cut === -1 ? trimmed : trimmed.slice(cut + 1)).replace(/[_-]+/g, ' ');
};

export type LabelIndex = ReadonlyMap<string, string>;

export const labelIndex = (vocabularies: Vocabularies | undefined): LabelIndex => {
  const index = new Map<string, string>();
  for (const terms of Object.values(vocabularies ?? {})) {
    for (const term of terms) index.set(term.iri, term.label);
  }
  return index;
};

/** A term's label: from the vocabulary, else the one the record carries, else the end of its IRI. */
export const conceptLabel = (concept: Concept | string, index: LabelIndex): string => {
  const iri = typeof concept === 'string' ? concept : concept.iri;
  const carried = typeof concept === 'string' ? undefined : concept.label;
  return index.get(iri) ?? (carried !== undefined && carried !== '' ? carried : localName(iri));
};

/** Access levels read in the UI's own words; an unknown value is shown as the server sent it. */
export const accessLabel = (value: string): string =>
  isAccessLevel(value) ? t(`catalogue.access.${value}`) : value;

const numbers = new Intl.NumberFormat(locale);
export const formatNumber = (value: number): string => numbers.format(value);

const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
/** A calendar date (`2024-05-01` or a date-time), without shifting it into another day by time zone. */
export const formatDate = (value: string): string => {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : dates.format(date);
};

const year = (value: string | null | undefined): string => value?.slice(0, 4) ?? '';

/** `2015–2024`, `from 2015`, `until 2024`; empty when there is no coverage. */
export const formatYears = (period: { start?: string | null; end?: string | null } | null | undefined) => {
  const start = year(period?.start);
  const end = year(period?.end);
  if (start !== '' && end !== '')
    return start === end ? start : t('catalogue.range.both', { from: start, to: end });
  if (start !== '') return t('catalogue.range.from', { from: start });
  if (end !== '') return t('catalogue.range.to', { to: end });
  return '';
};

export const formatAges = (min: number | null | undefined, max: number | null | undefined): string => {
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  if (hasMin && hasMax) return t('catalogue.ages.both', { min, max });
  if (hasMin) return t('catalogue.ages.from', { min });
  if (hasMax) return t('catalogue.ages.to', { max });
  return '';
};

const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
export const formatBytes = (bytes: number): string => {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit] ?? ''}`;
};

/** Shortens a description for a result card at a word boundary. */
export const shorten = (text: string, max = 240): string => {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
};
