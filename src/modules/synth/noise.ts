import { isoDate, isoDateTime, type Day } from './calendar.js';
import type { Observation, Resource, ResourceType } from './fhir-r4.js';
import type { Emitted, HolderName } from './holder.js';
import { extractDay, period, type Life } from './life.js';
import type { Prng } from './prng.js';
import { glucoseMmolPerMgdl, measurements, systems } from './terminology.js';

/**
 * The faults real deliveries have, injected on purpose so that quality checks have something to find, and
 * recorded exactly so that tests can tell whether the checks found all of it.
 *
 * Each class is a rate, the probability that an eligible resource (or, for `eventAfterDeath`, an eligible
 * person) receives it. A resource receives at most one fault, so each faulty resource counts once:
 *
 * - `missing-value`: an Observation loses its value[x] (no dataAbsentReason either), or a Patient its
 *   birthDate. Eligible: Observations with a valueQuantity; Patients.
 * - `unit-variant`: a fasting glucose (LOINC 1558-6, mg/dL) is reported in mmol/L, value converted, code
 *   unchanged: the unit no longer fits the code. Eligible: glucose Observations with a value.
 * - `impossible-value`: a value outside what a living person can have (terminology.ts `plausible`): HbA1c
 *   with its decimal point lost (x10, so 60-140 %), cholesterol in the wrong unit (x100), any other value
 *   negative (BMI, glucose, creatinine, eGFR, albumin/creatinine). Eligible: Observations with a valueQuantity.
 * - `duplicate`: the same resource (same id, same content) twice in the NDJSON file. Eligible: every resource
 *   but Organization. Transaction Bundles never repeat an entry (a Bundle may not hold one fullUrl twice).
 * - `event-after-death`: for a person who died, one of their events is moved to 1-365 days after the death
 *   (and never past the period). Eligible: deceased persons with a laboratory Observation, a
 *   MedicationDispense, a Claim or an Immunization at that holder (the kinds no other resource points at, so
 *   nothing else becomes inconsistent).
 * - `late-delivery`: meta.lastUpdated set 365 to 1,000 days after the event (never after the extract). On
 *   time, a resource is recorded within 60 days. Eligible: resources with an event at least 365 days before
 *   the extract.
 */
export type ErrorClass =
  'missing-value' | 'unit-variant' | 'impossible-value' | 'duplicate' | 'event-after-death' | 'late-delivery';

export const errorClasses: readonly ErrorClass[] = [
  'missing-value',
  'unit-variant',
  'impossible-value',
  'duplicate',
  'event-after-death',
  'late-delivery',
];

export interface NoiseOptions {
  readonly missingValue: number;
  readonly unitVariant: number;
  readonly impossibleValue: number;
  readonly duplicate: number;
  readonly eventAfterDeath: number;
  readonly lateDelivery: number;
}

export type NoiseLevel = 'none' | 'default' | 'heavy';

export const noiseLevels: Readonly<Record<NoiseLevel, NoiseOptions>> = {
  none: {
    missingValue: 0,
    unitVariant: 0,
    impossibleValue: 0,
    duplicate: 0,
    eventAfterDeath: 0,
    lateDelivery: 0,
  },
  default: {
    missingValue: 0.01,
    unitVariant: 0.05,
    impossibleValue: 0.002,
    duplicate: 0.005,
    eventAfterDeath: 0.05,
    lateDelivery: 0.01,
  },
  heavy: {
    missingValue: 0.05,
    unitVariant: 0.3,
    impossibleValue: 0.01,
    duplicate: 0.03,
    eventAfterDeath: 0.25,
    lateDelivery: 0.05,
  },
};

export const isSilent = (n: NoiseOptions): boolean =>
  n.missingValue === 0 &&
  n.unitVariant === 0 &&
  n.impossibleValue === 0 &&
  n.duplicate === 0 &&
  n.eventAfterDeath === 0 &&
  n.lateDelivery === 0;

/** One injected fault, as written to injected-errors.ndjson. */
export interface Injection {
  readonly class: ErrorClass;
  readonly holder: HolderName;
  readonly resourceType: ResourceType;
  readonly id: string;
  /** The person's national identifier (the answer key for linkage-aware checks). */
  readonly nationalId: string;
  /** What changed: the element, the value before and after, the dates involved. */
  readonly detail: Readonly<Record<string, string | number | null>>;
}

/** Days after the event beyond which a delivery is late: between the on-time and the late ranges. */
export const lateAfterDays = 180;

const eventTypes: ReadonlySet<ResourceType> = new Set([
  'Observation',
  'MedicationDispense',
  'Claim',
  'Immunization',
]);

/** Sets the clinical date of a resource that `event-after-death` may move. */
function moveEvent(resource: Resource, day: Day, minute: number): void {
  const at = isoDateTime(day, minute);
  switch (resource.resourceType) {
    case 'Observation':
      resource.effectiveDateTime = at;
      break;
    case 'MedicationDispense':
      resource.whenHandedOver = at;
      break;
    case 'Immunization':
      resource.occurrenceDateTime = at;
      break;
    case 'Claim': {
      const date = isoDate(day);
      resource.billablePeriod = { start: date, end: date };
      for (const item of resource.item) item.servicedDate = date;
      if (resource.procedure !== undefined) for (const p of resource.procedure) p.date = at;
      break;
    }
    case 'Patient':
    case 'Organization':
    case 'Encounter':
    case 'Condition':
    case 'Procedure':
    case 'Coverage':
      throw new Error(`cannot move a ${resource.resourceType}`);
  }
}

