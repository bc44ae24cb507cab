import { extractDay } from './life.js';
import { isoDateTime, type Day } from './calendar.js';
import type { Address, CodeableConcept, Meta, Organization, Resource, ResourceType } from './fhir-r4.js';
import { permute32, streamSeed, type Prng } from './prng.js';
import { identifierTypes, organizationTypes } from './terminology.js';

/**
 * The simulated data holders, and what they share: how each mints resource ids and local patient numbers,
 * and the `Emitted` wrapper that carries each resource to the noise step and the writer.
 */

export type HolderName = 'hospital' | 'laboratory' | 'insurer';
export const holderNames: readonly HolderName[] = ['hospital', 'laboratory', 'insurer'];

/**
 * The identifier system of the national identifier every holder records (Patient.identifier, type NI). It is
 * what ingestion pseudonymises (HMAC) to link a person across holders.
 */
export const nationalIdSystem = 'urn:salus:national-id';

/** The national register of healthcare organisations, for Organization.identifier. */
export const organisationIdSystem = 'urn:salus:organisation-id';

export interface OrganisationProfile {
  readonly key: string;
  readonly name: string;
  /** Its identifier in the national register, the same as the demo node's organisation identifier. */
  readonly registryId: string;
  readonly type: CodeableConcept[];
}

export type OrganisationKey =
  'hospital' | 'laboratory' | 'insurer' | 'primaryCare' | 'otherHospitals' | 'otherLaboratories';

/** The three holders are the demo node's data holders (src/modules/identity/demo-accounts.ts). */
export const organisations: Readonly<Record<OrganisationKey, OrganisationProfile>> = {
  hospital: {
    key: 'hospital',
    name: 'Riverside University Hospital',
    registryId: 'DH-HOSPITAL',
    type: organizationTypes.prov,
  },
  laboratory: {
    key: 'laboratory',
    name: 'Central Clinical Laboratory',
    registryId: 'DH-LAB',
    type: organizationTypes.prov,
  },
  insurer: {
    key: 'insurer',
    name: 'National Health Insurance Fund',
    registryId: 'DH-INSURER',
    type: organizationTypes.ins,
  },
  // The insurer pays providers that are not simulated holders; it describes them as groups.
  primaryCare: {
    key: 'primaryCare',
    name: 'General practices (any)',
    registryId: 'GP-ANY',
    type: organizationTypes.prov,
  },
  otherHospitals: {
    key: 'otherHospitals',
    name: 'Other hospitals (any)',
    registryId: 'HOSPITAL-OTHER',
    type: organizationTypes.prov,
  },
  otherLaboratories: {
    key: 'otherLaboratories',
    name: 'Other clinical laboratories (any)',
    registryId: 'LAB-OTHER',
    type: organizationTypes.prov,
  },
};

export interface HolderProfile {
  readonly name: HolderName;
  /** Part of every resource id this holder mints, so that ids never collide across holders. */
  readonly code: number;
  readonly organisation: OrganisationProfile;
  readonly patientIdSystem: string;
  readonly patientIdType: CodeableConcept;
  /** The resource types this holder delivers, in the order the manifest lists them. */
  readonly resourceTypes: readonly ResourceType[];
}

export const holderProfiles: Readonly<Record<HolderName, HolderProfile>> = {
  hospital: {
    name: 'hospital',
    code: 1,
    organisation: organisations.hospital,
    patientIdSystem: 'https://fhir.riverside-hospital.example/sid/mrn',
    patientIdType: identifierTypes.medicalRecord,
    resourceTypes: [
      'Organization',
      'Patient',
      'Encounter',
      'Condition',
      'Procedure',
      'Observation',
      'Immunization',
    ],
  },
  laboratory: {
    name: 'laboratory',
    code: 2,
    organisation: organisations.laboratory,
    patientIdSystem: 'https://lis.central-lab.example/sid/patient',
    patientIdType: identifierTypes.patientInternal,
    resourceTypes: ['Organization', 'Patient', 'Observation'],
  },
  insurer: {
    name: 'insurer',
    code: 3,
    organisation: organisations.insurer,
    patientIdSystem: 'https://members.health-insurance.example/sid/member',
    patientIdType: identifierTypes.member,
    resourceTypes: ['Organization', 'Patient', 'Coverage', 'Claim', 'MedicationDispense'],
  },
};

