import { backgroundCare, hypertensionCare } from './background-care.js';
import { breastCare, type BreastCancerCase } from './breast-cancer.js';
import { ageAt, dayOf, type Day } from './calendar.js';
import { diabetesCare } from './diabetes.js';
import {
  ageBands,
  ageBandShare,
  bornDuringPeriodShare,
  breastCancerHazard,
  breastCancerIncidence,
  byAge,
  diabetesBmiFactor,
  diabetesIncidence,
  diabetesMortalityRatio,
  diabetesPrevalence,
  diabetesSexFactor,
  hospitalCatchmentShare,
  hypertensionIncidence,
  hypertensionPrevalence,
  insuredShare,
  laboratoryShare,
  maleShare,
  mortality,
  screeningAges,
  screeningParticipation,
  stageWeightsScreened,
  stageWeightsSymptomatic,
  type Sex,
} from './epidemiology.js';
import { acuteDiagnosis, chronicDiagnosis, period, type Life } from './life.js';
import { bmiAt, drawBody } from './physiology.js';
import type { Prng } from './prng.js';
import { addEncounter, chronicOn, type Sim } from './sim.js';
import { acuteConditions, conditions, encounterTypes, stages } from './terminology.js';
import { vaccinations } from './vaccinations.js';

const bandIndexes = ageBands.map((_, i) => i);
const lastBand = ageBands.length - 1;

/** BMI's effect on the risk of hypertension. */
const hypertensionBmiFactor = (bmi: number): number => (bmi >= 30 ? 1.5 : bmi < 25 ? 0.75 : 1);

/** Causes of the deaths that happen in hospital, other than breast cancer. */
const terminalCauses = acuteConditions.filter(
  (c) => c.key === 'pneumonia' || c.key === 'infarction' || c.key === 'stroke',
);

/**
 * One person's life over the period: who they are, what they develop, when they die, and the care that
 * follows. Everything is drawn from `rng`, which the caller seeds for this person alone.
 */
