import { dayAtAge, type Day } from './calendar.js';
import { screeningAges } from './epidemiology.js';
import { chronicDiagnosis, type Diagnosis, type ProcedureEvent } from './life.js';
import { addEncounter, age, chronicOn, dispenseSeries, procedure, within, type Sim } from './sim.js';
import {
  breastCancerSites,
  breastCancerSiteWeights,
  drugs,
  encounterTypes,
  procedures,
  type Stage,
} from './terminology.js';

export interface BreastCancerCase {
  readonly diagnosis: Day;
  readonly stage: Stage;
  readonly screenDetected: boolean;
}

/**
 * Organised screening (women 50-69, every two years, for those who take part) and, for women who develop
 * breast cancer, the pathway: mammography (the screening one, or a diagnostic one for a symptom) then a
 * biopsy that makes the diagnosis; surgery within six weeks (breast-conserving or mastectomy, with a sentinel
 * node biopsy); adjuvant chemotherapy (six cycles three weeks apart) depending on stage; radiotherapy (15
 * fractions over three weeks) after breast-conserving surgery; five years of endocrine therapy for
 * hormone-receptor-positive tumours (tamoxifen before menopause, letrozole after); then follow-up, with a
 * yearly mammography. Stage IV is mostly treated without surgery.
 */
export function breastCare(sim: Sim, participant: boolean, cancer: BreastCancerCase | null): void {
  if (participant) screening(sim, cancer);
  if (cancer !== null && cancer.diagnosis <= sim.life.lastDay && cancer.diagnosis >= sim.life.firstDay) {
    pathway(sim, cancer);
  }
}

function screening(sim: Sim, cancer: BreastCancerCase | null): void {
  const { rng, life } = sim;
  const from = Math.max(life.firstDay, dayAtAge(life.birth, screeningAges[0]));
  const until = Math.min(life.lastDay, dayAtAge(life.birth, screeningAges[1] + 1) - 1);
  for (let day = from + rng.int(0, 729); day <= until; day += rng.int(700, 760)) {
    // Once found, the cancer is followed up, not screened for.
    if (cancer !== null && day >= cancer.diagnosis - 60) break;
    addEncounter(sim, {
      cls: 'AMB',
      type: encounterTypes.checkUp,
      start: day,
      nights: 0,
      reason: null,
      procedures: [procedure(sim, procedures.screeningMammography, day, null, rng.int(55, 90))],
      vitals: 'none',
    });
  }
}

const lumpectomyShare: Readonly<Record<Stage, number>> = { I: 0.78, II: 0.62, III: 0.3, IV: 0.3 };
const chemotherapyShare: Readonly<Record<Stage, number>> = { I: 0.15, II: 0.5, III: 0.85, IV: 0.65 };

