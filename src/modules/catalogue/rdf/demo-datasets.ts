import type {
  AccessLevel,
  Agent,
  Concept,
  DatasetRecord,
  Distribution,
  LangText,
  SpatialGeometry,
  Variable,
  VariableTable,
} from '../record.js';
import { authority, ehdsEli } from './namespaces.js';

/**
 * The datasets of the demo node's data holders: five descriptions complete enough to pass the mandatory
 * and the recommended HealthDCAT-AP Release 8 shapes of their access level without a single finding, with
 * OMOP-like variables. The holders are fictional; the records behind them, on the demo node, are synthetic.
 */

/** The organisations of the demo node's datasets: the HDAB and the five data holders. */
export const demoOrganisationNames = [
  'National Health Data Access Body',
  'Riverside University Hospital',
  'Central Clinical Laboratory',
  'National Health Insurance Fund',
  'National Institute of Public Health',
  'National Cancer Institute',
] as const;

/**
 * The Salus organisation id of each demo organisation the node has, by organisation name; an agent whose
 * organisation the node lacks is described all the same, without an organisationId.
 */
export type DemoOrganisationIds = Readonly<Partial<Record<string, string>>>;

export type DemoCountry = 'LTU' | 'PRT' | 'SWE';

export interface DemoOptions {
  /** The country the node serves (dct:spatial, and the data's second language). Default LTU. */
  readonly country?: DemoCountry;
}

const places: Readonly<
  Record<DemoCountry, { readonly language: string; readonly bbox: string; readonly centroid: string }>
> = {
  // Approximate WGS84 bounding boxes and centroids (longitude latitude), mainland territory.
  LTU: {
    language: 'LIT',
    bbox: 'POLYGON((20.93 53.90, 26.84 53.90, 26.84 56.45, 20.93 56.45, 20.93 53.90))',
    centroid: 'POINT(23.90 55.17)',
  },
  PRT: {
    language: 'POR',
    bbox: 'POLYGON((-9.53 36.96, -6.19 36.96, -6.19 42.15, -9.53 42.15, -9.53 36.96))',
    centroid: 'POINT(-8.22 39.56)',
  },
  SWE: {
    language: 'SWE',
    bbox: 'POLYGON((10.96 55.34, 24.17 55.34, 24.17 69.06, 10.96 69.06, 10.96 55.34))',
    centroid: 'POINT(16.75 62.20)',
  },
};

const hdeu = 'https://hdeu-dcat.data.health.europa.eu/resource/authority';
const concept = (iri: string): Concept => ({ iri });
const category = (code: string) => concept(`${authority.healthCategories}/${code}`);
const theme = (code: string) => concept(`${authority.healthThemes}/${code}`);
const coding = (code: string) => concept(`${authority.codingSystems}/${code}`);
const standard = (code: string) => concept(`${hdeu}/standard/${code}`);
const publisherType = (code: string) => concept(`${authority.publisherTypes}/${code}`);
const datasetType = (code: string) => concept(`${authority.datasetType}/${code}`);
const frequency = (code: string) => concept(`${authority.frequency}/${code}`);
const fileType = (code: string) => concept(`${authority.fileType}/${code}`);
const language = (code: string) => concept(`${authority.language}/${code}`);
const availability = (code: string) => concept(`${authority.plannedAvailability}/${code}`);
const status = (code: string) => concept(`${authority.distributionStatus}/${code}`);
const personalData = (name: string) => concept(`https://w3id.org/dpv/dpv-pd#${name}`);
const licenceType = (code: string) => concept(`http://purl.org/adms/licencetype/${code}`);
const en = (text: string): LangText => ({ en: text });

const column = (
  name: string,
  title: string,
  datatype: string,
  description: string,
  codingSystem?: string,
): Variable => ({
  name,
  title: en(title),
  datatype,
  description: en(description),
  ...(codingSystem ? { codingSystem: coding(codingSystem) } : {}),
});