/** A resource on its way out, with the day of the clinical event it records (null for Patient and the like). */
export interface Emitted {
  readonly resource: Resource;
  day: Day | null;
}

const hex2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex1 = '0123456789abcdef';
const b = (x: number): string => hex2[x & 0xff] ?? '00';

/**
 * Resource ids: version-4-shaped UUIDs that are unique by construction. The person's index and a per-person
 * counter (48 bits) go through a keyed 4-round Feistel permutation, so ids look random, differ from seed to
 * seed and do not reveal which resources belong to one person; the holder's code sits in the version
 * nibble's neighbour; the remaining bits are random.
 */
export class IdMinter {
  private readonly keys: readonly number[];
  private person = 0;
  private counter = 0;
  private rng: Prng | null = null;

  constructor(
    private readonly holderCode: number,
    seed: number,
  ) {
    this.keys = [0, 1, 2, 3].map((r) => streamSeed(seed, 0xfffffff0 + holderCode, r));
  }

  begin(person: number, rng: Prng): void {
    this.person = person >>> 0;
    this.counter = 0;
    this.rng = rng;
  }

  next(): string {
    const rng = this.rng;
    if (rng === null) throw new Error('IdMinter.begin was not called');
    const c = this.counter++;
    if (c > 0xffff) throw new Error(`more than 65,536 resources for person ${this.person} at one holder`);
    let left = this.person >>> 8;
    let right = ((this.person & 0xff) << 16) | c;
    for (const k of this.keys) {
      const t = left ^ (permute32(right, k) & 0xffffff);
      left = right;
      right = t;
    }
    const r1 = rng.next();
    const r2 = rng.next();
    const r3 = rng.next();
    const variant = 0x8000 | ((r1 >>> 8) & 0x3fff);
    return (
      b(left >>> 16) +
      b(left >>> 8) +
      b(left) +
      b(r1) +
      '-' +
      b(right >>> 16) +
      b(right >>> 8) +
      '-4' +
      (hex1[this.holderCode & 0xf] ?? '0') +
      b(right) +
      '-' +
      b(variant >>> 8) +
      b(variant) +
      '-' +
      b(r2 >>> 24) +
      b(r2 >>> 16) +
      b(r2 >>> 8) +
      b(r2) +
      b(r3 >>> 8) +
      b(r3)
    );
  }
}

/** The holder's local patient number: a keyed bijection of the person's index, so it is unique. */
export function localPatientNumber(holder: HolderName, person: number, key: number): string {
  const n = permute32(person, key);
  switch (holder) {
    case 'hospital':
      return `RUH${String(n).padStart(10, '0')}`;
    case 'laboratory':
      return `L-${n.toString(36).toUpperCase().padStart(7, '0')}`;
    case 'insurer':
      return `${String(Math.floor(n / 100000)).padStart(5, '0')}-${String(n % 100000).padStart(5, '0')}`;
  }
}

/** When the holder recorded a resource: a holder-specific delay after the event, never after the extract. */
export function recordedMeta(rng: Prng, day: Day, minDelay: number, maxDelay: number): Meta {
  const recorded = Math.min(extractDay, day + rng.int(minDelay, maxDelay));
  return { lastUpdated: isoDateTime(recorded, rng.int(6 * 60, 22 * 60)) };
}

export function organizationResource(
  id: string,
  profile: OrganisationProfile,
  address: Address,
): Organization {
  return {
    resourceType: 'Organization',
    id,
    meta: { lastUpdated: isoDateTime(extractDay, 0) },
    identifier: [{ system: organisationIdSystem, value: profile.registryId }],
    active: true,
    type: profile.type,
    name: profile.name,
    address: [address],
  };
}
