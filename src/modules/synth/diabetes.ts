import type { Day } from './calendar.js';
import { chronicDiagnosis, type Diagnosis } from './life.js';
import { glycaemiaPanel, renalPanel } from './panels.js';
import { egfrAt } from './physiology.js';
import { addEncounter, addLabOrder, dispenseSeries, within, type Sim } from './sim.js';
import { conditions, drugs, encounterTypes, type Drug } from './terminology.js';

/**
 * Type 2 diabetes, quarter by quarter from diagnosis (which may lie years before the period: the course is
 * simulated from there and only what falls in the period is written).
 *
 * HbA1c starts at ~7.6% and drifts up ~0.1 point a year as beta-cell function declines; metformin takes
 * ~1 point off, a second agent (a DPP-4 inhibitor or an SGLT2 inhibitor) ~0.7, basal insulin ~1.4. Treatment
 * steps up after two consecutive quarters above 7.5%: a second agent (or, a quarter of the time, insulin
 * once above 9%); insulin after two years on two agents above 8.5%. About a quarter end up on insulin. Retinopathy, kidney
 * disease and neuropathy arise at ~2% a year each, faster when HbA1c is high; kidney disease speeds the fall
 * of eGFR, and metformin stops when eGFR falls below 30.
 *
 * What the data holders see: the laboratory gets the HbA1c and fasting glucose every 3 to 6 months and a renal
 * panel once a year; the hospital's diabetes clinic sees the patient once a year (BMI, blood pressure, new
 * complications coded); the insurer pays the pharmacy for each 90-day supply.
 */
