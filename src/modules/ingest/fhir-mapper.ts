/**
 * FHIR R4 resource → staged OMOP rows. Only the elements listed here are read, which is what keeps names,
 * street lines, telecoms, identifiers, notes and narrative out of the lake: nothing else is ever copied.
 * Each resource type either has a mapping or a reason why it is not loaded (`skipReasons`).
 */
// From the lake's staging contract file, not its index: the mapper runs in worker threads (see stage-file.ts).
import { StagedEventRow, type StagedPatient, type StagedTarget } from '../lake/staging-rows.js';
import {
  localPseudonymOf,
  personIdOf,
  pseudonymOf,
  type PseudonymKey,
} from '../../platform/pseudonym/index.js';
import { typeConcept, visitConceptOfClass } from './code-systems.js';
import {
  arr,
  codeOf,
  codingCode,
  date,
  isObject,
  num,
  obj,
  refTo,
  str,
  type Code,
  type FhirDate,
  type JsonObject,
  type ReadContext,
} from './fhir-values.js';

export interface MapperOptions {
  readonly holderId: string;
  readonly key: PseudonymKey;
  /** Identifier systems whose value is the national identifier, in order of preference. */
  readonly nationalIdSystems: readonly string[];
}

export interface Mapped {
  readonly events: (readonly [StagedTarget, StagedEventRow])[];
  readonly patient: StagedPatient | null;
  /** Why the resource is not loaded, for types without a mapping. */
  readonly skipped: string | null;
}

/** Resource types not loaded, and why (every resource is either loaded or reported with its reason). */
export const skipReasons: Readonly<Record<string, string>> = {
  DocumentReference: 'free-text clinical document: never loaded (its text may identify the person)',
  DiagnosticReport:
    'groups Observations that are loaded on their own; its conclusion and attachments are free text',
  CarePlan: 'care plan: no OMOP CDM v5.4 table',
  Goal: 'care goal: no OMOP CDM v5.4 table',
  CareTeam: 'care team membership: no OMOP CDM v5.4 table',
  PractitionerRole: 'practitioner role: no OMOP CDM table (the Practitioner is loaded as provider)',
  ImagingStudy: 'imaging study metadata: no OMOP CDM table (imaging arrives as Procedure)',
  Provenance: 'provenance of the export, not health data',
  Medication: 'medication definition: drug codes are read from medicationCodeableConcept',
  SupplyDelivery: 'supply logistics: no OMOP CDM table',
  Device: 'device_exposure is not loaded from FHIR yet',
  Bundle: 'nested Bundle inside a Bundle entry is not read',
};

const none: Mapped = { events: [], patient: null, skipped: null };

interface Base {
  readonly rid: string;
  readonly rtype: string;
  readonly jpath: string;
}

type Rows = (readonly [StagedTarget, StagedEventRow])[];

/** Maps one resource; problems go to `ctx.problems` (the caller then rejects the whole resource). */
export function mapResource(
  resource: JsonObject,
  rtype: string,
  rid: string,
  ctx: ReadContext,
  options: MapperOptions,
): Mapped {
  const base: Base = { rid, rtype, jpath: ctx.prefix };
  const key = `${rtype}/${rid}`;
  switch (rtype) {
    case 'Patient':
      return { events: [], patient: mapPatient(resource, key, ctx, options), skipped: null };
    case 'Encounter':
      return one('visit_occurrence', mapEncounter(resource, base, key, ctx));
    case 'Condition':
      return one('condition_occurrence', mapCondition(resource, base, key, ctx));
    case 'Procedure':
      return one('procedure_occurrence', mapProcedure(resource, base, key, ctx));
    case 'Observation':
      return { events: mapObservation(resource, base, key, ctx), patient: null, skipped: null };
    case 'AllergyIntolerance':
      return one('observation', mapAllergy(resource, base, key, ctx));
    case 'MedicationRequest':
    case 'MedicationDispense':
    case 'MedicationStatement':
    case 'MedicationAdministration':
    case 'Immunization':
      return one('drug_exposure', mapDrug(resource, base, key, ctx));
    case 'Claim':
    case 'ExplanationOfBenefit':
      return { events: mapClaim(resource, base, key, ctx), patient: null, skipped: null };
    case 'Coverage':
      return one('payer_plan_period', mapCoverage(resource, base, key, ctx));
    case 'Organization':
      return one('care_site', mapOrganization(resource, base, key, ctx));
    case 'Location': {
      const e = newRow(base, key);
      setPlace(e, placeOf(ctx, resource.address, 'address'));
      return one('location', e);
    }
    case 'Practitioner':
      return one('provider', mapPractitioner(resource, base, key, ctx));
    default:
      return { ...none, skipped: skipReasons[rtype] ?? `no mapping from ${rtype} to an OMOP CDM table` };
  }
}

