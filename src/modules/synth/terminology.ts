import type { CodeableConcept, Coding } from './fhir-r4.js';

/**
 * Every code the generator writes. The SNOMED CT, LOINC, ICD-10 (WHO edition), ATC and UCUM codes are real;
 * they were checked against the OHDSI vocabulary subset in ../shared/data/eunomia-synthea27nj, the Synthea
 * exports in ../shared/data, or published value sets. The concepts are built once and shared by every
 * resource that uses them (they are never mutated).
 */
export const systems = {
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  atc: 'http://www.whocc.no/atc',
  ucum: 'http://unitsofmeasure.org',
  /** AJCC group stage, as mCODE STU1 wrote it. */
  ajcc: 'http://cancerstaging.org',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  dischargeDisposition: 'http://terminology.hl7.org/CodeSystem/discharge-disposition',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  coverageClass: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  subscriberRelationship: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
} as const;

// Only conditions carry a text (the clinician's wording); for the rest the codings' displays say it all.
const concept = (...coding: Coding[]): CodeableConcept => ({ coding });
const sct = (code: string, display: string): Coding => ({ system: systems.snomed, code, display });
const icd = (code: string, display: string): Coding => ({ system: systems.icd10, code, display });
const atc = (code: string, display: string): Coding => ({ system: systems.atc, code, display });
const loinc = (code: string, display: string): Coding => ({ system: systems.loinc, code, display });

// ---------------------------------------------------------------- conditions

export interface ConditionCode {
  readonly key: string;
  readonly snomed: Coding;
  readonly icd10: Coding;
  /** SNOMED CT first (the clinical record), ICD-10 second (what the hospital codes for billing). */
  readonly concept: CodeableConcept;
  /** ICD-10 only: what an insurer receives on a claim. */
  readonly claimConcept: CodeableConcept;
  readonly chronic: boolean;
}

const condition = (key: string, snomed: Coding, icd10: Coding, chronic: boolean): ConditionCode => ({
  key,
  snomed,
  icd10,
  concept: { coding: [snomed, icd10], text: snomed.display ?? '' },
  claimConcept: { coding: [icd10] },
  chronic,
});

export const conditions = {
  hypertension: condition(
    'hypertension',
    sct('59621000', 'Essential hypertension'),
    icd('I10', 'Essential (primary) hypertension'),
    true,
  ),
  obesity: condition('obesity', sct('414916001', 'Obesity'), icd('E66.9', 'Obesity, unspecified'), true),
  type2Diabetes: condition(
    'type2Diabetes',
    sct('44054006', 'Diabetes mellitus type 2'),
    icd('E11.9', 'Type 2 diabetes mellitus without complications'),
    true,
  ),
  diabeticRetinopathy: condition(
    'diabeticRetinopathy',
    sct('422034002', 'Retinopathy due to type 2 diabetes mellitus'),
    icd('E11.3', 'Type 2 diabetes mellitus with ophthalmic complications'),
    true,
  ),
  diabeticNephropathy: condition(
    'diabeticNephropathy',
    sct('127013003', 'Disorder of kidney due to diabetes mellitus'),
    icd('E11.2', 'Type 2 diabetes mellitus with renal complications'),
    true,
  ),
  diabeticNeuropathy: condition(
    'diabeticNeuropathy',
    sct('368581000119106', 'Neuropathy due to type 2 diabetes mellitus'),
    icd('E11.4', 'Type 2 diabetes mellitus with neurological complications'),
    true,
  ),
} as const;

/** Breast cancer: one SNOMED concept, the ICD-10 sub-site varies (weights: share of tumours by site). */
const breastCancerSnomed = sct('254837009', 'Malignant neoplasm of breast');
export const breastCancerSites: readonly ConditionCode[] = [
  ['C50.1', 'Malignant neoplasm: central portion of breast'],
  ['C50.2', 'Malignant neoplasm: upper-inner quadrant of breast'],
  ['C50.3', 'Malignant neoplasm: lower-inner quadrant of breast'],
  ['C50.4', 'Malignant neoplasm: upper-outer quadrant of breast'],
  ['C50.5', 'Malignant neoplasm: lower-outer quadrant of breast'],
  ['C50.8', 'Malignant neoplasm: overlapping lesion of breast'],
  ['C50.9', 'Malignant neoplasm: breast, unspecified'],
].map(([code, display]) =>
  condition('breastCancer', breastCancerSnomed, icd(code ?? '', display ?? ''), true),
);
export const breastCancerSiteWeights: readonly number[] = [8, 12, 5, 45, 7, 12, 11];

