import { isoDate, isoDateTime, type Day } from './calendar.js';
import type {
  Claim,
  ClaimItem,
  CodeableConcept,
  Coverage,
  MedicationDispense,
  Reference,
} from './fhir-r4.js';
import type { Emitted } from './holder.js';
import type { HolderContext } from './holder-context.js';
import type { Identity } from './identities.js';
import { extractDay, type Diagnosis, type Life } from './life.js';
import { patientResource } from './patients.js';
import {
  claimPriorityNormal,
  claimTypes,
  coverageSelf,
  coverageType,
  encounterTypes,
  primaryCareVisit,
  systems,
  vaccines,
  type MeasurementKey,
} from './terminology.js';

/** What the insurer pays per laboratory test (EUR). */
const testPrice: Readonly<Record<MeasurementKey, number>> = {
  hba1c: 9.5,
  fastingGlucose: 2.8,
  creatinine: 2.8,
  egfr: 0.8,
  albuminCreatinineRatio: 7.9,
  cholesterol: 3.1,
  bmi: 0,
};

/**
 * The insurer's delivery for one insured person: their Coverage; a Claim for every hospital contact
 * (institutional, with ICD-10 diagnoses and SNOMED CT procedures), every laboratory sample, every family-doctor
 * visit and every vaccination (professional); and a MedicationDispense for every pharmacy supply it
 * reimbursed. Claims and dispensations before the person's coverage began are not its business.
 */