const tables = {
  person: (extra: readonly Variable[] = []): Omit<VariableTable, 'iri'> => ({
    name: 'person',
    title: en('Person'),
    description: en('One row per pseudonymised person, with the demographics needed for cohort definitions.'),
    variables: [
      column(
        'person_id',
        'Person identifier',
        'integer',
        'Pseudonymised person identifier, stable within the dataset.',
      ),
      column(
        'gender_concept_id',
        'Gender',
        'integer',
        'Administrative gender as an OMOP standard concept.',
        'OHDSI-VOCAB',
      ),
      column('year_of_birth', 'Year of birth', 'integer', 'Year of birth (day and month are not released).'),
      ...extra,
    ],
  }),
  visits: (): Omit<VariableTable, 'iri'> => ({
    name: 'visit_occurrence',
    title: en('Visits'),
    description: en(
      'Encounters with the healthcare system: inpatient stays, outpatient and emergency visits.',
    ),
    variables: [
      column('visit_occurrence_id', 'Visit identifier', 'integer', 'Identifier of the visit.'),
      column('person_id', 'Person identifier', 'integer', 'The person the visit belongs to.'),
      column(
        'visit_concept_id',
        'Visit type',
        'integer',
        'Inpatient, outpatient or emergency visit, as an OMOP concept.',
        'OHDSI-VOCAB',
      ),
      column('visit_start_date', 'Visit start date', 'date', 'Date the visit started.'),
      column('visit_end_date', 'Visit end date', 'date', 'Date the visit ended.'),
    ],
  }),
  conditions: (): Omit<VariableTable, 'iri'> => ({
    name: 'condition_occurrence',
    title: en('Conditions'),
    description: en(
      'Diagnoses recorded during visits, mapped to SNOMED CT, with the source ICD-10 code kept.',
    ),
    variables: [
      column(
        'condition_occurrence_id',
        'Condition identifier',
        'integer',
        'Identifier of the condition record.',
      ),
      column('person_id', 'Person identifier', 'integer', 'The person diagnosed.'),
      column(
        'condition_concept_id',
        'Condition',
        'integer',
        'The diagnosis as a SNOMED CT standard concept.',
        'SNOMED-CT',
      ),
      column(
        'condition_source_value',
        'Diagnosis code (ICD-10)',
        'string',
        'The diagnosis code as recorded, in ICD-10.',
        'ICD-10',
      ),
      column('condition_start_date', 'Condition start date', 'date', 'Date of diagnosis or first recording.'),
    ],
  }),
  measurements: (): Omit<VariableTable, 'iri'> => ({
    name: 'measurement',
    title: en('Measurements'),
    description: en('Laboratory results and clinical measurements, coded in LOINC with units in UCUM.'),
    variables: [
      column('measurement_id', 'Measurement identifier', 'integer', 'Identifier of the measurement.'),
      column('person_id', 'Person identifier', 'integer', 'The person measured.'),
      column(
        'measurement_concept_id',
        'Test',
        'integer',
        'The test or observable, as a LOINC concept.',
        'LOINC',
      ),
      column(
        'measurement_date',
        'Measurement date',
        'date',
        'Date the specimen was taken or the measurement made.',
      ),
      column('value_as_number', 'Numeric result', 'decimal', 'The result, when numeric.'),
      column('unit_source_value', 'Unit', 'string', 'The unit of the result, in UCUM.', 'UCUM'),
    ],
  }),
  drugs: (): Omit<VariableTable, 'iri'> => ({
    name: 'drug_exposure',
    title: en('Drug exposures'),
    description: en('Prescriptions and dispensations, coded in ATC.'),
    variables: [
      column(
        'drug_exposure_id',
        'Drug exposure identifier',
        'integer',
        'Identifier of the prescription or dispensation.',
      ),
      column(
        'person_id',
        'Person identifier',
        'integer',
        'The person the drug was prescribed or dispensed to.',
      ),
      column(
        'drug_source_value',
        'Drug (ATC)',
        'string',
        'The medicinal product class, as an ATC code.',
        'ATC',
      ),
      column('drug_exposure_start_date', 'Start date', 'date', 'Date of prescription or dispensation.'),
      column('quantity', 'Quantity', 'decimal', 'Quantity dispensed, in dispensing units.'),
    ],
  }),
};