export type Stage = 'I' | 'II' | 'III' | 'IV';
export const stages: readonly Stage[] = ['I', 'II', 'III', 'IV'];
export const stageConcepts: Readonly<Record<Stage, CodeableConcept>> = {
  I: concept({ system: systems.ajcc, code: 'I', display: 'Stage I' }),
  II: concept({ system: systems.ajcc, code: 'II', display: 'Stage II' }),
  III: concept({ system: systems.ajcc, code: 'III', display: 'Stage III' }),
  IV: concept({ system: systems.ajcc, code: 'IV', display: 'Stage IV' }),
};

/** Reasons for the background hospital contacts everyone has, with the age from which each is common. */
export interface AcuteCode extends ConditionCode {
  /** Relative weight below 65 and from 65 on. */
  readonly weightYoung: number;
  readonly weightOld: number;
  /** Days until it resolves. */
  readonly days: number;
}

const acute = (code: ConditionCode, weightYoung: number, weightOld: number, days: number): AcuteCode => ({
  ...code,
  weightYoung,
  weightOld,
  days,
});

export const acuteConditions: readonly AcuteCode[] = [
  acute(
    condition('pneumonia', sct('233604007', 'Pneumonia'), icd('J18.9', 'Pneumonia, unspecified'), false),
    2,
    10,
    21,
  ),
  acute(
    condition(
      'bronchitis',
      sct('10509002', 'Acute bronchitis'),
      icd('J20.9', 'Acute bronchitis, unspecified'),
      false,
    ),
    8,
    6,
    14,
  ),
  acute(
    condition(
      'pharyngitis',
      sct('195662009', 'Acute viral pharyngitis'),
      icd('J02.9', 'Acute pharyngitis, unspecified'),
      false,
    ),
    10,
    2,
    7,
  ),
  acute(
    condition('cystitis', sct('38822007', 'Cystitis'), icd('N30.9', 'Cystitis, unspecified'), false),
    6,
    7,
    7,
  ),
  acute(
    condition(
      'hipFracture',
      sct('359817006', 'Closed fracture of hip'),
      icd('S72.0', 'Fracture of neck of femur'),
      false,
    ),
    0.3,
    5,
    90,
  ),
  acute(
    condition(
      'ankleSprain',
      sct('44465007', 'Sprain of ankle'),
      icd('S93.4', 'Sprain and strain of ankle'),
      false,
    ),
    9,
    2,
    30,
  ),
  acute(
    condition('lowBackPain', sct('278860009', 'Chronic low back pain'), icd('M54.5', 'Low back pain'), false),
    8,
    6,
    60,
  ),
  acute(
    condition(
      'kneeArthrosis',
      sct('239873007', 'Osteoarthritis of knee'),
      icd('M17.9', 'Gonarthrosis, unspecified'),
      false,
    ),
    2,
    8,
    120,
  ),
  acute(
    condition(
      'infarction',
      sct('22298006', 'Myocardial infarction'),
      icd('I21.9', 'Acute myocardial infarction, unspecified'),
      false,
    ),
    0.8,
    4,
    60,
  ),
  acute(
    condition(
      'stroke',
      sct('230690007', 'Cerebrovascular accident'),
      icd('I64', 'Stroke, not specified as haemorrhage or infarction'),
      false,
    ),
    0.5,
    4,
    90,
  ),
  acute(
    condition(
      'gallstones',
      sct('235919008', 'Gallstone'),
      icd('K80.2', 'Calculus of gallbladder without cholecystitis'),
      false,
    ),
    3,
    3,
    45,
  ),
  acute(condition('headache', sct('25064002', 'Headache'), icd('R51', 'Headache'), false), 7, 2, 3),
];

export const conditionCodes: {
  readonly clinicalActive: CodeableConcept;
  readonly clinicalResolved: CodeableConcept;
  readonly confirmed: CodeableConcept;
  readonly encounterDiagnosis: CodeableConcept[];
  readonly problemListItem: CodeableConcept[];
} = {
  clinicalActive: concept({ system: systems.conditionClinical, code: 'active', display: 'Active' }),
  clinicalResolved: concept({ system: systems.conditionClinical, code: 'resolved', display: 'Resolved' }),
  confirmed: concept({ system: systems.conditionVerification, code: 'confirmed', display: 'Confirmed' }),
  encounterDiagnosis: [
    concept({
      system: systems.conditionCategory,
      code: 'encounter-diagnosis',
      display: 'Encounter Diagnosis',
    }),
  ],
  problemListItem: [
    concept({ system: systems.conditionCategory, code: 'problem-list-item', display: 'Problem List Item' }),
  ],
};

// ---------------------------------------------------------------- encounters and procedures