function one(target: StagedTarget, event: StagedEventRow): Mapped {
  return { events: [[target, event]], patient: null, skipped: null };
}

function newRow(base: Base, key: string): StagedEventRow {
  const e = new StagedEventRow();
  e.rid = base.rid;
  e.rtype = base.rtype;
  e.jpath = base.jpath;
  e.key = key;
  return e;
}

function required<T>(ctx: ReadContext, value: T | null, path: string, what: string): T | null {
  if (value === null && !ctx.problems.some((p) => p.path.startsWith(ctx.prefix + path))) {
    ctx.problems.push({ path: ctx.prefix + path, reason: `missing ${what}` });
  }
  return value;
}

function setDates(e: StagedEventRow, start: FhirDate | null, end: FhirDate | null): void {
  e.start_date = start?.date ?? null;
  e.start_dt = start?.dateTime ?? null;
  e.end_date = end?.date ?? null;
  e.end_dt = end?.dateTime ?? null;
}

function setCode(e: StagedEventRow, c: Code | null): void {
  e.vocab = c?.vocab ?? null;
  e.code = c?.code ?? null;
}

interface Place {
  readonly city: string | null;
  readonly region: string | null;
  readonly postcode: string | null;
  readonly country: string | null;
}

function setPlace(e: StagedEventRow, p: Place): void {
  e.city = p.city;
  e.region = p.region;
  e.postcode = p.postcode;
  e.country = p.country;
}

/** A period's start and end, or a single dateTime element. */
function periodOrDate(
  ctx: ReadContext,
  r: JsonObject,
  dateField: string,
  periodField: string,
): [FhirDate | null, FhirDate | null] {
  const single = date(ctx, r[dateField], dateField);
  if (single !== null) return [single, null];
  const period = obj(ctx, r[periodField], periodField);
  if (period === null) return [null, null];
  return [date(ctx, period.start, `${periodField}.start`), date(ctx, period.end, `${periodField}.end`)];
}

const noPlace: Place = { city: null, region: null, postcode: null, country: null };

function placeOf(ctx: ReadContext, v: unknown, path: string): Place {
  // An address is read for its city, region, postcode and country only: never its street lines.
  const address: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  const a = obj(ctx, address, Array.isArray(v) ? `${path}[0]` : path);
  if (a === null) return noPlace;
  return {
    city: str(ctx, a.city, `${path}.city`),
    region: str(ctx, a.state, `${path}.state`),
    postcode: str(ctx, a.postalCode, `${path}.postalCode`),
    country: str(ctx, a.country, `${path}.country`),
  };
}

function mapPatient(r: JsonObject, key: string, ctx: ReadContext, options: MapperOptions): StagedPatient {
  let nationalId: string | null = null;
  let rank = Number.MAX_SAFE_INTEGER;
  const identifiers = arr(ctx, r.identifier, 'identifier');
  for (let i = 0; i < identifiers.length; i++) {
    const identifier = identifiers[i];
    if (!isObject(identifier)) continue;
    const system = str(ctx, identifier.system, `identifier[${String(i)}].system`);
    const at = system === null ? -1 : options.nationalIdSystems.indexOf(system);
    if (at < 0 || at >= rank) continue;
    const value = str(ctx, identifier.value, `identifier[${String(i)}].value`);
    if (value !== null && value.trim() !== '') {
      nationalId = value;
      rank = at;
    }
  }
  const pseudonym =
    nationalId === null
      ? localPseudonymOf(options.key, options.holderId, key)
      : pseudonymOf(options.key, nationalId);
  const gender = str(ctx, r.gender, 'gender');
  const birth = date(ctx, r.birthDate, 'birthDate');
  const deceased = date(ctx, r.deceasedDateTime, 'deceasedDateTime');
  const [year, month, day] = birth === null ? [] : birth.date.split('-').map(Number);
  const place = placeOf(ctx, r.address, 'address');
  return {
    local_ref: key,
    pseudonym,
    person_id: personIdOf(pseudonym),
    gender,
    year_of_birth: year ?? null,
    month_of_birth: birth !== null && birth.precision >= 2 ? (month ?? null) : null,
    day_of_birth: birth !== null && birth.precision === 3 ? (day ?? null) : null,
    birth_dt: birth !== null && birth.precision === 3 ? `${birth.date} 00:00:00` : null,
    death_date: deceased?.date ?? null,
    death_dt: deceased?.dateTime ?? null,
    city: place.city,
    region: place.region,
    postcode: place.postcode,
    country: place.country,
  };
}

