/**
 * Salus's own concept-level rules, keyed on the LOINC source code instead of the standard concept id. The
 * DQD hangs its unit and range rules on standard concepts (and allows both mg/dL and mmol/L for "glucose");
 * a lake without the full OHDSI vocabulary, or a code whose LOINC property fixes the unit ("[Mass/volume]"
 * is mg/dL, "[Moles/volume]" mmol/L or µmol/L), needs the rule on the code itself. Ranges are what a living
 * person can have, in the code's unit, wide on purpose: they catch lost decimal points, wrong units and
 * signs, not unusual patients. Thresholds follow the DQD's concept-level rules of the same kind (5%).
 */
export interface SourceCodeRule {
  readonly code: string;
  readonly name: string;
  /** UCUM codes the LOINC property allows. */
  readonly units: readonly string[];
  /** The plausible range, in `units[0]`. */
  readonly low: number;
  readonly high: number;
}

export const sourceCodeThresholdPct = 5;

export const measurementSourceRules: readonly SourceCodeRule[] = [
  { code: '4548-4', name: 'HbA1c', units: ['%'], low: 2, high: 25 },
  { code: '17856-6', name: 'HbA1c (HPLC)', units: ['%'], low: 2, high: 25 },
  { code: '59261-8', name: 'HbA1c (IFCC)', units: ['mmol/mol'], low: 10, high: 250 },
  { code: '1558-6', name: 'Fasting glucose (mass)', units: ['mg/dL'], low: 10, high: 1500 },
  { code: '2345-7', name: 'Glucose (mass)', units: ['mg/dL'], low: 10, high: 1500 },
  { code: '2339-0', name: 'Glucose in blood (mass)', units: ['mg/dL'], low: 10, high: 1500 },
  { code: '14749-6', name: 'Glucose (moles)', units: ['mmol/L'], low: 0.5, high: 85 },
  { code: '2160-0', name: 'Creatinine (mass)', units: ['mg/dL'], low: 0.1, high: 30 },
  { code: '14682-9', name: 'Creatinine (moles)', units: ['umol/L'], low: 5, high: 2700 },
  {
    code: '62238-1',
    name: 'eGFR (CKD-EPI)',
    units: ['mL/min/{1.73_m2}', 'mL/min/1.73m2'],
    low: 1,
    high: 250,
  },
  { code: '9318-7', name: 'Albumin/creatinine (mass ratio)', units: ['mg/g'], low: 0, high: 10000 },
  { code: '2093-3', name: 'Cholesterol (mass)', units: ['mg/dL'], low: 20, high: 1000 },
  { code: '14647-2', name: 'Cholesterol (moles)', units: ['mmol/L'], low: 0.5, high: 25 },
  { code: '39156-5', name: 'Body mass index', units: ['kg/m2'], low: 7, high: 150 },
  { code: '29463-7', name: 'Body weight', units: ['kg'], low: 0.3, high: 650 },
  { code: '8302-2', name: 'Body height', units: ['cm'], low: 20, high: 275 },
  { code: '8480-6', name: 'Systolic blood pressure', units: ['mm[Hg]'], low: 30, high: 320 },
  { code: '8462-4', name: 'Diastolic blood pressure', units: ['mm[Hg]'], low: 10, high: 220 },
  { code: '8867-4', name: 'Heart rate', units: ['/min'], low: 10, high: 350 },
  { code: '8310-5', name: 'Body temperature', units: ['Cel'], low: 25, high: 45 },
];