export type EncounterClass = 'AMB' | 'EMER' | 'IMP';
export const encounterClasses: Readonly<Record<EncounterClass, Coding>> = {
  AMB: { system: systems.actCode, code: 'AMB', display: 'ambulatory' },
  EMER: { system: systems.actCode, code: 'EMER', display: 'emergency' },
  IMP: { system: systems.actCode, code: 'IMP', display: 'inpatient encounter' },
};

export const encounterTypes = {
  checkUp: concept(sct('185349003', 'Encounter for check up')),
  symptom: concept(sct('185345009', 'Encounter for symptom')),
  problem: concept(sct('185347001', 'Encounter for problem')),
  followUp: concept(sct('390906007', 'Follow-up encounter')),
  consultation: concept(sct('698314001', 'Consultation for treatment')),
  emergency: concept(sct('50849002', 'Emergency room admission')),
  admission: concept(sct('32485007', 'Hospital admission')),
  surgicalAdmission: concept(sct('305408004', 'Admission to surgical department')),
} as const;

export const dischargeExpired: CodeableConcept = concept({
  system: systems.dischargeDisposition,
  code: 'exp',
  display: 'Expired',
});
export const dischargeHome: CodeableConcept = concept({
  system: systems.dischargeDisposition,
  code: 'home',
  display: 'Home',
});

export const procedures = {
  screeningMammography: concept(sct('24623002', 'Screening mammography')),
  diagnosticMammography: concept(sct('241055006', 'Mammogram - symptomatic')),
  mammography: concept(sct('71651007', 'Mammography')),
  breastBiopsy: concept(sct('122548005', 'Biopsy of breast')),
  lumpectomy: concept(sct('392021009', 'Lumpectomy of breast')),
  mastectomy: concept(sct('172043006', 'Simple mastectomy')),
  sentinelNodeBiopsy: concept(sct('396487001', 'Sentinel lymph node biopsy')),
  chemotherapy: concept(sct('367336001', 'Chemotherapy')),
  radiotherapy: concept(sct('33195004', 'Teleradiotherapy procedure')),
  dialysis: concept(sct('265764009', 'Renal dialysis')),
} as const;

// ---------------------------------------------------------------- observations

export type ObservationCategory = 'laboratory' | 'vital-signs';
export const observationCategories: Readonly<Record<ObservationCategory, CodeableConcept[]>> = {
  laboratory: [concept({ system: systems.observationCategory, code: 'laboratory', display: 'Laboratory' })],
  'vital-signs': [
    concept({ system: systems.observationCategory, code: 'vital-signs', display: 'Vital Signs' }),
  ],
};

export interface Measurement {
  readonly key: string;
  readonly code: CodeableConcept;
  readonly loinc: string;
  /** UCUM code, also used as the human-readable unit. */
  readonly unit: string;
  readonly decimals: number;
  /**
   * What a living person can have. Clean values always fall inside; the `impossible-value` noise always puts
   * a value outside (see noise.ts). Quality checks can use the same bounds.
   */
  readonly plausible: readonly [number, number];
  readonly category: ObservationCategory;
}

const measurement = (
  key: string,
  code: Coding,
  unit: string,
  decimals: number,
  plausible: readonly [number, number],
  category: ObservationCategory,
): Measurement => ({ key, code: concept(code), loinc: code.code, unit, decimals, plausible, category });

export const measurements = {
  hba1c: measurement(
    'hba1c',
    loinc('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'),
    '%',
    1,
    [3, 20],
    'laboratory',
  ),
  fastingGlucose: measurement(
    'fastingGlucose',
    loinc('1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma'),
    'mg/dL',
    0,
    [20, 1000],
    'laboratory',
  ),
  creatinine: measurement(
    'creatinine',
    loinc('14682-9', 'Creatinine [Moles/volume] in Serum or Plasma'),
    'umol/L',
    0,
    [10, 2500],
    'laboratory',
  ),
  egfr: measurement(
    'egfr',
    loinc(
      '62238-1',
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (CKD-EPI)',
    ),
    'mL/min/{1.73_m2}',
    0,
    [1, 200],
    'laboratory',
  ),
  albuminCreatinineRatio: measurement(
    'albuminCreatinineRatio',
    loinc('9318-7', 'Albumin/Creatinine [Mass Ratio] in Urine'),
    'mg/g',
    0,
    [0, 5000],
    'laboratory',
  ),
  cholesterol: measurement(
    'cholesterol',
    loinc('14647-2', 'Cholesterol [Moles/volume] in Serum or Plasma'),
    'mmol/L',
    1,
    [1, 20],
    'laboratory',
  ),
  bmi: measurement(
    'bmi',
    loinc('39156-5', 'Body mass index (BMI) [Ratio]'),
    'kg/m2',
    1,
    [10, 80],
    'vital-signs',
  ),
} as const;

