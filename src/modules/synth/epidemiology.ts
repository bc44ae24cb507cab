import type { Stage } from './terminology.js';

/**
 * The numbers the population is drawn from. Sources, rounded and simplified (they are meant to make the
 * data look right to someone who knows the field, not to stand in for the statistics):
 * - age pyramid and sex ratio: Eurostat, EU-27 population on 1 January 2023, 5-year bands (demo_pjangroup);
 * - mortality: Eurostat EU-27 age-specific death rates (demo_magec), around 2019, per sex;
 * - type 2 diabetes: IDF Diabetes Atlas Europe and national registries (diagnosed prevalence ~6-7% of adults,
 *   rising steeply with age, higher in men and with obesity);
 * - hypertension and obesity: EHIS wave 3 (self-reported hypertension ~22% of adults, obesity ~16-17%);
 * - breast cancer: ECIS 2022 age-specific incidence for the EU-27; survival by stage from EUROCARE-era
 *   figures (5-year relative survival ~98% in stage I down to ~25% in stage IV).
 */

/** Lower bound of each 5-year band (the last band is 95 and over). */
export const ageBands: readonly number[] = [
  0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95,
];

/** Share of the EU-27 population in each band, in per cent (they sum to ~99; they are normalised when drawn). */
export const ageBandShare: readonly number[] = [
  4.6, 5.0, 5.3, 5.2, 5.2, 5.5, 6.0, 6.5, 6.9, 7.0, 7.2, 7.3, 6.7, 5.7, 5.0, 4.3, 2.9, 1.8, 0.7, 0.2,
];

/** Share of men in each band. */
export const maleShare: readonly number[] = [
  0.513, 0.513, 0.513, 0.514, 0.512, 0.508, 0.505, 0.503, 0.502, 0.5, 0.497, 0.492, 0.483, 0.472, 0.458,
  0.436, 0.405, 0.36, 0.29, 0.22,
];

/**
 * Share of the persons generated who are born during the period covered (EU-27 crude birth rate ~9 per 1,000 a
 * year, over ten years); the others are alive on the first day of the period.
 */
export const bornDuringPeriodShare = 0.085;

/** Deaths per 1,000 per year, by band (index as ageBands); infants (under 1) apart. */
const mortalityMale: readonly number[] = [
  0.15, 0.1, 0.1, 0.3, 0.5, 0.6, 0.8, 1.1, 1.7, 2.7, 4.4, 7.0, 11, 16, 24, 38, 66, 120, 210, 330,
];
const mortalityFemale: readonly number[] = [
  0.12, 0.08, 0.09, 0.15, 0.2, 0.25, 0.35, 0.55, 0.9, 1.5, 2.4, 3.6, 5.5, 8.3, 13, 23, 43, 85, 165, 290,
];
const infantMortality = { male: 3.6, female: 3.0 } as const;

export type Sex = 'female' | 'male';

/** Yearly probability of death from all causes for someone of this age and sex. */
export function mortality(age: number, sex: Sex): number {
  if (age < 1) return infantMortality[sex] / 1000;
  const band = Math.min(ageBands.length - 1, Math.floor(age / 5));
  const rate = (sex === 'male' ? mortalityMale : mortalityFemale)[band] ?? 0;
  return rate / 1000;
}

/** Piecewise-linear lookup in a table of [age, value] points; flat outside it. */
export function byAge(table: readonly (readonly [number, number])[], age: number): number {
  const first = table[0];
  if (first === undefined) return 0;
  if (age <= first[0]) return first[1];
  for (let i = 1; i < table.length; i++) {
    const hi = table[i];
    const lo = table[i - 1];
    if (hi === undefined || lo === undefined) break;
    if (age <= hi[0]) return lo[1] + ((hi[1] - lo[1]) * (age - lo[0])) / (hi[0] - lo[0]);
  }
  return table[table.length - 1]?.[1] ?? 0;
}

