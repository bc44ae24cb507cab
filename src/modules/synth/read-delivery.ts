import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Resource } from './fhir-r4.js';
import { holderNames, type HolderName } from './holder.js';

/**
 * Reads a (small) synthetic delivery back into memory, for tests here and in the modules that consume it
 * (ingestion, quality). Not for large outputs: it holds everything.
 */

export interface DeliveredLine {
  readonly resource: Resource;
  /** The file's line number, from 1. */
  readonly line: number;
}

export type Delivery = Readonly<Record<HolderName, ReadonlyMap<string, readonly DeliveredLine[]>>>;

export function readNdjson<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

/** Every `<holder>/<ResourceType>.ndjson` under `dir`, keyed by holder then resource type. */
export function readDelivery(dir: string): Delivery {
  const out = {} as Record<HolderName, Map<string, DeliveredLine[]>>;
  for (const holder of holderNames) {
    const files = new Map<string, DeliveredLine[]>();
    let names: string[] = [];
    try {
      names = readdirSync(path.join(dir, holder));
    } catch {
      names = [];
    }
    for (const name of names.filter((n) => n.endsWith('.ndjson') && n !== 'bundles.ndjson').sort()) {
      files.set(
        name.slice(0, -'.ndjson'.length),
        readNdjson<Resource>(path.join(dir, holder, name)).map((resource, i) => ({ resource, line: i + 1 })),
      );
    }
    out[holder] = files;
  }
  return out;
}

/**
 * The date of the clinical event a resource records (not when it was recorded), as `YYYY-MM-DD`; null for
 * resources that record no event (Patient, Organization, Coverage).
 */
export function eventDate(r: Resource): string | null {
  switch (r.resourceType) {
    case 'Encounter':
      return r.period.start.slice(0, 10);
    case 'Condition':
      return r.recordedDate.slice(0, 10);
    case 'Procedure':
      return (r.performedDateTime ?? r.performedPeriod?.start ?? '').slice(0, 10) || null;
    case 'Observation':
      return r.effectiveDateTime.slice(0, 10);
    case 'Immunization':
      return r.occurrenceDateTime.slice(0, 10);
    case 'Claim':
      return r.billablePeriod.start.slice(0, 10);
    case 'MedicationDispense':
      return r.whenHandedOver.slice(0, 10);
    case 'Patient':
    case 'Organization':
    case 'Coverage':
      return null;
  }
}

/** The local Patient id a resource is about, or null. */
export function patientOf(r: Resource): string | null {
  const ref =
    r.resourceType === 'Immunization' || r.resourceType === 'Claim'
      ? r.patient.reference
      : r.resourceType === 'Coverage'
        ? r.beneficiary.reference
        : r.resourceType === 'Patient'
          ? `Patient/${r.id}`
          : r.resourceType === 'Organization'
            ? null
            : r.subject.reference;
  return ref === null ? null : ref.slice('Patient/'.length);
}