export type MeasurementKey = keyof typeof measurements;

/** Fasting glucose in the other unit, which some laboratories report (the `unit-variant` noise). */
export const glucoseMmolPerMgdl = 1 / 18.016;

export const bloodPressure = {
  panel: concept(loinc('85354-9', 'Blood pressure panel with all children optional')),
  systolic: concept(loinc('8480-6', 'Systolic blood pressure')),
  diastolic: concept(loinc('8462-4', 'Diastolic blood pressure')),
  unit: 'mm[Hg]',
} as const;

// ---------------------------------------------------------------- medication and vaccines

export interface Drug {
  readonly key: string;
  readonly code: CodeableConcept;
  /** Per dispensation, in `unit` (UCUM). */
  readonly quantity: number;
  readonly unit: string;
  readonly daysSupply: number;
  /** Price per dispensation, for claims. */
  readonly price: number;
}

const drug = (
  key: string,
  code: Coding,
  quantity: number,
  unit: string,
  daysSupply: number,
  price: number,
): Drug => ({
  key,
  code: concept(code),
  quantity,
  unit,
  daysSupply,
  price,
});

export const drugs = {
  metformin: drug('metformin', atc('A10BA02', 'metformin'), 180, '{tbl}', 90, 12),
  sitagliptin: drug('sitagliptin', atc('A10BH01', 'sitagliptin'), 84, '{tbl}', 84, 95),
  dapagliflozin: drug('dapagliflozin', atc('A10BK01', 'dapagliflozin'), 84, '{tbl}', 84, 110),
  insulinGlargine: drug('insulinGlargine', atc('A10AE04', 'insulin glargine'), 15, 'mL', 90, 160),
  ramipril: drug('ramipril', atc('C09AA05', 'ramipril'), 90, '{tbl}', 90, 9),
  amlodipine: drug('amlodipine', atc('C08CA01', 'amlodipine'), 90, '{tbl}', 90, 8),
  tamoxifen: drug('tamoxifen', atc('L02BA01', 'tamoxifen'), 90, '{tbl}', 90, 25),
  letrozole: drug('letrozole', atc('L02BG04', 'letrozole'), 90, '{tbl}', 90, 40),
} as const;

export type DrugKey = keyof typeof drugs;

export const vaccines = {
  influenza: concept(atc('J07BB02', 'influenza, inactivated, split virus or surface antigen')),
  pneumococcal: concept(atc('J07AL02', 'pneumococcus, purified polysaccharides antigen conjugated')),
  hexavalent: concept(
    atc('J07CA09', 'diphtheria-haemophilus influenzae B-pertussis-poliomyelitis-tetanus-hepatitis B'),
  ),
  mmr: concept(atc('J07BD52', 'measles, combinations with mumps and rubella, live attenuated')),
  hpv: concept(atc('J07BM03', 'papillomavirus (human types 6, 11, 16, 18, 31, 33, 45, 52, 58)')),
} as const;

export type VaccineKey = keyof typeof vaccines;

// ---------------------------------------------------------------- identifiers and claims

export const identifierTypes = {
  nationalId: concept({
    system: systems.identifierType,
    code: 'NI',
    display: 'National unique individual identifier',
  }),
  medicalRecord: concept({ system: systems.identifierType, code: 'MR', display: 'Medical record number' }),
  patientInternal: concept({
    system: systems.identifierType,
    code: 'PI',
    display: 'Patient internal identifier',
  }),
  member: concept({ system: systems.identifierType, code: 'MB', display: 'Member Number' }),
} as const;

export const claimTypes = {
  institutional: concept({ system: systems.claimType, code: 'institutional', display: 'Institutional' }),
  professional: concept({ system: systems.claimType, code: 'professional', display: 'Professional' }),
} as const;

export const claimPriorityNormal: CodeableConcept = concept({
  system: systems.processPriority,
  code: 'normal',
  display: 'Normal',
});

export const primaryCareVisit: CodeableConcept = concept(sct('185349003', 'Encounter for check up'));

export const coverageType: CodeableConcept = concept({
  system: systems.coverageClass,
  code: 'PUBLICPOL',
  display: 'public healthcare',
});
export const coverageSelf: CodeableConcept = concept({
  system: systems.subscriberRelationship,
  code: 'self',
  display: 'Self',
});

export const organizationTypes: { readonly prov: CodeableConcept[]; readonly ins: CodeableConcept[] } = {
  prov: [concept({ system: systems.organizationType, code: 'prov', display: 'Healthcare Provider' })],
  ins: [concept({ system: systems.organizationType, code: 'ins', display: 'Insurance Company' })],
};
