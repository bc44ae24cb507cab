import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Condition, MedicationDispense, Observation, Patient, Procedure } from './fhir-r4.js';
import { nationalIdSystem, type HolderName } from './holder.js';
import { readNdjson } from './read-delivery.js';
import { synthesize, type SynthReport } from './synthesize.js';
import { conditions, drugs, measurements, procedures } from './terminology.js';

/**
 * The population against what is known of EU-27 populations. The bounds are wide enough to hold for any seed
 * at 10,000 persons (several standard errors), narrow enough to catch a wrong table:
 * - age: under 15 ~14.5%, 65 and over ~21% (Eurostat 2023), women ~51%;
 * - deaths: ~1.1% of the population a year;
 * - type 2 diabetes: 6-12% of adults have it at some point of the ten years (4.5-8% at the start);
 * - breast cancer: 1.2-3.5% of women aged 40 and over are diagnosed during the ten years;
 * - hypertension 20-35% of adults, obesity 14-24% of adults at the start; 12-35% of diabetics on insulin.
 */

interface Truth {
  readonly nationalId: string;
  readonly sex: 'female' | 'male';
  readonly birthDate: string;
  readonly bornDuringPeriod: boolean;
  readonly deathDate: string | null;
  readonly patientIds: Readonly<Record<HolderName, string | null>>;
  readonly hypertension: string | null;
  readonly obesityAtStart: boolean;
  readonly type2Diabetes: {
    readonly onset: string;
    readonly prevalent: boolean;
    readonly insulin: string | null;
  } | null;
  readonly breastCancer: { readonly diagnosis: string; readonly stage: string } | null;
}

let root: string;
let report: SynthReport;
let truth: Truth[];
const read = <T>(file: string): T[] => readNdjson<T>(path.join(report.outDir, file));

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'salus-synth-population-'));
  report = await synthesize({ persons: 10_000, seed: 4242, outDir: path.join(root, 'out'), noise: 'none' });
  truth = read<Truth>('ground-truth.ndjson');
}, 300_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const ageOnStart = (t: Truth): number => {
  const [y, m, d] = t.birthDate.split('-').map(Number) as [number, number, number];
  return 2015 - y - (m > 1 || d > 1 ? 1 : 0);
};
const share = (part: number, whole: number): number => part / whole;

/** Local Patient id → national id, for one holder's Patient file. */
function nationalIds(holder: HolderName): Map<string, string> {
  return new Map(
    read<Patient>(`${holder}/Patient.ndjson`).map((p) => [
      p.id,
      p.identifier.find((i) => i.system === nationalIdSystem)?.value ?? '',
    ]),
  );
}
const ofSubject = (reference: string): string => reference.slice('Patient/'.length);

