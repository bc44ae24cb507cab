import type { Sex } from '../epidemiology.js';
import type { Prng } from '../prng.js';

/**
 * What it takes to make direct identifiers look like one country's: its names, towns, streets and telephone
 * plan. Every name, town and street is real and common; every combination is made up.
 */

export type CountryCode = 'LT' | 'BE';

export interface NamePool {
  readonly surnames: readonly string[];
  readonly given: Readonly<Record<Sex, readonly string[]>>;
  /** A woman's form of a surname where the language inflects it (Lithuanian, Polish, Russian). */
  readonly feminine?: (surname: string, married: boolean) => string;
}

export interface Place {
  readonly city: string;
  /** Relative population. */
  readonly weight: number;
  /** Telephone area code, without the trunk prefix. */
  readonly area: string;
  readonly streets: readonly string[];
  /** How likely its residents' names come from each of the country's pools (parallel to `pools`). */
  readonly poolWeights: readonly number[];
  postalCode(rng: Prng): string;
}

export interface CountryProfile {
  readonly code: CountryCode;
  readonly pools: readonly NamePool[];
  readonly places: readonly Place[];
  /** The first line of an address: street, number and maybe a flat or box. */
  addressLine(rng: Prng, street: string, place: Place): string;
  phone(rng: Prng, place: Place, mobile: boolean): string;
}

/** A list written as one `|`-separated string, which stays readable in the source. */
export const words = (list: string): readonly string[] => list.split('|');

export function digits(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
}
