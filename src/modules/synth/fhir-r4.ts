/**
 * The FHIR R4 shapes the generator writes, and only those elements of them it uses.
 *
 * Why not `@types/fhir`: the version installed here (3.0.2) describes FHIR STU3, whose resources differ from
 * R4 exactly where it matters to us (Condition.clinicalStatus is a code there, a CodeableConcept in R4; Claim
 * and MedicationDispense changed shape), and it has no `fhir4` namespace. These types follow the R4
 * specification (http://hl7.org/fhir/R4/) element by element; they are deliberately mutable because the
 * noise step corrupts a person's resources in place just before they are serialised.
 */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

export interface Reference {
  reference: string;
  display?: string;
}

export interface Identifier {
  use?: 'usual' | 'official' | 'secondary';
  type?: CodeableConcept;
  system: string;
  value: string;
}

export interface Period {
  start: string;
  end?: string;
}

export interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}

export interface Money {
  value: number;
  currency: 'EUR';
}

export interface Meta {
  lastUpdated: string;
}

export interface HumanName {
  use: 'official' | 'maiden' | 'usual';
  family: string;
  given: string[];
}

export interface ContactPoint {
  system: 'phone' | 'email';
  value: string;
  use: 'home' | 'mobile' | 'work';
}

export interface Address {
  use: 'home' | 'work';
  line: string[];
  city: string;
  postalCode: string;
  country: string;
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  name: HumanName[];
  telecom?: ContactPoint[];
  gender?: 'male' | 'female';
  birthDate?: string;
  deceasedDateTime?: string;
  address?: Address[];
  managingOrganization: Reference;
}

export interface Organization {
  resourceType: 'Organization';
  id: string;
  meta: Meta;
  identifier: Identifier[];
  active: true;
  type: CodeableConcept[];
  name: string;
  address: Address[];
}

export interface Encounter {
  resourceType: 'Encounter';
  id: string;
  meta: Meta;
  status: 'finished';
  class: Coding;
  type: CodeableConcept[];
  subject: Reference;
  period: Period;
  reasonReference?: Reference[];
  hospitalization?: { dischargeDisposition: CodeableConcept };
  serviceProvider: Reference;
}

export interface Condition {
  resourceType: 'Condition';
  id: string;
  meta: Meta;
  clinicalStatus: CodeableConcept;
  verificationStatus: CodeableConcept;
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  encounter?: Reference;
  onsetDateTime?: string;
  abatementDateTime?: string;
  recordedDate: string;
  stage?: { summary: CodeableConcept }[];
}

export interface Procedure {
  resourceType: 'Procedure';
  id: string;
  meta: Meta;
  status: 'completed';
  code: CodeableConcept;
  subject: Reference;
  encounter: Reference;
  performedDateTime?: string;
  performedPeriod?: Period;
  reasonReference?: Reference[];
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
}

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta: Meta;
  status: 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  encounter?: Reference;
  effectiveDateTime: string;
  performer?: Reference[];
  valueQuantity?: Quantity;
  component?: ObservationComponent[];
}

export interface Immunization {
  resourceType: 'Immunization';
  id: string;
  meta: Meta;
  status: 'completed';
  vaccineCode: CodeableConcept;
  patient: Reference;
  occurrenceDateTime: string;
  primarySource: true;
  performer: { actor: Reference }[];
}

export interface Coverage {
  resourceType: 'Coverage';
  id: string;
  meta: Meta;
  status: 'active' | 'cancelled';
  type: CodeableConcept;
  subscriberId: string;
  beneficiary: Reference;
  relationship: CodeableConcept;
  period: Period;
  payor: Reference[];
}

export interface ClaimItem {
  sequence: number;
  productOrService: CodeableConcept;
  servicedDate: string;
  quantity?: { value: number };
  net: Money;
}

export interface Claim {
  resourceType: 'Claim';
  id: string;
  meta: Meta;
  status: 'active';
  type: CodeableConcept;
  use: 'claim';
  patient: Reference;
  billablePeriod: Period;
  created: string;
  insurer: Reference;
  provider: Reference;
  priority: CodeableConcept;
  diagnosis?: { sequence: number; diagnosisCodeableConcept: CodeableConcept }[];
  procedure?: { sequence: number; date: string; procedureCodeableConcept: CodeableConcept }[];
  insurance: { sequence: number; focal: boolean; coverage: Reference }[];
  item: ClaimItem[];
  total: Money;
}

export interface MedicationDispense {
  resourceType: 'MedicationDispense';
  id: string;
  meta: Meta;
  status: 'completed';
  medicationCodeableConcept: CodeableConcept;
  subject: Reference;
  quantity: Quantity;
  daysSupply: Quantity;
  whenHandedOver: string;
}

export interface BundleEntry {
  fullUrl: string;
  resource: Resource;
  request: { method: 'POST' | 'PUT'; url: string };
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'transaction';
  entry: BundleEntry[];
}

export type Resource =
  | Patient
  | Organization
  | Encounter
  | Condition
  | Procedure
  | Observation
  | Immunization
  | Coverage
  | Claim
  | MedicationDispense;

export type ResourceType = Resource['resourceType'];
