import { isoDate, isoDateTime } from './calendar.js';
import type {
  Condition,
  Encounter,
  Immunization,
  Observation,
  Patient,
  Procedure,
  Reference,
} from './fhir-r4.js';
import type { Emitted } from './holder.js';
import type { HolderContext } from './holder-context.js';
import type { Identity } from './identities.js';
import type { Diagnosis, HospitalEncounter, Life } from './life.js';
import { patientResource } from './patients.js';
import {
  bloodPressure,
  conditionCodes,
  dischargeExpired,
  dischargeHome,
  encounterClasses,
  measurements,
  observationCategories,
  stageConcepts,
  systems,
  vaccines,
} from './terminology.js';

/**
 * The hospital network's delivery for one person: every contact (Encounter), each condition where it is first
 * coded (Condition, pointing at that encounter), procedures, vital signs measured during contacts, and the
 * vaccinations given in its clinics. It knows only the persons of its catchment area who came at least once.
 */
export function hospitalRecords(life: Life, identity: Identity, ctx: HolderContext): Emitted[] | null {
  if (!life.hospitalCatchment || (life.encounters.length === 0 && life.vaccinations.length === 0))
    return null;
  const { ids } = ctx;
  const out: Emitted[] = [];
  const patient: Patient = patientResource(ctx, life, identity, ids.next());
  out.push({ resource: patient, day: null });
  const subject: Reference = { reference: `Patient/${patient.id}` };
  const conditionIds = new Map<Diagnosis, string>();
  let lastDay = life.firstDay;

  for (const e of life.encounters) {
    const encounterId = ids.next();
    const encounterRef: Reference = { reference: `Encounter/${encounterId}` };
    const start = isoDateTime(e.start, e.startMinute);
    const encounter: Encounter = {
      resourceType: 'Encounter',
      id: encounterId,
      meta: ctx.meta(e.end, 0, 3),
      status: 'finished',
      class: encounterClasses[e.cls],
      type: [e.type],
      subject,
      period: { start, end: isoDateTime(e.end, e.endMinute) },
      serviceProvider: ctx.organisation,
    };
    out.push({ resource: encounter, day: e.start });
    lastDay = Math.max(lastDay, e.end);

    for (const d of e.diagnoses) {
      if (conditionIds.has(d)) continue;
      const condition = conditionResource(ctx, life, d, e, subject, encounterRef, ids.next());
      conditionIds.set(d, condition.id);
      out.push({ resource: condition, day: e.start });
    }
    const reasonId = e.reason === null ? undefined : conditionIds.get(e.reason);
    if (reasonId !== undefined) encounter.reasonReference = [{ reference: `Condition/${reasonId}` }];
    if (e.cls === 'IMP')
      encounter.hospitalization = { dischargeDisposition: e.diedHere ? dischargeExpired : dischargeHome };

    for (const p of e.procedures) {
      const procedure: Procedure = {
        resourceType: 'Procedure',
        id: ids.next(),
        meta: ctx.meta(p.endDay ?? p.day, 0, 3),
        status: 'completed',
        code: p.code,
        subject,
        encounter: encounterRef,
      };
      if (p.endDay === null) procedure.performedDateTime = isoDateTime(p.day, p.minute);
      else
        procedure.performedPeriod = {
          start: isoDateTime(p.day, p.minute),
          end: isoDateTime(p.endDay, p.minute + 20),
        };
      const reason = p.reason === null ? undefined : conditionIds.get(p.reason);
      if (reason !== undefined) procedure.reasonReference = [{ reference: `Condition/${reason}` }];
      out.push({ resource: procedure, day: p.day });
    }

    if (e.vitals !== null) {
      const at = isoDateTime(e.start, Math.min(1439, e.startMinute + 10));
      if (e.vitals.bmi !== null) {
        const bmi: Observation = {
          resourceType: 'Observation',
          id: ids.next(),
          meta: ctx.meta(e.start, 0, 2),
          status: 'final',
          category: observationCategories['vital-signs'],
          code: measurements.bmi.code,
          subject,
          encounter: encounterRef,
          effectiveDateTime: at,
          valueQuantity: { value: e.vitals.bmi, unit: 'kg/m2', system: systems.ucum, code: 'kg/m2' },
        };
        out.push({ resource: bmi, day: e.start });
      }
      if (e.vitals.bloodPressure !== null) {
        const [systolic, diastolic] = e.vitals.bloodPressure;
        const bp: Observation = {
          resourceType: 'Observation',
          id: ids.next(),
          meta: ctx.meta(e.start, 0, 2),
          status: 'final',
          category: observationCategories['vital-signs'],
          code: bloodPressure.panel,
          subject,
          encounter: encounterRef,
          effectiveDateTime: at,
          component: [
            {
              code: bloodPressure.systolic,
              valueQuantity: {
                value: systolic,
                unit: bloodPressure.unit,
                system: systems.ucum,
                code: bloodPressure.unit,
              },
            },
            {
              code: bloodPressure.diastolic,
              valueQuantity: {
                value: diastolic,
                unit: bloodPressure.unit,
                system: systems.ucum,
                code: bloodPressure.unit,
              },
            },
          ],
        };
        out.push({ resource: bp, day: e.start });
      }
    }
  }

  for (const v of life.vaccinations) {
    const immunization: Immunization = {
      resourceType: 'Immunization',
      id: ids.next(),
      meta: ctx.meta(v.day, 0, 3),
      status: 'completed',
      vaccineCode: vaccines[v.vaccine],
      patient: subject,
      occurrenceDateTime: isoDateTime(v.day, v.minute),
      primarySource: true,
      performer: [{ actor: ctx.organisation }],
    };
    out.push({ resource: immunization, day: v.day });
    lastDay = Math.max(lastDay, v.day);
  }

  patient.meta = ctx.meta(lastDay, 0, 5);
  return out;
}

function conditionResource(
  ctx: HolderContext,
  life: Life,
  d: Diagnosis,
  e: HospitalEncounter,
  subject: Reference,
  encounter: Reference,
  id: string,
): Condition {
  const abatement = d.abatement !== null && d.abatement <= life.lastDay ? d.abatement : null;
  const condition: Condition = {
    resourceType: 'Condition',
    id,
    meta: ctx.meta(e.start, 0, 3),
    clinicalStatus: abatement !== null ? conditionCodes.clinicalResolved : conditionCodes.clinicalActive,
    verificationStatus: conditionCodes.confirmed,
    category: d.code.chronic ? conditionCodes.problemListItem : conditionCodes.encounterDiagnosis,
    code: d.code.concept,
    subject,
    encounter,
    onsetDateTime: isoDate(d.onset),
    recordedDate: isoDateTime(e.start, e.startMinute),
  };
  if (abatement !== null) condition.abatementDateTime = isoDate(abatement);
  if (d.stage !== null) condition.stage = [{ summary: stageConcepts[d.stage] }];
  return condition;
}
