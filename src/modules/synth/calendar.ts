/**
 * Dates as whole days since 1970-01-01 (UTC), which is what the simulation reasons in, and their FHIR
 * spellings. Formatting goes through a cache: millions of resources share a few thousand distinct days.
 */
export type Day = number;

const msPerDay = 86_400_000;
export const daysPerYear = 365.25;

export function dayOf(year: number, month: number, day: number): Day {
  return Math.floor(Date.UTC(year, month - 1, day) / msPerDay);
}

export function dayOfIso(date: string): Day {
  return Math.floor(Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date) / msPerDay);
}

export function yearOf(day: Day): number {
  return new Date(day * msPerDay).getUTCFullYear();
}

/** Age in (fractional) years at a day. */
export function ageAt(birth: Day, day: Day): number {
  return (day - birth) / daysPerYear;
}

/** The day a person reaches a (fractional) age. */
export function dayAtAge(birth: Day, age: number): Day {
  return birth + Math.round(age * daysPerYear);
}

const cacheFirst = dayOf(1880, 1, 1);
const cacheLast = dayOf(2130, 12, 31);
const dateCache: (string | undefined)[] = new Array<string | undefined>(cacheLast - cacheFirst + 1);

/** `YYYY-MM-DD`. */
export function isoDate(day: Day): string {
  const i = day - cacheFirst;
  if (i >= 0 && i < dateCache.length) {
    const hit = dateCache[i];
    if (hit !== undefined) return hit;
    const made = new Date(day * msPerDay).toISOString().slice(0, 10);
    dateCache[i] = made;
    return made;
  }
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

const clock: string[] = Array.from({ length: 1440 }, (_, m) => {
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `T${hh}:${mm}:00Z`;
});

/** `YYYY-MM-DDThh:mm:00Z` for a day and a minute of that day. */
export function isoDateTime(day: Day, minute: number): string {
  return isoDate(day) + (clock[Math.min(1439, Math.max(0, Math.floor(minute)))] ?? 'T00:00:00Z');
}