function pathway(sim: Sim, cancer: BreastCancerCase): void {
  const { rng, life } = sim;
  const { diagnosis: d, stage } = cancer;
  const site = rng.weighted(breastCancerSites, breastCancerSiteWeights);
  const dx: Diagnosis = chronicDiagnosis(site, d, stage);
  sim.chronic.breastCancer = dx;

  const mammography = d - (cancer.screenDetected ? rng.int(14, 28) : rng.int(7, 21));
  addEncounter(sim, {
    cls: 'AMB',
    type: cancer.screenDetected ? encounterTypes.checkUp : encounterTypes.symptom,
    start: mammography,
    nights: 0,
    reason: null,
    procedures: [
      procedure(
        sim,
        cancer.screenDetected ? procedures.screeningMammography : procedures.diagnosticMammography,
        mammography,
        null,
        rng.int(55, 120),
      ),
    ],
    vitals: 'none',
  });
  addEncounter(sim, {
    cls: 'AMB',
    type: encounterTypes.problem,
    start: d,
    nights: 0,
    reason: dx,
    procedures: [procedure(sim, procedures.breastBiopsy, d, dx, rng.int(250, 450))],
    vitals: 'none',
  });

  let surgery: Day | null = null;
  let surgeryType: 'lumpectomy' | 'mastectomy' | null = null;
  if (stage !== 'IV' || rng.chance(0.2)) {
    const day = d + rng.int(14, 42);
    const lumpectomy = rng.chance(lumpectomyShare[stage]);
    const done: ProcedureEvent[] = [
      procedure(
        sim,
        lumpectomy ? procedures.lumpectomy : procedures.mastectomy,
        day,
        dx,
        rng.int(3000, 9000),
      ),
    ];
    if (rng.chance(0.85))
      done.push(procedure(sim, procedures.sentinelNodeBiopsy, day, dx, rng.int(600, 1200)));
    const stay = addEncounter(sim, {
      cls: 'IMP',
      type: encounterTypes.surgicalAdmission,
      start: day,
      nights: lumpectomy ? rng.int(0, 1) : rng.int(2, 4),
      reason: dx,
      diagnoses: chronicOn(sim, day),
      procedures: done,
      vitals: 'both',
    });
    if (stay !== null) {
      surgery = day;
      surgeryType = lumpectomy ? 'lumpectomy' : 'mastectomy';
    }
  }
  let lastTreatment = surgery ?? d;

  let chemotherapy: Day | null = null;
  if (rng.chance(chemotherapyShare[stage])) {
    const start = surgery !== null ? surgery + rng.int(28, 49) : d + rng.int(14, 28);
    for (let cycle = 0; cycle < 6; cycle++) {
      const day = start + 21 * cycle + rng.int(-2, 2);
      const visit = addEncounter(sim, {
        cls: 'AMB',
        type: encounterTypes.consultation,
        start: day,
        nights: 0,
        reason: dx,
        procedures: [procedure(sim, procedures.chemotherapy, day, dx, rng.int(1500, 4000))],
        vitals: 'bmi',
      });
      if (visit === null) break;
      chemotherapy ??= day;
      lastTreatment = day;
    }
  }

  let radiotherapy: Day | null = null;
  const radiotherapyShare =
    surgeryType === 'lumpectomy' ? 0.95 : surgeryType === 'mastectomy' ? (stage === 'III' ? 0.8 : 0.1) : 0.3;
  if (rng.chance(radiotherapyShare)) {
    const start = lastTreatment + (chemotherapy !== null ? rng.int(21, 35) : rng.int(28, 56));
    for (let fraction = 0; fraction < 15; fraction++) {
      const day = start + 7 * Math.floor(fraction / 5) + (fraction % 5);
      const visit = addEncounter(sim, {
        cls: 'AMB',
        type: encounterTypes.consultation,
        start: day,
        nights: 0,
        reason: dx,
        procedures: [procedure(sim, procedures.radiotherapy, day, dx, rng.int(180, 260))],
        vitals: 'none',
      });
      if (visit === null) break;
      radiotherapy ??= day;
      lastTreatment = day;
    }
  }

  let endocrine: Day | null = null;
  if (rng.chance(0.75)) {
    const start = lastTreatment + rng.int(14, 42);
    const drug = age(sim, d) < 50 ? drugs.tamoxifen : drugs.letrozole;
    endocrine = dispenseSeries(sim, drug, start, start + 5 * 365);
  }

  // Follow-up: twice a year for two years, then yearly with a mammography (when there is a breast left to image).
  let visit = lastTreatment + rng.int(150, 200);
  for (let n = 0; within(sim, visit); n++) {
    const yearly = n % 2 === 1 || n >= 4;
    addEncounter(sim, {
      cls: 'AMB',
      type: encounterTypes.followUp,
      start: visit,
      nights: 0,
      reason: dx,
      procedures:
        yearly && stage !== 'IV' ? [procedure(sim, procedures.mammography, visit, dx, rng.int(55, 90))] : [],
      vitals: 'none',
    });
    visit += n < 3 ? rng.int(160, 200) : rng.int(340, 390);
  }

  life.truth = {
    ...life.truth,
    breastCancer: {
      diagnosis: d,
      stage,
      screenDetected: cancer.screenDetected,
      mammography,
      surgery,
      surgeryType,
      chemotherapy,
      radiotherapy,
      endocrineTherapy: endocrine,
    },
  };
}
