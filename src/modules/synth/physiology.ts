import { ageAt, daysPerYear, type Day } from './calendar.js';
import { adultBmiMean, bmiLogSd, byAge, childBmiMean, type Sex } from './epidemiology.js';
import type { Prng } from './prng.js';
import type { Measurement } from './terminology.js';

/**
 * What a person's measurements would be on a given day: each person has fixed offsets drawn once, and the
 * values move with age and disease. Measured values add a little measurement noise and are rounded the way
 * a laboratory reports them.
 */
export interface Body {
  readonly sex: Sex;
  readonly birth: Day;
  /** Standard-normal position in the BMI distribution of their age. */
  readonly bmiZ: number;
  readonly egfrOffset: number;
  readonly hba1cOffset: number;
  readonly cholesterol: number;
  readonly systolicOffset: number;
  hypertension: Day | null;
  hypertensionTreated: Day | null;
  type2Diabetes: Day | null;
  nephropathy: Day | null;
  /** The diabetic's HbA1c course, set by the diabetes simulation. */
  diabeticHba1c: ((day: Day) => number) | null;
}

export function drawBody(rng: Prng, sex: Sex, birth: Day): Body {
  return {
    sex,
    birth,
    bmiZ: rng.normal(0, 1),
    egfrOffset: rng.normal(0, 11),
    hba1cOffset: rng.normal(0, 0.22),
    cholesterol: rng.normal(5.2, 0.9),
    systolicOffset: rng.normal(0, 9),
    hypertension: null,
    hypertensionTreated: null,
    type2Diabetes: null,
    nephropathy: null,
    diabeticHba1c: null,
  };
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

export function round(value: number, decimals: number): number {
  const f = decimals === 0 ? 1 : decimals === 1 ? 10 : 100;
  return Math.round(value * f) / f;
}

/** A reported value: rounded as the measurement is reported, and always inside its plausible range. */
export function report(m: Measurement, value: number): number {
  return round(clamp(value, m.plausible[0], m.plausible[1]), m.decimals);
}

export function bmiAt(body: Body, day: Day): number {
  const age = ageAt(body.birth, day);
  const mean =
    age < 18 ? byAge(childBmiMean, age) : byAge(adultBmiMean, age) + (body.sex === 'male' ? 0.6 : 0);
  // Children's BMI spreads less than adults'.
  const sd = age < 18 ? bmiLogSd * 0.7 : bmiLogSd;
  return mean * Math.exp(body.bmiZ * sd - (sd * sd) / 2);
}

export function bloodPressureAt(body: Body, day: Day, rng: Prng): readonly [number, number] {
  const age = ageAt(body.birth, day);
  let systolic = 112 + 0.5 * Math.max(0, age - 25) + body.systolicOffset + rng.normal(0, 7);
  if (age < 18) systolic = 100 + age + rng.normal(0, 6);
  if (body.hypertension !== null && body.hypertension <= day) {
    systolic += body.hypertensionTreated !== null && body.hypertensionTreated <= day ? 10 : 22;
  }
  const diastolic = 0.45 * systolic + 22 + rng.normal(0, 5);
  return [Math.round(clamp(systolic, 80, 230)), Math.round(clamp(diastolic, 45, 130))];
}

export function egfrAt(body: Body, day: Day): number {
  const age = ageAt(body.birth, day);
  let egfr = 118 - 0.95 * Math.max(0, age - 30) + body.egfrOffset;
  if (body.type2Diabetes !== null && body.type2Diabetes <= day)
    egfr -= (1.2 * (day - body.type2Diabetes)) / daysPerYear;
  if (body.nephropathy !== null && body.nephropathy <= day)
    egfr -= (3 * (day - body.nephropathy)) / daysPerYear;
  return clamp(egfr, 6, 135);
}

/**
 * Serum creatinine (µmol/L) that gives this eGFR under CKD-EPI 2021, so the two results of one sample agree.
 */
export function creatinineFor(egfr: number, body: Body, day: Day): number {
  const age = ageAt(body.birth, day);
  const female = body.sex === 'female';
  const kappa = female ? 0.7 : 0.9;
  const alpha = female ? -0.241 : -0.302;
  const ratio = egfr / (142 * Math.pow(0.9938, age) * (female ? 1.012 : 1));
  // Above kappa the -1.2 power applies; below it the alpha power.
  const scr = ratio < 1 ? kappa * Math.pow(ratio, -1 / 1.2) : kappa * Math.pow(ratio, 1 / alpha);
  return scr * 88.4;
}

/** Non-diabetic HbA1c creeps up with age, and towards the threshold in the years before a diagnosis. */
export function hba1cAt(body: Body, day: Day): number {
  if (body.diabeticHba1c !== null && body.type2Diabetes !== null && body.type2Diabetes <= day) {
    return body.diabeticHba1c(day);
  }
  const age = ageAt(body.birth, day);
  let value = 5.15 + 0.009 * Math.max(0, age - 30) + body.hba1cOffset;
  if (body.type2Diabetes !== null) {
    const before = body.type2Diabetes - day;
    if (before < 3 * 365) value += (6.25 - value) * (1 - before / (3 * 365)) * 0.9;
  }
  return clamp(value, 4.2, 6.4);
}

/** Fasting plasma glucose (mg/dL) consistent with an HbA1c. */
export function fastingGlucoseFor(hba1c: number, rng: Prng): number {
  if (hba1c < 6.5) return clamp(72 + 9 * (hba1c - 4.8) + rng.normal(0, 6), 60, 125);
  return clamp(28.7 * hba1c - 62 + rng.normal(0, 14), 110, 480);
}

export function albuminCreatinineRatioAt(body: Body, day: Day, rng: Prng): number {
  if (body.nephropathy !== null && body.nephropathy <= day) {
    const years = (day - body.nephropathy) / daysPerYear;
    return clamp(45 + 60 * years + rng.normal(0, 25), 31, 2500);
  }
  return clamp(8 + rng.normal(0, 6), 1, 29);
}

export function cholesterolAt(body: Body, rng: Prng): number {
  return clamp(body.cholesterol + rng.normal(0, 0.3), 2.5, 10);
}
