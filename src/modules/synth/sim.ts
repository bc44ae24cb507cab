import { ageAt, type Day } from './calendar.js';
import type { Diagnosis, HospitalEncounter, LabResult, Life, ProcedureEvent, Vitals } from './life.js';
import { chronicDiagnosis } from './life.js';
import { bloodPressureAt, bmiAt, round } from './physiology.js';
import type { Body } from './physiology.js';
import type { Prng } from './prng.js';
import { conditions, type Drug, type EncounterClass } from './terminology.js';
import type { CodeableConcept } from './fhir-r4.js';

/** The state one person's simulation threads through its parts (background care, diabetes, cancer...). */
export interface Sim {
  readonly rng: Prng;
  readonly life: Life;
  readonly body: Body;
  readonly chronic: {
    hypertension: Diagnosis | null;
    diabetes: Diagnosis | null;
    obesity: Diagnosis | null;
    breastCancer: Diagnosis | null;
    complications: Diagnosis[];
  };
}

export const within = (sim: Sim, day: Day): boolean => day >= sim.life.firstDay && day <= sim.life.lastDay;

export const age = (sim: Sim, day: Day): number => ageAt(sim.life.birth, day);

/** Long-term conditions that are known on a day (coded on stays and on family-doctor claims). */
export function chronicOn(sim: Sim, day: Day): Diagnosis[] {
  const c = sim.chronic;
  const out: Diagnosis[] = [];
  if (c.diabetes !== null && c.diabetes.onset <= day) out.push(c.diabetes);
  for (const d of c.complications) if (d.onset <= day) out.push(d);
  if (c.hypertension !== null && c.hypertension.onset <= day) out.push(c.hypertension);
  if (c.obesity !== null && c.obesity.onset <= day) out.push(c.obesity);
  if (c.breastCancer !== null && c.breastCancer.onset <= day) out.push(c.breastCancer);
  return out;
}

/** A minute of the day between two hours. */
export const minuteBetween = (rng: Prng, fromHour: number, toHour: number): number =>
  rng.int(fromHour * 60, toHour * 60 - 1);

export interface EncounterSpec {
  readonly cls: EncounterClass;
  readonly type: CodeableConcept;
  readonly start: Day;
  /** Nights in hospital (0 for a same-day contact). */
  readonly nights: number;
  readonly reason: Diagnosis | null;
  readonly diagnoses?: readonly Diagnosis[];
  readonly procedures?: readonly ProcedureEvent[];
  readonly vitals: 'none' | 'blood-pressure' | 'bmi' | 'both';
  readonly diedHere?: boolean;
}

const basePrice: Readonly<Record<EncounterClass, readonly [number, number]>> = {
  AMB: [90, 220],
  EMER: [180, 650],
  IMP: [1100, 2200],
};

/**
 * Adds a hospital contact if it falls within the person's observed life; a stay is cut short at the last
 * observed day. Measuring a BMI of 30 or more may put obesity on the record (about half the time, as in
 * real coding).
 */
export function addEncounter(sim: Sim, spec: EncounterSpec): HospitalEncounter | null {
  const { rng, life } = sim;
  if (!within(sim, spec.start)) return null;
  const end = Math.min(spec.start + spec.nights, life.lastDay);
  const startMinute = spec.cls === 'AMB' ? minuteBetween(rng, 8, 17) : minuteBetween(rng, 0, 24);
  let endMinute =
    end === spec.start ? Math.min(1439, startMinute + rng.int(20, 180)) : minuteBetween(rng, 9, 15);
  if (end === spec.start && endMinute < startMinute) endMinute = startMinute;
  let vitals: Vitals | null = null;
  const diagnoses: Diagnosis[] = [];
  if (spec.reason !== null) diagnoses.push(spec.reason);
  for (const d of spec.diagnoses ?? []) if (!diagnoses.includes(d)) diagnoses.push(d);
  if (spec.vitals !== 'none') {
    const bmi =
      spec.vitals === 'bmi' || spec.vitals === 'both'
        ? round(bmiAt(sim.body, spec.start) + rng.normal(0, 0.35), 1)
        : null;
    const bloodPressure =
      spec.vitals === 'blood-pressure' || spec.vitals === 'both'
        ? bloodPressureAt(sim.body, spec.start, rng)
        : null;
    vitals = { bmi, bloodPressure };
    if (
      bmi !== null &&
      bmi >= 30 &&
      age(sim, spec.start) >= 18 &&
      sim.chronic.obesity === null &&
      rng.chance(0.5)
    ) {
      sim.chronic.obesity = chronicDiagnosis(conditions.obesity, spec.start);
      diagnoses.push(sim.chronic.obesity);
    }
  }
  const procedures = (spec.procedures ?? []).filter((p) => p.day <= end);
  const [lo, hi] = basePrice[spec.cls];
  let price = Math.round(rng.uniform(lo, hi) + (spec.cls === 'IMP' ? 750 * (end - spec.start) : 0));
  for (const p of procedures) price += p.price;
  const encounter: HospitalEncounter = {
    cls: spec.cls,
    type: spec.type,
    start: spec.start,
    startMinute,
    end,
    endMinute,
    reason: spec.reason,
    diagnoses,
    procedures,
    vitals,
    diedHere: spec.diedHere === true,
    price,
  };
  life.encounters.push(encounter);
  return encounter;
}

export function procedure(
  sim: Sim,
  code: CodeableConcept,
  day: Day,
  reason: Diagnosis | null,
  price: number,
  endDay: Day | null = null,
): ProcedureEvent {
  return { code, day, minute: minuteBetween(sim.rng, 8, 16), endDay, reason, price };
}

/**
 * Regular dispensing of a drug from `start` until `stop` (inclusive), with the odd late refill. A therapy
 * started before the person is observed shows up from their first observed day, at a random point of its
 * refill cycle. Returns the first day dispensed, or null.
 */
export function dispenseSeries(sim: Sim, drug: Drug, start: Day, stop: Day): Day | null {
  const { rng, life } = sim;
  const last = Math.min(stop, life.lastDay);
  let day = start < life.firstDay ? life.firstDay + rng.int(0, drug.daysSupply - 1) : start;
  let first: Day | null = null;
  while (day <= last) {
    life.dispenses.push({ day, drug });
    first ??= day;
    day += drug.daysSupply + (rng.chance(0.1) ? rng.int(10, 60) : rng.int(-6, 4));
  }
  return first;
}

/** Adds a sample sent to the laboratory, if it falls within the person's observed life. */
export function addLabOrder(sim: Sim, day: Day, results: readonly LabResult[]): void {
  if (!within(sim, day) || results.length === 0) return;
  sim.life.labOrders.push({ day, minute: minuteBetween(sim.rng, 7, 11), results });
}