interface Holder {
  readonly name: (typeof demoOrganisationNames)[number];
  /** The last segment of the agent's IRI, stable whatever ids the node gave its organisations. */
  readonly slug: string;
  readonly type: string;
  readonly domain: string;
  readonly telephone: string;
}

const holders = {
  hdab: {
    slug: 'national-health-data-access-body',
    name: 'National Health Data Access Body',
    type: 'national-authority',
    domain: 'hdab.example',
    telephone: '+370 5 200 0100',
  },
  riverside: {
    slug: 'riverside-university-hospital',
    name: 'Riverside University Hospital',
    type: 'inpatient-institute',
    domain: 'riverside-hospital.example',
    telephone: '+370 5 200 0200',
  },
  laboratory: {
    slug: 'central-clinical-laboratory',
    name: 'Central Clinical Laboratory',
    type: 'laboratory',
    domain: 'central-lab.example',
    telephone: '+370 5 200 0300',
  },
  insurer: {
    slug: 'national-health-insurance-fund',
    name: 'National Health Insurance Fund',
    type: 'health-insurance-company-org',
    domain: 'health-insurance.example',
    telephone: '+370 5 200 0400',
  },
  publicHealth: {
    slug: 'national-institute-of-public-health',
    name: 'National Institute of Public Health',
    type: 'public-health-institute',
    domain: 'public-health.example',
    telephone: '+370 5 200 0500',
  },
  cancer: {
    slug: 'national-cancer-institute',
    name: 'National Cancer Institute',
    type: 'national-cancer-institute',
    domain: 'cancer-institute.example',
    telephone: '+370 5 200 0600',
  },
} as const satisfies Readonly<Record<string, Holder>>;

interface DemoSpec {
  readonly slug: string;
  readonly identifier: string;
  readonly level: AccessLevel;
  readonly holder: Holder;
  readonly title: string;
  readonly description: string;
  readonly keywords: readonly string[];
  readonly healthCategories: readonly string[];
  readonly healthThemes: readonly string[];
  readonly codingSystems: readonly string[];
  readonly standards: readonly string[];
  readonly codeValues: readonly string[];
  readonly frequency: string;
  readonly temporalResolution: string;
  readonly temporal: { readonly start: string; readonly end: string };
  readonly retention: { readonly start: string; readonly end: string };
  readonly records: number;
  readonly individuals: number;
  readonly ages: readonly [number, number];
  readonly population: string;
  readonly provenance: string;
  readonly purpose: string;
  readonly personalData: readonly string[];
  readonly qualityLabel: string;
  readonly sources: readonly string[];
  readonly tables: readonly Omit<VariableTable, 'iri'>[];
  readonly distribution: {
    readonly title: string;
    readonly description: string;
    readonly format: string;
    readonly mediaType: string;
    readonly byteSize: number;
  };
}

const ehdsPurpose =
  'Secondary use under Article 53(1) of Regulation (EU) 2025/327: scientific research, public interest in public health, policy making and official statistics, by data users holding a data permit.';
const ehdsLegalBasis =
  'Regulation (EU) 2025/327 (European Health Data Space), Articles 51 and 60: data holders make the electronic health data of these categories available to the health data access body for secondary use; processing by data users is authorised by a data permit (Article 68).';