function patientRef(ctx: ReadContext, r: JsonObject, field: string): string | null {
  return required(ctx, refTo(ctx, r[field], field, 'Patient'), field, 'reference to the patient');
}

function firstPractitioner(
  ctx: ReadContext,
  participants: unknown,
  path: string,
  field: string,
): string | null {
  const list = arr(ctx, participants, path);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    if (isObject(p)) {
      const r = refTo(ctx, p[field], `${path}[${String(i)}].${field}`, 'Practitioner');
      if (r !== null) return r;
    }
  }
  return null;
}

function mapEncounter(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  const period = obj(ctx, r.period, 'period');
  const start = required(
    ctx,
    period === null ? null : date(ctx, period.start, 'period.start'),
    'period.start',
    'start',
  );
  setDates(e, start, period === null ? null : date(ctx, period.end, 'period.end'));
  const cls = codingCode(ctx, r.class, 'class');
  const types = arr(ctx, r.type, 'type');
  const hospitalization = obj(ctx, r.hospitalization, 'hospitalization');
  e.patient_ref = patientRef(ctx, r, 'subject');
  e.care_site_ref = refTo(ctx, r.serviceProvider, 'serviceProvider', 'Organization');
  e.provider_ref = firstPractitioner(ctx, r.participant, 'participant', 'individual');
  e.type_concept = typeConcept.ehr;
  e.concept = cls === null ? 0 : (visitConceptOfClass.get(cls) ?? 0);
  setCode(e, types.length > 0 ? codeOf(ctx, types[0], 'type[0]') : null);
  e.label =
    hospitalization === null
      ? null
      : (codeOf(ctx, hospitalization.dischargeDisposition, 'hospitalization.dischargeDisposition')?.code ??
        null);
  return e;
}

function mapCondition(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  let [start] = periodOrDate(ctx, r, 'onsetDateTime', 'onsetPeriod');
  start ??= date(ctx, r.recordedDate, 'recordedDate');
  required(ctx, start, 'onsetDateTime', 'onset or recorded date');
  setDates(e, start, periodOrDate(ctx, r, 'abatementDateTime', 'abatementPeriod')[0]);
  e.patient_ref = patientRef(ctx, r, 'subject');
  e.visit_ref = refTo(ctx, r.encounter, 'encounter', 'Encounter');
  e.type_concept = typeConcept.ehr;
  setCode(e, required(ctx, codeOf(ctx, r.code, 'code'), 'code', 'code'));
  e.label = codeOf(ctx, r.clinicalStatus, 'clinicalStatus')?.code ?? null;
  return e;
}

function mapProcedure(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  const [start, end] = periodOrDate(ctx, r, 'performedDateTime', 'performedPeriod');
  required(ctx, start, 'performedDateTime', 'performed date');
  setDates(e, start, end);
  e.patient_ref = patientRef(ctx, r, 'subject');
  e.visit_ref = refTo(ctx, r.encounter, 'encounter', 'Encounter');
  e.provider_ref = firstPractitioner(ctx, r.performer, 'performer', 'actor');
  e.type_concept = typeConcept.ehr;
  setCode(e, required(ctx, codeOf(ctx, r.code, 'code'), 'code', 'code'));
  return e;
}

/** value[x] of an Observation or one of its components; false when it has none. valueString is free text
 * and is not kept. */