export function insurerRecords(life: Life, identity: Identity, ctx: HolderContext): Emitted[] | null {
  if (!life.insured) return null;
  const { ids, rng } = ctx;
  const patient = patientResource(ctx, life, identity, ids.next());
  const out: Emitted[] = [{ resource: patient, day: null }];
  const subject: Reference = { reference: `Patient/${patient.id}` };
  const coverageId = ids.next();
  const memberNumber = patient.identifier[1]?.value ?? '';
  const coverage: Coverage = {
    resourceType: 'Coverage',
    id: coverageId,
    meta: ctx.meta(Math.max(life.coverageStart, life.firstDay), 0, 30),
    status: life.death === null ? 'active' : 'cancelled',
    type: coverageType,
    subscriberId: memberNumber,
    beneficiary: subject,
    relationship: coverageSelf,
    period:
      life.death === null
        ? { start: isoDate(life.coverageStart) }
        : { start: isoDate(life.coverageStart), end: isoDate(life.death) },
    payor: [ctx.organisation],
  };
  out.push({ resource: coverage, day: null });
  const insurance = [{ sequence: 1, focal: true, coverage: { reference: `Coverage/${coverageId}` } }];
  const covered = (day: Day): boolean => day >= life.coverageStart;
  const org = ctx.organisationRef;
  const primaryCare = org.primaryCare ?? ctx.organisation;
  const hospital = (life.hospitalCatchment ? org.hospital : org.otherHospitals) ?? ctx.organisation;
  const laboratory = (life.laboratoryCatchment ? org.laboratory : org.otherLaboratories) ?? ctx.organisation;
  // Vaccinations outside the hospital's catchment are given by family doctors.
  const vaccinator = life.hospitalCatchment ? hospital : primaryCare;
  let lastDay = Math.max(life.coverageStart, life.firstDay);

  const claim = (
    type: CodeableConcept,
    provider: Reference,
    start: Day,
    end: Day,
    items: ClaimItem[],
    diagnoses: readonly Diagnosis[],
  ): Claim => {
    const meta = ctx.meta(end, 7, 60);
    const c: Claim = {
      resourceType: 'Claim',
      id: ids.next(),
      meta,
      status: 'active',
      type,
      use: 'claim',
      patient: subject,
      billablePeriod: { start: isoDate(start), end: isoDate(end) },
      created: meta.lastUpdated,
      insurer: ctx.organisation,
      provider,
      priority: claimPriorityNormal,
      insurance,
      item: items,
      total: {
        value: Math.round(items.reduce((sum, i) => sum + i.net.value, 0) * 100) / 100,
        currency: 'EUR',
      },
    };
    if (diagnoses.length > 0) {
      c.diagnosis = diagnoses.map((d, i) => ({
        sequence: i + 1,
        diagnosisCodeableConcept: d.code.claimConcept,
      }));
    }
    lastDay = Math.max(lastDay, end);
    return c;
  };

  for (const e of life.encounters) {
    if (!covered(e.start)) continue;
    const procedureCost = e.procedures.reduce((sum, p) => sum + p.price, 0);
    const items: ClaimItem[] = [
      {
        sequence: 1,
        productOrService: e.type,
        servicedDate: isoDate(e.start),
        quantity: { value: Math.max(1, e.end - e.start) },
        net: { value: e.price - procedureCost, currency: 'EUR' },
      },
    ];
    for (const p of e.procedures) {
      items.push({
        sequence: items.length + 1,
        productOrService: p.code,
        servicedDate: isoDate(p.day),
        net: { value: p.price, currency: 'EUR' },
      });
    }
    const c = claim(claimTypes.institutional, hospital, e.start, e.end, items, e.diagnoses);
    if (e.procedures.length > 0) {
      c.procedure = e.procedures.map((p, i) => ({
        sequence: i + 1,
        date: isoDateTime(p.day, p.minute),
        procedureCodeableConcept: p.code,
      }));
    }
    out.push({ resource: c, day: e.start });
  }

  for (const order of life.labOrders) {
    if (!covered(order.day)) continue;
    const date = isoDate(order.day);
    const items = order.results.map((r, i): ClaimItem => ({
      sequence: i + 1,
      productOrService: r.measurement.code,
      servicedDate: date,
      net: { value: testPrice[r.measurement.key as MeasurementKey], currency: 'EUR' },
    }));
    out.push({
      resource: claim(claimTypes.professional, laboratory, order.day, order.day, items, []),
      day: order.day,
    });
  }

  for (const visit of life.primaryCare) {
    if (!covered(visit.day)) continue;
    const items: ClaimItem[] = [
      {
        sequence: 1,
        productOrService: primaryCareVisit,
        servicedDate: isoDate(visit.day),
        net: { value: 30.5, currency: 'EUR' },
      },
    ];
    out.push({
      resource: claim(claimTypes.professional, primaryCare, visit.day, visit.day, items, visit.diagnoses),
      day: visit.day,
    });
  }

  for (const v of life.vaccinations) {
    if (!covered(v.day)) continue;
    const items: ClaimItem[] = [
      {
        sequence: 1,
        productOrService: vaccines[v.vaccine],
        servicedDate: isoDate(v.day),
        net: { value: rng.int(14, 58), currency: 'EUR' },
      },
      {
        sequence: 2,
        productOrService: encounterTypes.checkUp,
        servicedDate: isoDate(v.day),
        net: { value: 8.5, currency: 'EUR' },
      },
    ];
    out.push({ resource: claim(claimTypes.professional, vaccinator, v.day, v.day, items, []), day: v.day });
  }

  for (const d of life.dispenses) {
    if (!covered(d.day)) continue;
    const dispense: MedicationDispense = {
      resourceType: 'MedicationDispense',
      id: ids.next(),
      meta: ctx.meta(d.day, 1, 20),
      status: 'completed',
      medicationCodeableConcept: d.drug.code,
      subject,
      quantity: { value: d.drug.quantity, unit: d.drug.unit, system: systems.ucum, code: d.drug.unit },
      daysSupply: { value: d.drug.daysSupply, unit: 'days', system: systems.ucum, code: 'd' },
      whenHandedOver: isoDateTime(d.day, rng.int(9 * 60, 19 * 60)),
    };
    out.push({ resource: dispense, day: d.day });
    lastDay = Math.max(lastDay, d.day);
  }

  patient.meta = ctx.meta(Math.min(extractDay, life.death ?? lastDay), 0, 10);
  return out;
}