const specs: readonly DemoSpec[] = [
  {
    slug: 'riverside-ehr-extract',
    identifier: 'RUH-EHR-2025',
    level: 'NON_PUBLIC',
    holder: holders.riverside,
    title: 'Riverside University Hospital EHR extract',
    description:
      'Pseudonymised extract of the electronic health records of Riverside University Hospital, in the OMOP Common Data Model 5.4: demographics, visits, diagnoses, laboratory results and medication of every patient treated since 2015.',
    keywords: ['electronic health records', 'hospital', 'OMOP CDM', 'diagnoses', 'medication'],
    healthCategories: ['EHRS'],
    healthThemes: ['HEALTH_SYSTEMS', 'NONCOMMUNICABLE_DISEASES'],
    codingSystems: ['SNOMED-CT', 'ICD-10', 'LOINC', 'UCUM', 'ATC', 'OHDSI-VOCAB'],
    standards: ['OMOP-CDM', 'FHIR'],
    codeValues: ['E11', 'I10', 'J44', '4548-4'],
    frequency: 'MONTHLY',
    temporalResolution: 'P1D',
    temporal: { start: '2015-01-01', end: '2025-12-31' },
    retention: { start: '2015-01-01', end: '2045-12-31' },
    records: 38_500_000,
    individuals: 412_000,
    ages: [0, 105],
    population:
      "All patients treated at Riverside University Hospital (inpatient, outpatient and emergency care) since 2015, about a third of the region's population.",
    provenance:
      "Extracted monthly from the hospital EHR by the hospital's data team, mapped to OMOP CDM 5.4 with the OHDSI vocabularies, pseudonymised by the HDAB's trusted third party.",
    purpose: ehdsPurpose,
    personalData: ['Age', 'Gender', 'HealthRecord', 'MedicalHealth', 'Prescription'],
    qualityLabel: 'silver',
    sources: ['central-laboratory-results'],
    tables: [tables.person(), tables.visits(), tables.conditions(), tables.measurements(), tables.drugs()],
    distribution: {
      title: 'OMOP CDM tables (Parquet) in the secure processing environment',
      description:
        'The OMOP CDM 5.4 tables as Parquet files, loaded into the secure processing environment of a permit.',
      format: 'PARQUET',
      mediaType: 'application/vnd.apache.parquet',
      byteSize: 48_000_000_000,
    },
  },
  {
    slug: 'central-laboratory-results',
    identifier: 'CCL-LAB-2025',
    level: 'NON_PUBLIC',
    holder: holders.laboratory,
    title: 'Central Clinical Laboratory results',
    description:
      'Pseudonymised results of the clinical chemistry, haematology and microbiology tests performed by the Central Clinical Laboratory for hospitals and primary care, coded in LOINC with UCUM units.',
    keywords: ['laboratory results', 'clinical chemistry', 'haematology', 'LOINC'],
    healthCategories: ['EHRS'],
    healthThemes: ['HEALTH_SYSTEMS', 'NONCOMMUNICABLE_DISEASES'],
    codingSystems: ['LOINC', 'UCUM', 'SNOMED-CT', 'OHDSI-VOCAB'],
    standards: ['OMOP-CDM', 'HL7'],
    codeValues: ['4548-4', '2345-7', '2160-0', '718-7'],
    frequency: 'WEEKLY',
    temporalResolution: 'P1D',
    temporal: { start: '2012-01-01', end: '2025-12-31' },
    retention: { start: '2012-01-01', end: '2042-12-31' },
    records: 96_000_000,
    individuals: 1_150_000,
    ages: [0, 105],
    population:
      'Everyone who had a test analysed by the Central Clinical Laboratory since 2012, referred by hospitals or primary care in the region.',
    provenance:
      "Exported weekly from the laboratory information system, mapped to the OMOP measurement table, pseudonymised by the HDAB's trusted third party.",
    purpose: ehdsPurpose,
    personalData: ['Age', 'Gender', 'HealthRecord', 'MedicalHealth'],
    qualityLabel: 'gold',
    sources: ['riverside-ehr-extract'],
    tables: [
      tables.person(),
      tables.measurements(),
      {
        name: 'specimen',
        title: en('Specimens'),
        description: en('The specimens the results were obtained from.'),
        variables: [
          column('specimen_id', 'Specimen identifier', 'integer', 'Identifier of the specimen.'),
          column('person_id', 'Person identifier', 'integer', 'The person the specimen was taken from.'),
          column(
            'specimen_concept_id',
            'Specimen type',
            'integer',
            'Blood, urine, swab…, as a SNOMED CT concept.',
            'SNOMED-CT',
          ),
          column('specimen_date', 'Collection date', 'date', 'Date the specimen was collected.'),
        ],
      },
    ],
    distribution: {
      title: 'OMOP measurement tables (CSV) in the secure processing environment',
      description:
        'The person, measurement and specimen tables as CSV files, in the secure processing environment of a permit.',
      format: 'CSV',
      mediaType: 'text/csv',
      byteSize: 21_000_000_000,
    },
  },
  {
    slug: 'health-insurance-claims',
    identifier: 'NHIF-CLAIMS-2025',
    level: 'NON_PUBLIC',
    holder: holders.insurer,
    title: 'National Health Insurance Fund claims and dispensations',
    description:
      'Pseudonymised reimbursement claims of hospitals and outpatient care and the dispensations of reimbursed medicines in pharmacies, for everyone insured by the National Health Insurance Fund.',
    keywords: ['claims', 'reimbursement', 'dispensations', 'pharmacy', 'ATC'],
    healthCategories: ['HRAD'],
    healthThemes: ['HEALTH_SYSTEMS', 'HEALTH_PRODUCTS'],
    codingSystems: ['ATC', 'ICD-10', 'OHDSI-VOCAB'],
    standards: ['OMOP-CDM'],
    codeValues: ['A10BA02', 'C09AA05', 'E11'],
    frequency: 'MONTHLY',
    temporalResolution: 'P1D',
    temporal: { start: '2010-01-01', end: '2025-12-31' },
    retention: { start: '2010-01-01', end: '2040-12-31' },
    records: 410_000_000,
    individuals: 2_800_000,
    ages: [0, 110],
    population: 'The whole insured population of the country (about 99% of residents) since 2010.',
    provenance:
      "Compiled monthly from the claims and pharmacy reimbursement systems of the Fund, mapped to OMOP CDM 5.4, pseudonymised by the HDAB's trusted third party.",
    purpose: ehdsPurpose,
    personalData: ['Age', 'Gender', 'Prescription', 'HealthRecord'],
    qualityLabel: 'silver',
    sources: ['riverside-ehr-extract'],
    tables: [
      tables.person(),
      tables.visits(),
      tables.drugs(),
      {
        name: 'cost',
        title: en('Reimbursed costs'),
        description: en('What the Fund paid for each visit and dispensation.'),
        variables: [
          column('cost_id', 'Cost identifier', 'integer', 'Identifier of the cost record.'),
          column(
            'cost_event_id',
            'Event identifier',
            'integer',
            'The visit or drug exposure the cost belongs to.',
          ),
          column('total_paid', 'Amount paid', 'decimal', 'Amount reimbursed by the Fund, in euro.'),
        ],
      },
    ],
    distribution: {
      title: 'OMOP CDM tables (Parquet) in the secure processing environment',
      description:
        'Claims, dispensations and costs as OMOP CDM 5.4 Parquet files, in the secure processing environment of a permit.',
      format: 'PARQUET',
      mediaType: 'application/vnd.apache.parquet',
      byteSize: 95_000_000_000,
    },
  },
  {
    slug: 'type-2-diabetes-registry',
    identifier: 'NIPH-T2D-REG',
    level: 'RESTRICTED',
    holder: holders.publicHealth,
    title: 'National type 2 diabetes registry',
    description:
      'The national registry of people diagnosed with type 2 diabetes: diagnosis, HbA1c follow-up, glucose-lowering treatment and complications, linked from hospital, laboratory and claims data.',
    keywords: ['type 2 diabetes', 'registry', 'HbA1c', 'chronic disease'],
    healthCategories: ['MRMR', 'PHDR'],
    healthThemes: ['NONCOMMUNICABLE_DISEASES'],
    codingSystems: ['ICD-10', 'SNOMED-CT', 'LOINC', 'UCUM', 'ATC'],
    standards: ['OMOP-CDM'],
    codeValues: ['E11', '4548-4', 'A10BA02'],
    frequency: 'ANNUAL',
    temporalResolution: 'P1Y',
    temporal: { start: '2008-01-01', end: '2024-12-31' },
    retention: { start: '2008-01-01', end: '2058-12-31' },
    records: 1_480_000,
    individuals: 152_000,
    ages: [18, 105],
    population: 'Every resident diagnosed with type 2 diabetes (ICD-10 E11) since 2008, adults only.',
    provenance:
      'Built yearly by the National Institute of Public Health from the hospital EHR extracts, laboratory results and claims, by a validated case definition.',
    purpose: ehdsPurpose,
    personalData: ['Age', 'Gender', 'HealthRecord', 'MedicalHealth', 'Prescription'],
    qualityLabel: 'gold',
    sources: ['riverside-ehr-extract', 'central-laboratory-results', 'health-insurance-claims'],
    tables: [tables.person(), tables.conditions(), tables.measurements(), tables.drugs()],
    distribution: {
      title: 'Registry tables (CSV) in the secure processing environment',
      description:
        'The registry as OMOP CDM 5.4 CSV tables, in the secure processing environment of a permit.',
      format: 'CSV',
      mediaType: 'text/csv',
      byteSize: 1_200_000_000,
    },
  },
  {
    slug: 'breast-cancer-registry',
    identifier: 'NCI-BREAST-REG',
    level: 'PUBLIC',
    holder: holders.cancer,
    title: 'National breast cancer registry',
    description:
      'Open statistics of the national breast cancer registry: new cases by year, region, age group and stage at diagnosis, and relative survival. Counts below 10 are suppressed; individual-level registry data are available through a data permit.',
    keywords: ['breast cancer', 'cancer registry', 'incidence', 'survival', 'open data'],
    healthCategories: ['PHDR', 'MRMR'],
    healthThemes: ['CANCER_DISEASE'],
    codingSystems: ['ICD-O', 'ICD-10'],
    standards: ['OMOP-CDM'],
    codeValues: ['C50', 'C50.4', '8500/3'],
    frequency: 'ANNUAL',
    temporalResolution: 'P1Y',
    temporal: { start: '2000-01-01', end: '2024-12-31' },
    retention: { start: '2000-01-01', end: '2100-12-31' },
    records: 6_480,
    individuals: 38_200,
    ages: [15, 100],
    population: 'Every resident diagnosed with invasive breast cancer (ICD-10 C50) since 2000.',
    provenance:
      "Aggregated yearly by the National Cancer Institute from the registry's case records (pathology reports, hospital notifications, death certificates).",
    purpose:
      'Open publication of cancer statistics for public health monitoring, research and planning; reuse of the statistics needs no permit.',
    personalData: ['Age', 'Gender', 'MedicalHealth'],
    qualityLabel: 'gold',
    sources: ['riverside-ehr-extract', 'central-laboratory-results'],
    tables: [
      {
        name: 'incidence',
        title: en('New cases'),
        description: en('New cases by year of diagnosis, region, age group and stage.'),
        variables: [
          column('year', 'Year of diagnosis', 'integer', 'Calendar year of diagnosis.'),
          column('region_code', 'Region', 'string', 'Region of residence at diagnosis (NUTS 3 code).'),
          column('age_group', 'Age group', 'string', 'Five-year age group at diagnosis (15-19 … 85+).'),
          column(
            'topography',
            'Topography (ICD-O-3)',
            'string',
            'Tumour site, as an ICD-O-3 topography code (C50.0-C50.9).',
            'ICD-O',
          ),
          column('stage', 'Stage at diagnosis', 'string', 'TNM stage group at diagnosis (I-IV, unknown).'),
          column('cases', 'New cases', 'integer', 'Number of new cases; suppressed (empty) below 10.'),
        ],
      },
      {
        name: 'survival',
        title: en('Relative survival'),
        description: en('Five-year relative survival by period of diagnosis and stage.'),
        variables: [
          column(
            'diagnosis_period',
            'Period of diagnosis',
            'string',
            'Five-year period of diagnosis (2000-2004 …).',
          ),
          column('stage', 'Stage at diagnosis', 'string', 'TNM stage group at diagnosis.'),
          column(
            'relative_survival_5y',
            'Five-year relative survival',
            'decimal',
            'Five-year relative survival, in percent.',
          ),
          column('patients', 'Patients', 'integer', 'Number of patients in the group.'),
        ],
      },
    ],
    distribution: {
      title: 'Registry statistics (CSV)',
      description: 'The incidence and survival tables as CSV files, free to download.',
      format: 'CSV',
      mediaType: 'text/csv',
      byteSize: 1_800_000,
    },
  },
];