function setValue(ctx: ReadContext, e: StagedEventRow, r: JsonObject, path: string): boolean {
  if (r.valueQuantity !== undefined) {
    const q = obj(ctx, r.valueQuantity, `${path}valueQuantity`);
    if (q !== null) {
      e.unit = str(ctx, q.code, `${path}valueQuantity.code`) ?? str(ctx, q.unit, `${path}valueQuantity.unit`);
      e.value_num = num(ctx, q.value, `${path}valueQuantity.value`);
    }
    return true;
  }
  if (r.valueCodeableConcept !== undefined) {
    const c = codeOf(ctx, r.valueCodeableConcept, `${path}valueCodeableConcept`);
    e.value_vocab = c?.vocab ?? null;
    e.value_code = c?.code ?? null;
    return true;
  }
  if (r.valueInteger !== undefined) {
    e.value_num = num(ctx, r.valueInteger, `${path}valueInteger`);
    return true;
  }
  if (r.valueBoolean !== undefined) {
    if (typeof r.valueBoolean !== 'boolean') {
      ctx.problems.push({ path: `${ctx.prefix}${path}valueBoolean`, reason: 'expected a boolean' });
    } else e.value_num = r.valueBoolean ? 1 : 0;
    return true;
  }
  return r.valueString !== undefined;
}

/**
 * Laboratory results and vital signs go to measurement (also without a value: a missing value is for the
 * quality checks to find, not a reason to move the row), everything else to observation. A panel without a
 * value of its own (blood pressure) gives one row per component.
 */
function mapObservation(r: JsonObject, base: Base, key: string, ctx: ReadContext): Rows {
  let measurement = false;
  let lab = false;
  const categories = arr(ctx, r.category, 'category');
  for (let i = 0; i < categories.length; i++) {
    const code = codeOf(ctx, categories[i], `category[${String(i)}]`)?.code;
    if (code === 'laboratory') lab = measurement = true;
    else if (code === 'vital-signs') measurement = true;
  }
  const target: StagedTarget = measurement ? 'measurement' : 'observation';
  let [start] = periodOrDate(ctx, r, 'effectiveDateTime', 'effectivePeriod');
  start ??= date(ctx, r.effectiveInstant, 'effectiveInstant') ?? date(ctx, r.issued, 'issued');
  required(ctx, start, 'effectiveDateTime', 'effective date');
  const e = newRow(base, key);
  const ranges = arr(ctx, r.referenceRange, 'referenceRange');
  const range = ranges.length > 0 ? ranges[0] : undefined;
  if (isObject(range)) {
    const low = obj(ctx, range.low, 'referenceRange[0].low');
    const high = obj(ctx, range.high, 'referenceRange[0].high');
    e.range_low = low === null ? null : num(ctx, low.value, 'referenceRange[0].low.value');
    e.range_high = high === null ? null : num(ctx, high.value, 'referenceRange[0].high.value');
  }
  e.patient_ref = patientRef(ctx, r, 'subject');
  e.visit_ref = refTo(ctx, r.encounter, 'encounter', 'Encounter');
  e.provider_ref = firstPractitionerRef(ctx, r.performer);
  setDates(e, start, null);
  e.type_concept = lab ? typeConcept.lab : typeConcept.ehr;
  setCode(e, required(ctx, codeOf(ctx, r.code, 'code'), 'code', 'code'));
  const components = r.component === undefined ? [] : arr(ctx, r.component, 'component');
  if (setValue(ctx, e, r, '') || components.length === 0) return [[target, e]];
  const rows: Rows = [];
  for (let i = 0; i < components.length; i++) {
    const path = `component[${String(i)}]`;
    const component = obj(ctx, components[i], path) ?? {};
    const c = Object.assign(new StagedEventRow(), e);
    c.key = `${key}#${String(i)}`;
    setCode(c, codeOf(ctx, component.code, `${path}.code`));
    setValue(ctx, c, component, `${path}.`);
    rows.push([target, c]);
  }
  return rows;
}

function firstPractitionerRef(ctx: ReadContext, performers: unknown): string | null {
  const list = arr(ctx, performers, 'performer');
  for (let i = 0; i < list.length; i++) {
    const r = refTo(ctx, list[i], `performer[${String(i)}]`, 'Practitioner');
    if (r !== null) return r;
  }
  return null;
}

