import { dayOf, yearOf, type Day } from './calendar.js';
import { acuteDiagnosis, period, type Diagnosis } from './life.js';
import { cholesterolResult, glycaemiaPanel, renalPanel } from './panels.js';
import { addEncounter, addLabOrder, age, chronicOn, dispenseSeries, type Sim } from './sim.js';
import { acuteConditions, drugs, encounterTypes, type AcuteCode } from './terminology.js';

/**
 * The care everyone gets whatever their illness: hospital contacts for everyday reasons, family-doctor
 * visits (seen only in the insurer's claims), check-up blood tests, and hypertension treatment.
 */

/** Yearly rates of hospital contacts by age: outpatient, emergency, inpatient. */
function hospitalRates(a: number): readonly [number, number, number] {
  if (a < 18) return [0.22, 0.12, 0.03];
  if (a < 45) return [0.28, 0.1, 0.05];
  if (a < 65) return [0.42, 0.1, 0.07];
  if (a < 75) return [0.65, 0.15, 0.14];
  return [0.85, 0.25, 0.24];
}

function primaryCareRate(a: number): number {
  if (a < 18) return 0.6;
  if (a < 65) return 0.35;
  return 0.8;
}

function checkUpRate(a: number): number {
  if (a < 18) return 0;
  if (a < 40) return 0.15;
  if (a < 65) return 0.3;
  return 0.5;
}

const youngWeights = acuteConditions.map((c) => c.weightYoung);
const oldWeights = acuteConditions.map((c) => c.weightOld);

function pickAcute(sim: Sim, day: Day): AcuteCode {
  return sim.rng.weighted(acuteConditions, age(sim, day) >= 65 ? oldWeights : youngWeights);
}

const stayNights = (sim: Sim, code: AcuteCode): number =>
  code.key === 'hipFracture' || code.key === 'stroke' ? sim.rng.int(6, 16) : sim.rng.int(1, 8);

/** Calls `each` for every calendar year the person is observed, with the part of it they are observed. */
export function forEachYear(sim: Sim, each: (from: Day, to: Day, fraction: number) => void): void {
  const { firstDay, lastDay } = sim.life;
  for (let y = yearOf(period.start); y <= yearOf(period.end); y++) {
    const from = Math.max(firstDay, dayOf(y, 1, 1));
    const to = Math.min(lastDay, dayOf(y, 12, 31));
    if (from > to) continue;
    each(from, to, (to - from + 1) / 365.25);
  }
}

export function backgroundCare(sim: Sim): void {
  const { rng } = sim;
  forEachYear(sim, (from, to, fraction) => {
    const mid = Math.floor((from + to) / 2);
    const a = age(sim, mid);
    const chronic = chronicOn(sim, mid).length;
    const [amb, emer, imp] = hospitalRates(a);

    for (let n = rng.poisson((amb + 0.12 * chronic) * fraction); n > 0; n--) {
      const day = rng.int(from, to);
      const reason = rng.chance(0.7) ? acuteDiagnosis(pickAcute(sim, day), day) : null;
      addEncounter(sim, {
        cls: 'AMB',
        type: rng.weighted(
          [encounterTypes.symptom, encounterTypes.problem, encounterTypes.checkUp],
          [5, 3, 2],
        ),
        start: day,
        nights: 0,
        reason,
        vitals: rng.chance(0.3) ? 'both' : rng.chance(0.3) ? 'blood-pressure' : 'none',
      });
    }
    for (let n = rng.poisson((emer + 0.03 * chronic) * fraction); n > 0; n--) {
      const day = rng.int(from, to);
      addEncounter(sim, {
        cls: 'EMER',
        type: encounterTypes.emergency,
        start: day,
        nights: 0,
        reason: acuteDiagnosis(pickAcute(sim, day), day),
        vitals: 'blood-pressure',
      });
    }
    for (let n = rng.poisson((imp + 0.04 * chronic) * fraction); n > 0; n--) {
      const day = rng.int(from, to);
      const code = pickAcute(sim, day);
      addEncounter(sim, {
        cls: 'IMP',
        type: encounterTypes.admission,
        start: day,
        nights: stayNights(sim, code),
        reason: acuteDiagnosis(code, day),
        // Comorbidities are coded on every stay.
        diagnoses: chronicOn(sim, day),
        vitals: rng.chance(0.6) ? 'both' : 'blood-pressure',
      });
    }

    for (let n = rng.poisson((primaryCareRate(a) + 0.8 * chronic) * fraction); n > 0; n--) {
      const day = rng.int(from, to);
      const known = chronicOn(sim, day);
      const diagnoses: Diagnosis[] =
        known.length > 0 && rng.chance(0.8) ? known : [acuteDiagnosis(pickAcute(sim, day), day)];
      sim.life.primaryCare.push({ day, diagnoses });
    }

    const diabetic = sim.body.type2Diabetes !== null && sim.body.type2Diabetes <= to;
    if (!diabetic) {
      const hypertensive = sim.body.hypertension !== null && sim.body.hypertension <= mid;
      for (let n = rng.poisson((checkUpRate(a) + (hypertensive ? 0.4 : 0)) * fraction); n > 0; n--) {
        const day = rng.int(from, to);
        if (sim.body.type2Diabetes !== null && sim.body.type2Diabetes <= day) continue;
        addLabOrder(sim, day, [
          ...glycaemiaPanel(sim, day, age(sim, day) >= 45 && rng.chance(0.35)),
          ...renalPanel(sim, day, false),
          cholesterolResult(sim),
        ]);
      }
    }
  });
}

/** Four in five people with hypertension are treated, with an ACE inhibitor or a calcium-channel blocker. */
export function hypertensionCare(sim: Sim): void {
  const onset = sim.body.hypertension;
  if (onset === null || onset > sim.life.lastDay || !sim.rng.chance(0.8)) return;
  const start = onset + sim.rng.int(7, 90);
  sim.body.hypertensionTreated = start;
  dispenseSeries(sim, sim.rng.chance(0.55) ? drugs.ramipril : drugs.amlodipine, start, sim.life.lastDay);
}
