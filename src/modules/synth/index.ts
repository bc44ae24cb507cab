/**
 * synth: a deterministic synthetic population, delivered as FHIR R4 by a hospital, a laboratory and an insurer
 * (README.md in this folder describes the files, the model and the injected faults).
 */
export { synthesize, transactionTime, nationalIdOfPerson } from './synthesize.js';
export type {
  SynthOptions,
  SynthReport,
  InjectionSummary,
  PopulationSummary,
  ResourceCounts,
} from './synthesize.js';
export { noiseLevels, errorClasses, lateAfterDays } from './noise.js';
export type { NoiseOptions, NoiseLevel, ErrorClass, Injection } from './noise.js';
export { holderNames, holderProfiles, nationalIdSystem, organisationIdSystem } from './holder.js';
export type { HolderName } from './holder.js';
export { measurements } from './terminology.js';
export { period, extractDay } from './life.js';
export { isValidNationalId, countries } from './identities.js';
export type { CountryCode } from './identities.js';
export { readDelivery, readNdjson, eventDate, patientOf } from './read-delivery.js';
export type { Delivery, DeliveredLine } from './read-delivery.js';
export type { Resource, ResourceType } from './fhir-r4.js';
export { NdjsonSink } from './ndjson-sink.js';
export { registerSynthCommand } from './cli.js';