function mapAllergy(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  let [start] = periodOrDate(ctx, r, 'onsetDateTime', 'onsetPeriod');
  start ??= date(ctx, r.recordedDate, 'recordedDate');
  required(ctx, start, 'recordedDate', 'onset or recorded date');
  setDates(e, start, null);
  e.patient_ref = patientRef(ctx, r, 'patient');
  e.visit_ref = refTo(ctx, r.encounter, 'encounter', 'Encounter');
  e.type_concept = typeConcept.ehr;
  setCode(e, required(ctx, codeOf(ctx, r.code, 'code'), 'code', 'code'));
  return e;
}

function mapDrug(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  const t = base.rtype;
  let start: FhirDate | null = null;
  let end: FhirDate | null = null;
  let code: Code | null;
  let subjectField = 'subject';
  let visitField = 'encounter';
  e.type_concept = typeConcept.ehr;
  if (t === 'Immunization') {
    code = codeOf(ctx, r.vaccineCode, 'vaccineCode');
    start = date(ctx, r.occurrenceDateTime, 'occurrenceDateTime');
    subjectField = 'patient';
    e.type_concept = typeConcept.ehrAdministration;
  } else {
    code = codeOf(ctx, r.medicationCodeableConcept, 'medicationCodeableConcept');
    if (code === null && r.medicationReference === undefined) {
      required(ctx, null, 'medicationCodeableConcept', 'medication');
    }
    if (t === 'MedicationRequest') {
      start = date(ctx, r.authoredOn, 'authoredOn');
      const dispense = obj(ctx, r.dispenseRequest, 'dispenseRequest');
      if (dispense !== null) {
        const q = obj(ctx, dispense.quantity, 'dispenseRequest.quantity');
        e.quantity = q === null ? null : num(ctx, q.value, 'dispenseRequest.quantity.value');
        const d = obj(ctx, dispense.expectedSupplyDuration, 'dispenseRequest.expectedSupplyDuration');
        const days = d === null ? null : num(ctx, d.value, 'dispenseRequest.expectedSupplyDuration.value');
        e.days_supply = days === null ? null : Math.round(days);
      }
      e.type_concept = typeConcept.ehrPrescription;
    } else if (t === 'MedicationDispense') {
      start = date(ctx, r.whenHandedOver, 'whenHandedOver') ?? date(ctx, r.whenPrepared, 'whenPrepared');
      const q = obj(ctx, r.quantity, 'quantity');
      e.quantity = q === null ? null : num(ctx, q.value, 'quantity.value');
      const d = obj(ctx, r.daysSupply, 'daysSupply');
      const days = d === null ? null : num(ctx, d.value, 'daysSupply.value');
      e.days_supply = days === null ? null : Math.round(days);
      e.type_concept = typeConcept.pharmacyClaim;
      visitField = 'context';
    } else {
      [start, end] = periodOrDate(ctx, r, 'effectiveDateTime', 'effectivePeriod');
      e.type_concept =
        t === 'MedicationStatement' ? typeConcept.patientReported : typeConcept.ehrAdministration;
      visitField = 'context';
    }
  }
  required(ctx, start, t === 'Immunization' ? 'occurrenceDateTime' : 'authoredOn', 'date');
  setDates(e, start, end);
  setCode(e, code);
  e.patient_ref = patientRef(ctx, r, subjectField);
  e.visit_ref = refTo(ctx, r[visitField], visitField, 'Encounter');
  e.provider_ref = refTo(ctx, r.requester, 'requester', 'Practitioner');
  return e;
}

/**
 * Claims and explanations of benefit become cost rows on the visit they bill. A claim that names no
 * encounter (the insurer's own view: a family-doctor visit the hospital never saw) also becomes the
 * visit_occurrence it bills, as an outpatient visit recorded from a claim.
 */
