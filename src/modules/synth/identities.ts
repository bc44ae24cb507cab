import type { Address, ContactPoint, HumanName } from './fhir-r4.js';
import { belgium } from './countries/belgium.js';
import type { CountryCode, CountryProfile } from './countries/country.js';
import { lithuania } from './countries/lithuania.js';
import type { Sex } from './epidemiology.js';
import { permute32, type Prng } from './prng.js';

/**
 * Direct identifiers: the names, addresses and telephone numbers ingestion must strip, in the style of the
 * country chosen (countries/). They vary the way real registers do: some people moved during the period and
 * one holder may still have the old address; some changed telephone number.
 */

export type { CountryCode } from './countries/country.js';
export const countries: Readonly<Record<CountryCode, CountryProfile>> = { LT: lithuania, BE: belgium };

/** A person's direct identifiers as the data holders may know them. */
export interface Identity {
  readonly nationalId: string;
  readonly name: HumanName;
  readonly address: Address;
  /** Where they lived before moving during the period, if they moved: one holder may still have it. */
  readonly previousAddress: Address | null;
  readonly phone: ContactPoint | null;
  /** A number they no longer use, which one holder may still have. */
  readonly oldPhone: ContactPoint | null;
}

/**
 * The national identifier: 10 digits that are a keyed bijection of the person's index (so two persons never
 * share one) and 2 check digits, 97 minus the number modulo 97, as several EU registers do.
 */
export function nationalIdOf(person: number, key: number): string {
  const n = permute32(person, key);
  const check = 97 - (n % 97);
  return String(n).padStart(10, '0') + String(check).padStart(2, '0');
}

export function isValidNationalId(id: string): boolean {
  if (!/^\d{12}$/.test(id)) return false;
  return 97 - (Number(id.slice(0, 10)) % 97) === Number(id.slice(10));
}

function address(
  rng: Prng,
  country: CountryProfile,
): { address: Address; place: CountryProfile['places'][number] } {
  const place = rng.weighted(
    country.places,
    country.places.map((p) => p.weight),
  );
  const line = country.addressLine(rng, rng.pick(place.streets), place);
  return {
    address: {
      use: 'home',
      line: [line],
      city: place.city,
      postalCode: place.postalCode(rng),
      country: country.code,
    },
    place,
  };
}

export function drawIdentity(
  rng: Prng,
  country: CountryProfile,
  sex: Sex,
  adult: boolean,
  nationalId: string,
): Identity {
  const home = address(rng, country);
  const pool = rng.weighted(country.pools, home.place.poolWeights);
  // Most people's first name comes from the same tradition as their surname, not all.
  const firstPool = rng.chance(0.85) ? pool : rng.weighted(country.pools, home.place.poolWeights);
  const surname = rng.pick(pool.surnames);
  const married = adult && rng.chance(0.6);
  const family = sex === 'female' && pool.feminine !== undefined ? pool.feminine(surname, married) : surname;
  const given = [rng.pick(firstPool.given[sex])];
  if (rng.chance(0.12)) {
    const second = rng.pick(firstPool.given[sex]);
    if (second !== given[0]) given.push(second);
  }
  const previous = rng.chance(0.1) ? address(rng, country).address : null;
  const phone = (): ContactPoint => {
    const mobile = rng.chance(0.75);
    return {
      system: 'phone',
      value: country.phone(rng, home.place, mobile),
      use: mobile ? 'mobile' : 'home',
    };
  };
  const current = rng.chance(0.92) ? phone() : null;
  const old = current !== null && rng.chance(0.12) ? phone() : null;
  return {
    nationalId,
    name: { use: 'official', family, given },
    address: home.address,
    previousAddress: previous,
    phone: current,
    oldPhone: old,
  };
}
