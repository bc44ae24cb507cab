import { dayOf, type Day } from './calendar.js';
import type { Sex } from './epidemiology.js';
import type { CodeableConcept } from './fhir-r4.js';
import type {
  AcuteCode,
  ConditionCode,
  Drug,
  EncounterClass,
  Measurement,
  Stage,
  VaccineKey,
} from './terminology.js';

/**
 * One person's life over the period covered, as the simulation sees it: what happened to them and when,
 * before any data holder writes it down. The holders (hospital.ts, laboratory.ts, insurer.ts) turn it into
 * FHIR resources; a Life never outlives its person's turn in the generator.
 */

/** The period the deliveries cover, and the day they were extracted (the manifest's transactionTime). */
export const period = { start: dayOf(2015, 1, 1), end: dayOf(2024, 12, 31) } as const;
export const extractDay: Day = dayOf(2025, 3, 31);

export interface Diagnosis {
  readonly code: ConditionCode;
  /** True onset; before the period for conditions that were already there. */
  readonly onset: Day;
  readonly abatement: Day | null;
  readonly stage: Stage | null;
}

export interface ProcedureEvent {
  readonly code: CodeableConcept;
  readonly day: Day;
  readonly minute: number;
  /** Last day for a procedure spread over days (a week of radiotherapy), else null. */
  readonly endDay: Day | null;
  readonly reason: Diagnosis | null;
  readonly price: number;
}

export interface Vitals {
  readonly bmi: number | null;
  /** Systolic, diastolic. */
  readonly bloodPressure: readonly [number, number] | null;
}

export interface HospitalEncounter {
  readonly cls: EncounterClass;
  readonly type: CodeableConcept;
  readonly start: Day;
  readonly startMinute: number;
  readonly end: Day;
  readonly endMinute: number;
  readonly reason: Diagnosis | null;
  /** Everything coded for this contact; a condition becomes a Condition resource where it is first coded. */
  readonly diagnoses: readonly Diagnosis[];
  readonly procedures: readonly ProcedureEvent[];
  readonly vitals: Vitals | null;
  readonly diedHere: boolean;
  readonly price: number;
}

export interface LabResult {
  readonly measurement: Measurement;
  readonly value: number;
}

/** One sample sent to the laboratory (by the family doctor or a clinic). */
export interface LabOrder {
  readonly day: Day;
  readonly minute: number;
  readonly results: readonly LabResult[];
}

/** A family-doctor visit: outside every simulated holder except the insurer, who pays for it. */
export interface PrimaryCareVisit {
  readonly day: Day;
  readonly diagnoses: readonly Diagnosis[];
}

export interface Dispense {
  readonly day: Day;
  readonly drug: Drug;
}

export interface Vaccination {
  readonly day: Day;
  readonly minute: number;
  readonly vaccine: VaccineKey;
}

/** The answer key for one person, written to ground-truth.ndjson and used by the tests. */
export interface PersonTruth {
  readonly hypertension: Day | null;
  readonly obesityAtStart: boolean;
  readonly type2Diabetes: {
    readonly onset: Day;
    readonly prevalent: boolean;
    readonly metformin: Day | null;
    readonly secondLine: Day | null;
    readonly insulin: Day | null;
    readonly retinopathy: Day | null;
    readonly nephropathy: Day | null;
    readonly neuropathy: Day | null;
  } | null;
  readonly breastCancer: {
    readonly diagnosis: Day;
    readonly stage: Stage;
    readonly screenDetected: boolean;
    readonly mammography: Day;
    readonly surgery: Day | null;
    readonly surgeryType: 'lumpectomy' | 'mastectomy' | null;
    readonly chemotherapy: Day | null;
    readonly radiotherapy: Day | null;
    readonly endocrineTherapy: Day | null;
  } | null;
  readonly causeOfDeath: 'breast cancer' | 'other' | null;
}

export interface Life {
  readonly index: number;
  readonly sex: Sex;
  readonly birth: Day;
  readonly bornDuringPeriod: boolean;
  readonly death: Day | null;
  /** First and last day the person is observed: birth or the period's start, death or the period's end. */
  readonly firstDay: Day;
  readonly lastDay: Day;
  readonly insured: boolean;
  readonly coverageStart: Day;
  /** Whether their hospital care and their blood tests go to the simulated hospital and laboratory. */
  readonly hospitalCatchment: boolean;
  readonly laboratoryCatchment: boolean;
  readonly encounters: HospitalEncounter[];
  readonly labOrders: LabOrder[];
  readonly primaryCare: PrimaryCareVisit[];
  readonly dispenses: Dispense[];
  readonly vaccinations: Vaccination[];
  truth: PersonTruth;
}

/** A diagnosis of an acute condition starting on a day. */
export const acuteDiagnosis = (code: AcuteCode, day: Day): Diagnosis => ({
  code,
  onset: day,
  abatement: day + code.days,
  stage: null,
});

export const chronicDiagnosis = (code: ConditionCode, onset: Day, stage: Stage | null = null): Diagnosis => ({
  code,
  onset,
  abatement: null,
  stage,
});
