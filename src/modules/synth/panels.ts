import type { Day } from './calendar.js';
import type { LabResult } from './life.js';
import {
  albuminCreatinineRatioAt,
  cholesterolAt,
  creatinineFor,
  egfrAt,
  fastingGlucoseFor,
  hba1cAt,
  report,
} from './physiology.js';
import type { Sim } from './sim.js';
import { measurements, type Measurement } from './terminology.js';

/** The laboratory tests ordered together, with values consistent within one sample. */

const result = (measurement: Measurement, value: number): LabResult => ({
  measurement,
  value: report(measurement, value),
});

/** `atLeast` keeps the sample that makes a diagnosis above the diagnostic threshold despite assay noise. */
export function glycaemiaPanel(sim: Sim, day: Day, withHba1c = true, atLeast = 0): LabResult[] {
  const hba1c = Math.max(atLeast, hba1cAt(sim.body, day) + sim.rng.normal(0, 0.12));
  const glucose = result(measurements.fastingGlucose, fastingGlucoseFor(hba1c, sim.rng));
  return withHba1c ? [result(measurements.hba1c, hba1c), glucose] : [glucose];
}

export function renalPanel(sim: Sim, day: Day, withAlbumin: boolean): LabResult[] {
  const egfr = egfrAt(sim.body, day) + sim.rng.normal(0, 3);
  const out = [
    result(measurements.creatinine, creatinineFor(egfr, sim.body, day)),
    result(measurements.egfr, egfr),
  ];
  if (withAlbumin)
    out.push(result(measurements.albuminCreatinineRatio, albuminCreatinineRatioAt(sim.body, day, sim.rng)));
  return out;
}

export function cholesterolResult(sim: Sim): LabResult {
  return result(measurements.cholesterol, cholesterolAt(sim.body, sim.rng));
}