export function diabetesCare(sim: Sim): void {
  const { rng, life, body } = sim;
  const onset = body.type2Diabetes;
  if (onset === null || onset > life.lastDay) return;
  const incident = onset >= life.firstDay;
  const diagnosis = chronicDiagnosis(conditions.type2Diabetes, onset);
  sim.chronic.diabetes = diagnosis;

  const clamp = (v: number): number => (v < 5.6 ? 5.6 : v > 14 ? 14 : v);
  const atDiagnosis = Math.min(12.5, Math.max(6.5, rng.normal(7.6, 1.0)));
  // A kidney too weak for metformin rules it out from the start.
  let metformin: Day | null =
    egfrAt(body, onset) < 30 ? null : onset + (rng.chance(0.8) ? rng.int(1, 30) : rng.int(90, 240));
  let metforminStop: Day | null = null;
  let secondLine: Day | null = null;
  let secondDrug: Drug = drugs.sitagliptin;
  let insulin: Day | null = null;
  let retinopathy: Day | null = null;
  let nephropathy: Day | null = null;
  let neuropathy: Day | null = null;

  const days: number[] = [];
  const levels: number[] = [];
  let drift = 0;
  let aboveTarget = 0;
  const active = (start: Day | null, t: Day): boolean => start !== null && t >= start;
  for (let t = onset; t <= life.lastDay + 91; t += 91) {
    const years = (t - onset) / 365.25;
    drift = 0.7 * drift + rng.normal(0, 0.22);
    let effect = 0;
    if (active(metformin, t) && (metforminStop === null || t < metforminStop)) effect += 1.0;
    if (active(secondLine, t)) effect += 0.7;
    if (active(insulin, t)) effect += 1.4;
    const level = t === onset ? atDiagnosis : clamp(atDiagnosis + 0.1 * years + drift - effect);
    days.push(t);
    levels.push(level);

    aboveTarget = level >= 7.5 ? aboveTarget + 1 : 0;
    const treatedSince = metformin ?? onset;
    if (insulin === null && t >= treatedSince + 365 && aboveTarget >= 2) {
      if (secondLine === null) {
        if (rng.chance(0.75)) {
          secondLine = t + rng.int(7, 45);
          secondDrug = rng.chance(0.5) ? drugs.sitagliptin : drugs.dapagliflozin;
          aboveTarget = 0;
        } else if (level >= 9) {
          insulin = t + rng.int(14, 60);
        }
      } else if (t >= secondLine + 2 * 365 && level >= 8.5) {
        insulin = t + rng.int(14, 60);
      }
    }

    const risk = Math.exp(0.35 * (level - 7)) / 4;
    if (retinopathy === null && rng.chance(0.02 * risk)) retinopathy = t + rng.int(0, 90);
    if (nephropathy === null && rng.chance(0.016 * risk)) {
      nephropathy = t + rng.int(0, 90);
      body.nephropathy = nephropathy;
    }
    if (neuropathy === null && rng.chance(0.018 * risk)) neuropathy = t + rng.int(0, 90);
    if (metformin !== null && metforminStop === null && t > metformin && egfrAt(body, t) < 30)
      metforminStop = t;
  }
  body.diabeticHba1c = (day: Day): number => {
    const i = Math.min(days.length - 2, Math.max(0, Math.floor((day - onset) / 91)));
    const d0 = days[i] ?? onset;
    const l0 = levels[i] ?? atDiagnosis;
    const l1 = levels[i + 1] ?? l0;
    return l0 + ((l1 - l0) * (day - d0)) / 91;
  };

  const complications: Diagnosis[] = [];
  for (const [code, day] of [
    [conditions.diabeticRetinopathy, retinopathy],
    [conditions.diabeticNephropathy, nephropathy],
    [conditions.diabeticNeuropathy, neuropathy],
  ] as const) {
    if (day !== null && day <= life.lastDay) complications.push(chronicDiagnosis(code, day));
  }
  sim.chronic.complications.push(...complications);

  // The diagnosing sample, then monitoring: every 3 months while above target, else every 6.
  if (incident) addLabOrder(sim, onset, glycaemiaPanel(sim, onset, true, 6.5));
  let lastRenal = -Infinity;
  for (let day = Math.max(life.firstDay + rng.int(0, 120), onset + rng.int(80, 110)); day <= life.lastDay;) {
    const results = glycaemiaPanel(sim, day);
    if (day - lastRenal >= 330) {
      results.push(...renalPanel(sim, day, rng.chance(0.7)));
      lastRenal = day;
    }
    addLabOrder(sim, day, results);
    const above = (results[0]?.value ?? 0) >= 7.5;
    day += above ? rng.int(80, 110) : rng.int(160, 200);
  }

  // The diabetes clinic, once a year.
  let visit = incident ? onset + rng.int(14, 90) : life.firstDay + rng.int(0, 364);
  let first = true;
  while (within(sim, visit)) {
    const coded: Diagnosis[] = [diagnosis];
    for (const c of complications) if (c.onset <= visit) coded.push(c);
    if (sim.chronic.hypertension !== null && sim.chronic.hypertension.onset <= visit)
      coded.push(sim.chronic.hypertension);
    addEncounter(sim, {
      cls: 'AMB',
      type: first && incident ? encounterTypes.consultation : encounterTypes.followUp,
      start: visit,
      nights: 0,
      reason: diagnosis,
      diagnoses: coded,
      vitals: 'both',
    });
    first = false;
    visit += rng.int(330, 400);
  }

  if (metformin !== null) {
    const firstDispensed = dispenseSeries(sim, drugs.metformin, metformin, (metforminStop ?? Infinity) - 1);
    if (firstDispensed === null && metformin > life.lastDay) metformin = null;
  }
  if (secondLine !== null) dispenseSeries(sim, secondDrug, secondLine, life.lastDay);
  if (insulin !== null) dispenseSeries(sim, drugs.insulinGlargine, insulin, life.lastDay);

  const upTo = (day: Day | null): Day | null => (day !== null && day <= life.lastDay ? day : null);
  life.truth = {
    ...life.truth,
    type2Diabetes: {
      onset,
      prevalent: !incident,
      metformin: upTo(metformin),
      secondLine: upTo(secondLine),
      insulin: upTo(insulin),
      retinopathy: upTo(retinopathy),
      nephropathy: upTo(nephropathy),
      neuropathy: upTo(neuropathy),
    },
  };
}
