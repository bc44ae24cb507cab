import { locale } from '../i18n/index.js';

const local = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** A date and time in the reader's own time zone, for dates a person acts on (token expiry, last login). */
export const formatDateTime = (iso: string): string => local.format(new Date(iso));

/** `2025-03-01 14:03:22`: audit times stay in UTC so that they line up with server logs. */
export const formatUtc = (iso: string): string => new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