describe('the synthetic population', { timeout: 60_000 }, () => {
  it('has the age and sex structure of the EU-27 and its death rate', () => {
    const atStart = truth.filter((t) => !t.bornDuringPeriod);
    const under15 = atStart.filter((t) => ageOnStart(t) < 15).length;
    const over65 = atStart.filter((t) => ageOnStart(t) >= 65).length;
    const women = atStart.filter((t) => t.sex === 'female').length;
    expect(share(under15, atStart.length)).toBeGreaterThan(0.12);
    expect(share(under15, atStart.length)).toBeLessThan(0.17);
    expect(share(over65, atStart.length)).toBeGreaterThan(0.185);
    expect(share(over65, atStart.length)).toBeLessThan(0.235);
    expect(share(women, atStart.length)).toBeGreaterThan(0.49);
    expect(share(women, atStart.length)).toBeLessThan(0.53);
    const deathsPerYear = truth.filter((t) => t.deathDate !== null).length / truth.length / 10;
    expect(deathsPerYear).toBeGreaterThan(0.008);
    expect(deathsPerYear).toBeLessThan(0.014);
    expect(share(truth.filter((t) => t.bornDuringPeriod).length, truth.length)).toBeGreaterThan(0.06);
  });

  it('has plausible prevalences of type 2 diabetes, breast cancer, hypertension and obesity', () => {
    const p = report.population;
    expect(share(p.type2Diabetes, p.adultsAtStart)).toBeGreaterThan(0.06);
    expect(share(p.type2Diabetes, p.adultsAtStart)).toBeLessThan(0.12);
    expect(share(p.type2DiabetesAtStart, p.adultsAtStart)).toBeGreaterThan(0.045);
    expect(share(p.type2DiabetesAtStart, p.adultsAtStart)).toBeLessThan(0.08);
    expect(share(p.breastCancer, p.womenAged40AtStart)).toBeGreaterThan(0.012);
    expect(share(p.breastCancer, p.womenAged40AtStart)).toBeLessThan(0.035);
    expect(share(p.hypertension, p.adultsAtStart)).toBeGreaterThan(0.2);
    expect(share(p.hypertension, p.adultsAtStart)).toBeLessThan(0.35);
    expect(share(p.obesityAtStart, p.adultsAtStart)).toBeGreaterThan(0.14);
    expect(share(p.obesityAtStart, p.adultsAtStart)).toBeLessThan(0.24);
    expect(share(p.onInsulin, p.type2Diabetes)).toBeGreaterThan(0.12);
    expect(share(p.onInsulin, p.type2Diabetes)).toBeLessThan(0.35);
    // The summary is the ground truth, person by person.
    const adults = truth.filter((t) => !t.bornDuringPeriod && ageOnStart(t) >= 18);
    expect(adults.filter((t) => t.type2Diabetes !== null).length).toBe(p.type2Diabetes);
  });

  it('shows the diseases in the holders’ files: every coded case is a true case, and few true cases are missed', () => {
    const hospitalIds = nationalIds('hospital');
    const insurerIds = nationalIds('insurer');
    const diabetesInFiles = new Set<string>();
    const cancerInFiles = new Set<string>();
    for (const c of read<Condition>('hospital/Condition.ndjson')) {
      const code = c.code.coding[0]?.code;
      const id = hospitalIds.get(ofSubject(c.subject.reference)) ?? '';
      if (code === conditions.type2Diabetes.snomed.code) diabetesInFiles.add(id);
      if (code === '254837009') cancerInFiles.add(id);
    }
    for (const d of read<MedicationDispense>('insurer/MedicationDispense.ndjson')) {
      if (d.medicationCodeableConcept.coding[0]?.code.startsWith('A10') === true) {
        diabetesInFiles.add(insurerIds.get(ofSubject(d.subject.reference)) ?? '');
      }
    }
    const truly = new Map(truth.map((t) => [t.nationalId, t]));
    for (const id of diabetesInFiles) expect(truly.get(id)?.type2Diabetes).not.toBeNull();
    for (const id of cancerInFiles) expect(truly.get(id)?.breastCancer).not.toBeNull();
    const visible = truth.filter(
      (t) => t.type2Diabetes !== null && (t.patientIds.hospital !== null || t.patientIds.insurer !== null),
    );
    expect(
      share(visible.filter((t) => diabetesInFiles.has(t.nationalId)).length, visible.length),
    ).toBeGreaterThan(0.85);
    const treated = truth.filter((t) => t.breastCancer !== null && t.patientIds.hospital !== null);
    expect(treated.length).toBeGreaterThan(20);
    expect(treated.every((t) => cancerInFiles.has(t.nationalId))).toBe(true);
  });

  it('orders diabetes care in time: diagnosis, then metformin, then insulin; HbA1c at diagnosis at least 6.5%', () => {
    const insurerIds = nationalIds('insurer');
    const laboratoryIds = nationalIds('laboratory');
    const first = new Map<string, Map<string, string>>();
    for (const d of read<MedicationDispense>('insurer/MedicationDispense.ndjson')) {
      const id = insurerIds.get(ofSubject(d.subject.reference)) ?? '';
      const code = d.medicationCodeableConcept.coding[0]?.code ?? '';
      const day = d.whenHandedOver.slice(0, 10);
      const mine = first.get(id) ?? new Map<string, string>();
      if ((mine.get(code) ?? '9999') > day) mine.set(code, day);
      first.set(id, mine);
    }
    const hba1c = new Map<string, Map<string, number>>();
    for (const o of read<Observation>('laboratory/Observation.ndjson')) {
      if (o.code.coding[0]?.code !== measurements.hba1c.loinc || o.valueQuantity === undefined) continue;
      const id = laboratoryIds.get(ofSubject(o.subject.reference)) ?? '';
      const mine = hba1c.get(id) ?? new Map<string, number>();
      mine.set(o.effectiveDateTime.slice(0, 10), o.valueQuantity.value);
      hba1c.set(id, mine);
    }
    const metformin = drugs.metformin.code.coding[0]?.code ?? '';
    const insulin = drugs.insulinGlargine.code.coding[0]?.code ?? '';
    let both = 0;
    let diagnosedAtLab = 0;
    const incident = truth.filter((t) => t.type2Diabetes !== null && !t.type2Diabetes.prevalent);
    expect(incident.length).toBeGreaterThan(100);
    for (const t of incident) {
      const onset = t.type2Diabetes?.onset ?? '';
      const drugsOf = first.get(t.nationalId);
      const m = drugsOf?.get(metformin);
      const i = drugsOf?.get(insulin);
      if (m !== undefined) expect(m > onset).toBe(true);
      if (m !== undefined && i !== undefined) {
        expect(i > m).toBe(true);
        both++;
      }
      const atDiagnosis = hba1c.get(t.nationalId)?.get(onset);
      if (atDiagnosis !== undefined) {
        expect(atDiagnosis).toBeGreaterThanOrEqual(6.5);
        diagnosedAtLab++;
      }
    }
    expect(both).toBeGreaterThan(0);
    expect(diagnosedAtLab).toBeGreaterThan(incident.length * 0.3);
    // People without diabetes keep an HbA1c below the diagnostic threshold (with rare exceptions at the edge).
    const nonDiabetic = truth
      .filter((t) => t.type2Diabetes === null)
      .map((t) => [...(hba1c.get(t.nationalId)?.values() ?? [])])
      .flat();
    expect(share(nonDiabetic.filter((v) => v >= 6.5).length, nonDiabetic.length)).toBeLessThan(0.01);
  });

  it('orders breast cancer care in time: mammography, then diagnosis, then surgery, chemotherapy or radiotherapy', () => {
    const hospitalIds = nationalIds('hospital');
    const diagnosis = new Map<string, string>();
    for (const c of read<Condition>('hospital/Condition.ndjson')) {
      if (c.code.coding[0]?.code !== '254837009') continue;
      expect(c.stage?.[0]?.summary.coding[0]?.code).toMatch(/^(I|II|III|IV)$/);
      expect(c.code.coding[1]?.code).toMatch(/^C50\.\d$/);
      diagnosis.set(hospitalIds.get(ofSubject(c.subject.reference)) ?? '', c.onsetDateTime ?? '');
    }
    const code = (concept: { coding: { code: string }[] }): string => concept.coding[0]?.code ?? '';
    const mammography = new Set([
      code(procedures.screeningMammography),
      code(procedures.diagnosticMammography),
    ]);
    const surgery = new Set([code(procedures.lumpectomy), code(procedures.mastectomy)]);
    const treatment = new Set([...surgery, code(procedures.chemotherapy), code(procedures.radiotherapy)]);
    const seen = new Map<string, { mammography: string[]; surgery: string[]; treatment: string[] }>();
    for (const p of read<Procedure>('hospital/Procedure.ndjson')) {
      const id = hospitalIds.get(ofSubject(p.subject.reference)) ?? '';
      if (!diagnosis.has(id)) continue;
      const day = (p.performedDateTime ?? p.performedPeriod?.start ?? '').slice(0, 10);
      const mine = seen.get(id) ?? { mammography: [], surgery: [], treatment: [] };
      if (mammography.has(code(p.code))) mine.mammography.push(day);
      if (surgery.has(code(p.code))) mine.surgery.push(day);
      if (treatment.has(code(p.code))) mine.treatment.push(day);
      seen.set(id, mine);
    }
    let operated = 0;
    for (const [id, diagnosed] of diagnosis) {
      const mine = seen.get(id);
      const before = mine?.mammography.filter((d) => d < diagnosed) ?? [];
      // A diagnosis in the first weeks of the period may have had its mammography just before it.
      if (diagnosed >= '2015-02-01') expect(before.length, id).toBeGreaterThan(0);
      for (const d of mine?.treatment ?? []) expect(d > diagnosed).toBe(true);
      if ((mine?.surgery.length ?? 0) > 0) operated++;
    }
    expect(operated).toBeGreaterThan(diagnosis.size * 0.6);
  });
});