const round1 = (v: number): number => Math.round(v * 10) / 10;

function impossible(o: Observation, value: number): number {
  const code = o.code.coding[0]?.code;
  if (code === measurements.hba1c.loinc) return round1(value * 10);
  if (code === measurements.cholesterol.loinc) return round1(value * 100);
  return -value;
}

/**
 * Injects faults into one person's resources at one holder, in place. Returns the indexes of the resources
 * to write twice. `record` receives each injection.
 */
export function injectNoise(
  emitted: Emitted[],
  holder: HolderName,
  life: Life,
  nationalId: string,
  noise: NoiseOptions,
  rng: Prng,
  record: (injection: Injection) => void,
): Set<number> {
  const duplicates = new Set<number>();
  const log = (cls: ErrorClass, resource: Resource, detail: Record<string, string | number | null>): void => {
    record({ class: cls, holder, resourceType: resource.resourceType, id: resource.id, nationalId, detail });
  };

  let movedIndex = -1;
  if (life.death !== null && noise.eventAfterDeath > 0) {
    const latest = Math.min(life.death + 365, period.end);
    if (latest > life.death && rng.chance(noise.eventAfterDeath)) {
      const candidates: number[] = [];
      emitted.forEach((e, i) => {
        const r = e.resource;
        if (
          e.day !== null &&
          eventTypes.has(r.resourceType) &&
          !(r.resourceType === 'Observation' && r.encounter !== undefined)
        ) {
          candidates.push(i);
        }
      });
      if (candidates.length > 0) {
        movedIndex = candidates[rng.int(0, candidates.length - 1)] ?? -1;
        const target = emitted[movedIndex];
        if (target !== undefined) {
          const day = rng.int(life.death + 1, latest);
          const before = target.day;
          moveEvent(target.resource, day, rng.int(8 * 60, 18 * 60));
          target.day = day;
          target.resource.meta = {
            lastUpdated: isoDateTime(Math.min(extractDay, day + rng.int(0, 30)), rng.int(6 * 60, 22 * 60)),
          };
          log('event-after-death', target.resource, {
            death: isoDate(life.death),
            originalDate: before === null ? null : isoDate(before),
            date: isoDate(day),
          });
        }
      }
    }
  }

  for (let i = 0; i < emitted.length; i++) {
    const e = emitted[i];
    if (e === undefined || i === movedIndex) continue;
    const r = e.resource;
    if (r.resourceType === 'Organization') continue;
    let u = rng.float();
    const observation = r.resourceType === 'Observation' ? r : null;
    const quantity = observation?.valueQuantity;

    // missing-value
    if (r.resourceType === 'Patient' || quantity !== undefined) {
      if (u < noise.missingValue) {
        if (r.resourceType === 'Patient') {
          const was = r.birthDate ?? null;
          delete r.birthDate;
          log('missing-value', r, { element: 'Patient.birthDate', original: was });
        } else if (observation !== null && quantity !== undefined) {
          delete observation.valueQuantity;
          log('missing-value', r, {
            element: 'Observation.value[x]',
            code: observation.code.coding[0]?.code ?? null,
            original: quantity.value,
          });
        }
        continue;
      }
      u -= noise.missingValue;
    }
    // unit-variant
    if (
      observation !== null &&
      quantity !== undefined &&
      observation.code.coding[0]?.code === measurements.fastingGlucose.loinc
    ) {
      if (u < noise.unitVariant) {
        observation.valueQuantity = {
          value: round1(quantity.value * glucoseMmolPerMgdl),
          unit: 'mmol/L',
          system: systems.ucum,
          code: 'mmol/L',
        };
        log('unit-variant', r, {
          code: measurements.fastingGlucose.loinc,
          from: quantity.unit,
          to: 'mmol/L',
          original: quantity.value,
          value: observation.valueQuantity.value,
        });
        continue;
      }
      u -= noise.unitVariant;
    }
    // impossible-value
    if (observation !== null && quantity !== undefined) {
      if (u < noise.impossibleValue) {
        const value = impossible(observation, quantity.value);
        observation.valueQuantity = { ...quantity, value };
        log('impossible-value', r, {
          code: observation.code.coding[0]?.code ?? null,
          original: quantity.value,
          value,
        });
        continue;
      }
      u -= noise.impossibleValue;
    }
    // duplicate
    if (u < noise.duplicate) {
      duplicates.add(i);
      log('duplicate', r, {});
      continue;
    }
    u -= noise.duplicate;
    // late-delivery
    if (e.day !== null && e.day + 365 <= extractDay) {
      if (u < noise.lateDelivery) {
        const onTime = r.meta.lastUpdated;
        const recorded = e.day + rng.int(365, Math.min(1000, extractDay - e.day));
        r.meta = { lastUpdated: isoDateTime(recorded, rng.int(6 * 60, 22 * 60)) };
        log('late-delivery', r, { event: isoDate(e.day), onTime, lastUpdated: r.meta.lastUpdated });
        continue;
      }
    }
  }
  return duplicates;
}