function mapClaim(r: JsonObject, base: Base, key: string, ctx: ReadContext): Rows {
  const period = obj(ctx, r.billablePeriod, 'billablePeriod');
  let start = period === null ? null : date(ctx, period.start, 'billablePeriod.start');
  const end = period === null ? null : date(ctx, period.end, 'billablePeriod.end');
  start ??= date(ctx, r.created, 'created');
  required(ctx, start, 'billablePeriod.start', 'billable period or created date');
  const patient = patientRef(ctx, r, 'patient');
  let encounter: string | null = null;
  const items = arr(ctx, r.item, 'item');
  let service: Code | null = null;
  for (let i = 0; i < items.length && encounter === null; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    service ??= codeOf(ctx, item.productOrService, `item[${String(i)}].productOrService`);
    const encounters = arr(ctx, item.encounter, `item[${String(i)}].encounter`);
    if (encounters.length > 0)
      encounter = refTo(ctx, encounters[0], `item[${String(i)}].encounter[0]`, 'Encounter');
  }
  const cost = newRow(base, `${key}#cost`);
  if (base.rtype === 'Claim') {
    const total = obj(ctx, r.total, 'total');
    cost.amount = total === null ? null : num(ctx, total.value, 'total.value');
    cost.currency = total === null ? null : str(ctx, total.currency, 'total.currency');
  } else {
    const payment = obj(ctx, r.payment, 'payment');
    const paid = payment === null ? null : obj(ctx, payment.amount, 'payment.amount');
    cost.paid = paid === null ? null : num(ctx, paid.value, 'payment.amount.value');
    cost.currency = paid === null ? null : str(ctx, paid.currency, 'payment.amount.currency');
    const totals = arr(ctx, r.total, 'total');
    for (let i = 0; i < totals.length; i++) {
      const t = totals[i];
      if (!isObject(t)) continue;
      const money = obj(ctx, t.amount, `total[${String(i)}].amount`);
      if (money === null) continue;
      cost.amount ??= num(ctx, money.value, `total[${String(i)}].amount.value`);
      cost.currency ??= str(ctx, money.currency, `total[${String(i)}].amount.currency`);
    }
    encounter ??= refTo(ctx, r.claim, 'claim', 'Claim');
  }
  const rows: Rows = [];
  if (encounter === null && base.rtype === 'Claim') {
    encounter = key;
    const visit = newRow(base, key);
    visit.patient_ref = patient;
    visit.care_site_ref = refTo(ctx, r.provider, 'provider', 'Organization');
    setDates(visit, start, end);
    visit.type_concept = typeConcept.claim;
    visit.concept = 9202;
    setCode(visit, service);
    rows.push(['visit_occurrence', visit]);
  }
  cost.patient_ref = patient;
  cost.visit_ref = encounter;
  setDates(cost, start, end);
  cost.type_concept = typeConcept.claim;
  cost.code = codeOf(ctx, r.type, 'type')?.code ?? null;
  rows.push(['cost', cost]);
  return rows;
}

function mapCoverage(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  const period = obj(ctx, r.period, 'period');
  const start = period === null ? null : date(ctx, period.start, 'period.start');
  required(ctx, start, 'period.start', 'start of the coverage period');
  setDates(e, start, period === null ? null : date(ctx, period.end, 'period.end'));
  const payors = arr(ctx, r.payor, 'payor');
  e.patient_ref = patientRef(ctx, r, 'beneficiary');
  e.code = codeOf(ctx, r.type, 'type')?.code ?? null;
  e.label = payors.length > 0 ? refTo(ctx, payors[0], 'payor[0]', 'Organization') : null;
  return e;
}

function mapOrganization(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  const e = newRow(base, key);
  const types = arr(ctx, r.type, 'type');
  e.label = str(ctx, r.name, 'name');
  e.code = types.length > 0 ? (codeOf(ctx, types[0], 'type[0]')?.code ?? null) : null;
  setPlace(e, placeOf(ctx, r.address, 'address'));
  return e;
}

function mapPractitioner(r: JsonObject, base: Base, key: string, ctx: ReadContext): StagedEventRow {
  // A practitioner is kept as a provider id, sex, year of birth and specialty: never a name or number.
  const e = newRow(base, key);
  const qualifications = arr(ctx, r.qualification, 'qualification');
  const first = qualifications[0];
  setCode(e, isObject(first) ? codeOf(ctx, first.code, 'qualification[0].code') : null);
  e.label = str(ctx, r.gender, 'gender');
  e.start_date = date(ctx, r.birthDate, 'birthDate')?.date ?? null;
  return e;
}