export function simulateLife(index: number, rng: Prng): Life {
  const born = rng.chance(bornDuringPeriodShare);
  let sex: Sex;
  let birth: Day;
  if (born) {
    sex = rng.chance(0.513) ? 'male' : 'female';
    birth = rng.int(period.start, period.end);
  } else {
    const band = rng.weighted(bandIndexes, ageBandShare);
    const years =
      band === lastBand ? 95 + Math.min(14, rng.exponential(0.35)) : (ageBands[band] ?? 0) + 5 * rng.float();
    sex = rng.chance(maleShare[band] ?? 0.5) ? 'male' : 'female';
    birth = period.start - Math.max(1, Math.round(years * 365.25));
  }
  const firstDay = Math.max(period.start, birth);
  const body = drawBody(rng, sex, birth);
  const insured = rng.chance(insuredShare);
  const coverageStart = born ? birth : Math.max(birth, period.start - rng.int(0, 20 * 365));
  const hospitalCatchment = rng.chance(hospitalCatchmentShare);
  const laboratoryCatchment = rng.chance(laboratoryShare);

  // Conditions already there on the first day.
  let hypertension: Day | null = null;
  let diabetes: Day | null = null;
  const ageAtStart = ageAt(birth, firstDay);
  const bmiAtStart = bmiAt(body, firstDay);
  if (!born && ageAtStart >= 18) {
    if (
      rng.chance(
        Math.min(0.95, byAge(hypertensionPrevalence, ageAtStart) * hypertensionBmiFactor(bmiAtStart)),
      )
    ) {
      hypertension = firstDay - rng.int(60, Math.max(61, Math.round(Math.min(ageAtStart - 18, 25) * 365)));
    }
    const p =
      byAge(diabetesPrevalence, ageAtStart) *
      diabetesSexFactor[sex] *
      diabetesBmiFactor(bmiAtStart) *
      (hypertension !== null ? 1.15 : 1);
    if (rng.chance(Math.min(0.9, p))) {
      const years = Math.max(0.25, Math.min(ageAtStart - 20, rng.exponential(1 / 7), 25));
      diabetes = firstDay - Math.round(years * 365.25);
    }
  }

  // Year by year: new conditions, breast cancer, death.
  const participant = sex === 'female' && rng.chance(screeningParticipation);
  let cancer: BreastCancerCase | null = null;
  let cancerDeath: Day | null = null;
  let death: Day | null = null;
  let causeOfDeath: 'breast cancer' | 'other' | null = null;
  for (let year = 2015; year <= 2024 && death === null; year++) {
    const from = Math.max(firstDay, dayOf(year, 1, 1));
    const to = dayOf(year, 12, 31);
    if (from > to) continue;
    const fraction = (to - from + 1) / 365.25;
    const mid = Math.floor((from + to) / 2);
    const a = ageAt(birth, mid);
    const bmi = bmiAt(body, mid);
    if (a >= 18) {
      const h = byAge(hypertensionIncidence, a) * hypertensionBmiFactor(bmi);
      if (hypertension === null && rng.chance(1 - Math.exp(-h * fraction))) hypertension = rng.int(from, to);
      const d =
        byAge(diabetesIncidence, a) *
        diabetesSexFactor[sex] *
        diabetesBmiFactor(bmi) *
        (hypertension !== null && hypertension <= to ? 1.3 : 1);
      if (diabetes === null && rng.chance(1 - Math.exp(-d * fraction))) diabetes = rng.int(from, to);
    }
    if (sex === 'female' && cancer === null && a >= 25) {
      const h = byAge(breastCancerIncidence, a);
      if (rng.chance(1 - Math.exp(-h * fraction))) {
        const diagnosis = rng.int(from, to);
        const at = ageAt(birth, diagnosis);
        const screenDetected =
          participant && at >= screeningAges[0] && at < screeningAges[1] + 1 && rng.chance(0.55);
        const stage = rng.weighted(stages, screenDetected ? stageWeightsScreened : stageWeightsSymptomatic);
        cancer = { diagnosis, stage, screenDetected };
        cancerDeath = diagnosis + Math.ceil(rng.exponential(breastCancerHazard[stage]) * 365.25);
      }
    }
    const q = mortality(a, sex);
    const hazard = -Math.log(1 - q) * (diabetes !== null && diabetes <= mid ? diabetesMortalityRatio : 1);
    if (rng.chance(1 - Math.exp(-hazard * fraction))) {
      death = rng.int(from, to);
      causeOfDeath = 'other';
    }
    if (cancerDeath !== null && cancerDeath <= to && (death === null || cancerDeath < death)) {
      death = Math.max(from, cancerDeath);
      causeOfDeath = 'breast cancer';
    }
  }
  const lastDay = death ?? period.end;

  const life: Life = {
    index,
    sex,
    birth,
    bornDuringPeriod: born,
    death,
    firstDay,
    lastDay,
    insured,
    coverageStart,
    hospitalCatchment,
    laboratoryCatchment,
    encounters: [],
    labOrders: [],
    primaryCare: [],
    dispenses: [],
    vaccinations: [],
    truth: {
      hypertension: hypertension !== null && hypertension <= lastDay ? hypertension : null,
      obesityAtStart: !born && ageAtStart >= 18 && bmiAtStart >= 30,
      type2Diabetes: null,
      breastCancer: null,
      causeOfDeath,
    },
  };
  body.hypertension = hypertension;
  body.type2Diabetes = diabetes;
  const sim: Sim = {
    rng,
    life,
    body,
    chronic: {
      hypertension:
        hypertension !== null && hypertension <= lastDay
          ? chronicDiagnosis(conditions.hypertension, hypertension)
          : null,
      diabetes: null,
      obesity: null,
      breastCancer: null,
      complications: [],
    },
  };

  // Order matters: treatment changes what later measurements show, complications what later visits code.
  hypertensionCare(sim);
  diabetesCare(sim);
  if (sex === 'female') breastCare(sim, participant, cancer);
  backgroundCare(sim);
  vaccinations(sim);
  if (death !== null) terminalStay(sim, death, causeOfDeath === 'breast cancer');

  life.encounters.sort((a, b) => a.start - b.start || a.startMinute - b.startMinute);
  life.labOrders.sort((a, b) => a.day - b.day || a.minute - b.minute);
  life.primaryCare.sort((a, b) => a.day - b.day);
  life.dispenses.sort((a, b) => a.day - b.day);
  life.vaccinations.sort((a, b) => a.day - b.day);
  return life;
}

/** About half of deaths happen in hospital, a little more for cancer. */
function terminalStay(sim: Sim, death: Day, ofCancer: boolean): void {
  const { rng, life } = sim;
  if (!rng.chance(ofCancer ? 0.6 : 0.5)) return;
  const start = Math.max(life.firstDay, death - rng.int(1, 12));
  const reason =
    ofCancer && sim.chronic.breastCancer !== null
      ? sim.chronic.breastCancer
      : acuteDiagnosis(rng.weighted(terminalCauses, [4, 3, 3]), start);
  addEncounter(sim, {
    cls: 'IMP',
    type: encounterTypes.admission,
    start,
    nights: death - start,
    reason,
    diagnoses: chronicOn(sim, start),
    vitals: 'blood-pressure',
    diedHere: true,
  });
}
