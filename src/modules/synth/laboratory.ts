import { isoDateTime } from './calendar.js';
import type { Observation, Reference } from './fhir-r4.js';
import type { Emitted } from './holder.js';
import type { HolderContext } from './holder-context.js';
import type { Identity } from './identities.js';
import type { Life } from './life.js';
import { patientResource } from './patients.js';
import { observationCategories, systems } from './terminology.js';

/**
 * The laboratory's delivery for one person: one Observation per test result (glucose in mg/dL, creatinine in
 * µmol/L, HbA1c in %, ...). It knows only the persons whose samples it received during the period.
 */
export function laboratoryRecords(life: Life, identity: Identity, ctx: HolderContext): Emitted[] | null {
  if (!life.laboratoryCatchment || life.labOrders.length === 0) return null;
  const { ids } = ctx;
  const patient = patientResource(ctx, life, identity, ids.next());
  const out: Emitted[] = [{ resource: patient, day: null }];
  const subject: Reference = { reference: `Patient/${patient.id}` };
  const performer = [ctx.organisation];
  let lastDay = life.firstDay;
  for (const order of life.labOrders) {
    const effective = isoDateTime(order.day, order.minute);
    const meta = ctx.meta(order.day, 0, 2);
    for (const r of order.results) {
      const m = r.measurement;
      const observation: Observation = {
        resourceType: 'Observation',
        id: ids.next(),
        meta,
        status: 'final',
        category: observationCategories[m.category],
        code: m.code,
        subject,
        effectiveDateTime: effective,
        performer,
        valueQuantity: { value: r.value, unit: m.unit, system: systems.ucum, code: m.unit },
      };
      out.push({ resource: observation, day: order.day });
    }
    lastDay = order.day;
  }
  patient.meta = ctx.meta(lastDay, 0, 2);
  return out;
}