/**
 * The demo datasets, with IRIs under the node's base URL (`<base>/datasets/<slug>`), agents at
 * `<base>/organisations/<slug>` and every auxiliary node named under its dataset, so that seeding twice
 * gives the same graphs.
 */
export const demoDatasets = (
  baseIri: string,
  organisationIds: DemoOrganisationIds = {},
  options: DemoOptions = {},
): DatasetRecord[] => {
  const base = baseIri.replace(/\/+$/, '');
  const country = options.country ?? 'LTU';
  const place = places[country];
  const countryIri = `${authority.country}/${country}`;
  const datasetIri = (slug: string) => `${base}/datasets/${slug}`;

  const agent = (holder: Holder): Agent => {
    const id = organisationIds[holder.name];
    const iri = `${base}/organisations/${holder.slug}`;
    return {
      iri,
      name: en(holder.name),
      type: publisherType(holder.type),
      ...(id === undefined ? {} : { organisationId: id }),
      contactPoint: {
        iri: `${iri}#contact-point`,
        email: `secondary-use@${holder.domain}`,
        url: `https://${holder.domain}/secondary-use`,
        telephone: holder.telephone,
      },
    };
  };

  return specs.map((spec): DatasetRecord => {
    const iri = datasetIri(spec.slug);
    const holder = agent(spec.holder);
    const open = spec.level === 'PUBLIC';
    const licence = open ? `${authority.licence}/CC_BY_4_0` : `${base}/licences/ehds-data-permit`;
    const rights = open
      ? en('Free to reuse with attribution to the National Cancer Institute (CC BY 4.0).')
      : en(
          'Available only to data users holding a data permit of the National Health Data Access Body, inside its secure processing environment; results leave it only after an output check.',
        );
    const distribution = (
      name: string,
      d: Omit<Distribution, 'iri' | 'licence' | 'licenceType' | 'rights' | 'applicableLegislation'>,
    ): Distribution => ({
      iri: `${iri}/distributions/${name}`,
      licence,
      licenceType: licenceType('Attribution'),
      rights,
      applicableLegislation: [ehdsEli],
      ...d,
    });
    const accessUrl = open
      ? `${base}/catalogue/datasets/${spec.slug}/download`
      : `${base}/catalogue/datasets/${spec.slug}/apply`;
    const mediaTypeIri = spec.distribution.mediaType;
    return {
      iri,
      identifier: spec.identifier,
      title: en(spec.title),
      description: en(spec.description),
      accessRights: spec.level,
      applicableLegislation: [ehdsEli],
      themes: [concept(`${authority.dataTheme}/HEAL`)],
      keywords: spec.keywords.map(en),
      type: datasetType('STATISTICAL'),
      languages: [language('ENG'), language(place.language)],
      accrualPeriodicity: frequency(spec.frequency),
      issued: '2025-03-01',
      modified: '2026-01-15',
      publisher: holder,
      hdab: agent(holders.hdab),
      custodian: holder,
      contactPoint: {
        iri: `${iri}#contact-point`,
        email: `secondary-use@${spec.holder.domain}`,
        url: `https://${spec.holder.domain}/secondary-use/${spec.slug}`,
      },
      landingPage: `${base}/catalogue/datasets/${spec.slug}`,
      documentation: [`${base}/documentation/datasets/${spec.slug}`],
      spatial: [concept(countryIri)],
      spatialGeometry: [
        { iri: countryIri, bbox: place.bbox, centroid: place.centroid } satisfies SpatialGeometry,
      ],
      temporal: { iri: `${iri}#temporal-coverage`, ...spec.temporal },
      temporalResolution: spec.temporalResolution,
      provenance: en(spec.provenance),
      distributions: [
        distribution('main', {
          title: en(spec.distribution.title),
          description: en(spec.distribution.description),
          accessUrl,
          ...(open ? { downloadUrl: `${base}/catalogue/datasets/${spec.slug}/files/statistics.csv` } : {}),
          format: fileType(spec.distribution.format),
          mediaType: mediaTypeIri,
          byteSize: spec.distribution.byteSize,
          availability: availability('STABLE'),
          status: status(open ? 'COMPLETED' : 'ONGOING'),
        }),
      ],
      samples: [
        distribution('sample', {
          title: en('Synthetic sample'),
          description: en(
            'A small synthetic sample with the structure of the dataset, to prepare analyses before a permit.',
          ),
          accessUrl: `${base}/catalogue/datasets/${spec.slug}/sample`,
          downloadUrl: `${base}/catalogue/datasets/${spec.slug}/files/sample.csv`,
          format: fileType('CSV'),
          mediaType: 'text/csv',
          availability: availability('AVAILABLE'),
          status: status('COMPLETED'),
        }),
      ],
      analytics: [
        distribution('analytics', {
          title: en('Aggregate indicators'),
          description: en(
            'Yearly counts and indicators computed from the dataset, with small cells suppressed.',
          ),
          accessUrl: `${base}/catalogue/datasets/${spec.slug}/indicators`,
          downloadUrl: `${base}/catalogue/datasets/${spec.slug}/files/indicators.csv`,
          format: fileType('CSV'),
          mediaType: 'text/csv',
          availability: availability('AVAILABLE'),
          status: status('COMPLETED'),
        }),
      ],
      healthCategories: spec.healthCategories.map(category),
      healthThemes: spec.healthThemes.map(theme),
      codingSystems: spec.codingSystems.map(coding),
      conformsTo: spec.standards.map(standard),
      codeValues: [...spec.codeValues],
      numberOfRecords: spec.records,
      numberOfUniqueIndividuals: spec.individuals,
      minTypicalAge: spec.ages[0],
      maxTypicalAge: spec.ages[1],
      populationCoverage: en(spec.population),
      retentionPeriod: { iri: `${iri}#retention-period`, ...spec.retention },
      purposes: [en(spec.purpose)],
      legalBases: [en(ehdsLegalBasis)],
      personalData: spec.personalData.map(personalData),
      hasStructuredData: true,
      variableGroup: { iri: `${iri}#variables`, title: en(`Variables of the ${spec.title}`) },
      variableTables: spec.tables.map((table) => ({
        ...table,
        iri: `${iri}#table-${table.name}`,
        variables: table.variables.map((v) => ({ ...v, iri: `${iri}#column-${table.name}-${v.name}` })),
      })),
      version: '2025.1',
      qualityLabel: spec.qualityLabel,
      referencedBy: [`${base}/transparency/permits?dataset=${spec.slug}`],
      relations: ['https://ohdsi.github.io/CommonDataModel/cdm54.html'],
      sources: spec.sources.map(datasetIri),
      nodeIris: {
        '/provenance': `${iri}#provenance`,
        '/purposes/0': `${iri}#purpose`,
        '/legalBases/0': `${iri}#legal-basis`,
        '/qualityLabel': `${iri}#quality-certificate`,
        '/distributions/0/rights': `${iri}#rights`,
        '/samples/0/rights': `${iri}#rights`,
        '/analytics/0/rights': `${iri}#rights`,
      },
    };
  });
};