/** Mean adult BMI by age (men ~0.6 higher); children follow their own curve. */
export const adultBmiMean: readonly (readonly [number, number])[] = [
  [18, 22.5],
  [30, 24.8],
  [40, 25.9],
  [50, 26.8],
  [60, 27.3],
  [70, 27.3],
  [80, 26.3],
  [95, 24.8],
];
export const childBmiMean: readonly (readonly [number, number])[] = [
  [0, 14.5],
  [1, 17],
  [5, 15.5],
  [10, 17.5],
  [15, 20.5],
  [18, 22.5],
];
/** Spread of BMI on the log scale: with the means above, ~17% of adults come out at 30 or more. */
export const bmiLogSd = 0.155;

/**
 * Hypertension already diagnosed at the start, by age, before the BMI factor. The tables are calibrated so that
 * the generated population (after every factor) lands on the published figures, so they read a little low.
 */
export const hypertensionPrevalence: readonly (readonly [number, number])[] = [
  [18, 0.008],
  [30, 0.03],
  [40, 0.07],
  [50, 0.16],
  [60, 0.27],
  [70, 0.38],
  [80, 0.44],
  [95, 0.46],
];
export const hypertensionIncidence: readonly (readonly [number, number])[] = [
  [18, 0.0015],
  [40, 0.006],
  [50, 0.011],
  [60, 0.016],
  [70, 0.02],
  [90, 0.02],
];

/** Type 2 diabetes already diagnosed at the start, by age, before the sex, BMI and hypertension factors. */
export const diabetesPrevalence: readonly (readonly [number, number])[] = [
  [18, 0.0015],
  [30, 0.0045],
  [40, 0.015],
  [50, 0.039],
  [60, 0.074],
  [70, 0.11],
  [80, 0.117],
  [95, 0.094],
];
/** New diagnoses per year, by age, before the same factors. */
export const diabetesIncidence: readonly (readonly [number, number])[] = [
  [18, 0.0002],
  [30, 0.00065],
  [40, 0.002],
  [50, 0.0036],
  [60, 0.0052],
  [70, 0.0058],
  [80, 0.0049],
  [95, 0.0033],
];
export const diabetesSexFactor: Readonly<Record<Sex, number>> = { male: 1.2, female: 0.83 };

/** Relative risk of type 2 diabetes by BMI class, normalised so that the population average stays ~1. */
export function diabetesBmiFactor(bmi: number): number {
  const rr = bmi < 25 ? 0.35 : bmi < 30 ? 1.0 : bmi < 35 ? 2.4 : 4.0;
  return rr / 1.1;
}

/** Excess all-cause mortality (hazard ratio) with diabetes. */
export const diabetesMortalityRatio = 1.6;

/** Breast cancer: new diagnoses per woman-year by age (ECIS EU-27, 2022). */
export const breastCancerIncidence: readonly (readonly [number, number])[] = [
  [25, 0],
  [30, 0.0001],
  [35, 0.0003],
  [40, 0.0007],
  [45, 0.0014],
  [50, 0.0021],
  [55, 0.0023],
  [60, 0.0026],
  [65, 0.003],
  [70, 0.0033],
  [75, 0.0032],
  [80, 0.003],
  [90, 0.0026],
];

/** Stage at diagnosis: screen-detected tumours are found earlier. */
export const stageWeightsScreened: readonly number[] = [58, 30, 9, 3];
export const stageWeightsSymptomatic: readonly number[] = [30, 38, 20, 12];

/** Breast-cancer deaths per year after diagnosis, by stage (gives ~98/93/74/22% five-year survival). */
export const breastCancerHazard: Readonly<Record<Stage, number>> = {
  I: 0.003,
  II: 0.015,
  III: 0.06,
  IV: 0.3,
};

/** Organised screening: women 50-69, every two years, with the participation seen across the EU. */
export const screeningAges = [50, 69] as const;
export const screeningParticipation = 0.6;

/**
 * Who each holder knows. The national insurance fund insures nearly everyone (the rest are insured abroad or
 * not at all); the hospital serves half the country and the laboratory receives most of its samples, other
 * hospitals and laboratories the rest. Care given elsewhere still reaches the insurer's claims, under
 * another provider.
 */
export const insuredShare = 0.97;
export const hospitalCatchmentShare = 0.5;
export const laboratoryShare = 0.7;
