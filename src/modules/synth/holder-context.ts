import type { Day } from './calendar.js';
import type { CountryProfile } from './countries/country.js';
import type { Address, Meta, Organization, Reference } from './fhir-r4.js';
import {
  holderProfiles,
  IdMinter,
  organisations,
  organizationResource,
  recordedMeta,
  type HolderName,
  type HolderProfile,
  type OrganisationKey,
} from './holder.js';
import { Prng, streamSeed } from './prng.js';

/** Which organisations each holder's delivery describes: itself, and for the insurer those it pays. */
const organisationsOf: Readonly<Record<HolderName, readonly OrganisationKey[]>> = {
  hospital: ['hospital'],
  laboratory: ['laboratory'],
  insurer: ['insurer', 'hospital', 'laboratory', 'primaryCare', 'otherHospitals', 'otherLaboratories'],
};

/** Everything one holder needs to write one person after another; built once per run. */
export interface HolderContext {
  readonly holder: HolderName;
  readonly profile: HolderProfile;
  readonly ids: IdMinter;
  /** The holder's stream for this person: ids' random bits and recording delays. */
  readonly rng: Prng;
  /** Its own Organization. */
  readonly organisation: Reference;
  /** The Organization resources it delivers, and references to each by key. */
  readonly organizations: readonly Organization[];
  readonly organisationRef: Readonly<Partial<Record<OrganisationKey, Reference>>>;
  /** Key of the bijection that makes its local patient numbers. */
  readonly patientKey: number;
  meta(day: Day, minDelay: number, maxDelay: number): Meta;
}

export function holderContext(holder: HolderName, seed: number, country: CountryProfile): HolderContext {
  const profile = holderProfiles[holder];
  const rng = new Prng(0);
  const organisationIds = new IdMinter(0, seed);
  const organizations: Organization[] = [];
  const organisationRef: Partial<Record<OrganisationKey, Reference>> = {};
  const organisationRng = new Prng(streamSeed(seed, profile.code, 99));
  // Organisations sit in the country's first (largest) town.
  const town = country.places[0];
  if (town === undefined) throw new Error(`no towns for ${country.code}`);
  organisationsOf[holder].forEach((key, i) => {
    organisationIds.begin(profile.code * 16 + i, organisationRng);
    const street = town.streets[(profile.code * 7 + i) % town.streets.length] ?? '';
    const address: Address = {
      use: 'work',
      line: [`${street} ${String(10 + 3 * i)}`],
      city: town.city,
      postalCode: town.postalCode(organisationRng),
      country: country.code,
    };
    const org = organizationResource(organisationIds.next(), organisations[key], address);
    organizations.push(org);
    organisationRef[key] = { reference: `Organization/${org.id}` };
  });
  const own = organisationRef[organisationsOf[holder][0] ?? 'hospital'];
  if (own === undefined) throw new Error(`no organisation for ${holder}`);
  return {
    holder,
    profile,
    ids: new IdMinter(profile.code, seed),
    rng,
    organisation: own,
    organizations,
    organisationRef,
    patientKey: streamSeed(seed, profile.code, 98),
    meta: (day, minDelay, maxDelay) => recordedMeta(rng, day, minDelay, maxDelay),
  };
}
