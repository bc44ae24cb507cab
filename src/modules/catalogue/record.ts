/**
 * A dataset description as Salus models it: the HealthDCAT-AP (Release 8) properties that the form edits,
 * search indexes and pages show. The dataset's full RDF graph stays the source of truth: properties that are
 * not modelled here are kept as triples and re-emitted unchanged.
 */

export type AccessLevel = 'PUBLIC' | 'RESTRICTED' | 'NON_PUBLIC';

/** A text in one or more languages, keyed by BCP 47 tag (`en`, `lt`, `pt`, `sv`). */
export type LangText = Readonly<Record<string, string>>;

/** A term of a controlled vocabulary: its IRI, with the label it has in its scheme when known. */
export interface Concept {
  readonly iri: string;
  readonly label?: string | undefined;
}

export interface ContactPoint {
  /** The contact point node's IRI, when the source graph gave it one (`_:label` for an unsaved blank node). */
  readonly iri?: string | undefined;
  readonly email?: string | undefined;
  readonly url?: string | undefined;
  readonly telephone?: string | undefined;
}

/** An organisation in its DCAT role: publisher, HDAB, custodian (the data holder), creator. */
export interface Agent {
  /** The agent's IRI; a blank node gets a stable IRI under the node's base when saved. */
  readonly iri?: string | undefined;
  readonly name: LangText;
  /** A publisher-type concept. */
  readonly type?: Concept | undefined;
  readonly contactPoint?: ContactPoint | undefined;
  /** The Salus organisation this agent is, when it is one of ours. */
  readonly organisationId?: string | undefined;
}

export interface Distribution {
  readonly iri?: string | undefined;
  readonly title?: LangText | undefined;
  readonly description?: LangText | undefined;
  readonly accessUrl: string;
  readonly downloadUrl?: string | undefined;
  /** A file-type concept (http://publications.europa.eu/resource/authority/file-type/…). */
  readonly format?: Concept | undefined;
  readonly mediaType?: string | undefined;
  readonly licence?: string | undefined;
  readonly rights?: LangText | undefined;
  readonly byteSize?: number | undefined;
  /** The licence's type, an ADMS licence-type concept (http://purl.org/adms/licencetype/…). */
  readonly licenceType?: Concept | undefined;
  /** dcatap:applicableLegislation of the distribution (ELI IRIs); when absent, the dataset's is written. */
  readonly applicableLegislation?: readonly string[] | undefined;
  /** dcatap:availability: a planned-availability concept (AVAILABLE, STABLE, …). */
  readonly availability?: Concept | undefined;
  /** adms:status: a distribution-status concept (COMPLETED, ONGOING, …). */
  readonly status?: Concept | undefined;
}

/** One variable of the dataset (a CSVW column of its table group). */
export interface Variable {
  /** The csvw:Column node's IRI, when the source graph gave it one. */
  readonly iri?: string | undefined;
  readonly name: string;
  readonly title?: LangText | undefined;
  readonly description?: LangText | undefined;
  /** XSD datatype local name: string, integer, decimal, date, dateTime, boolean, … */
  readonly datatype?: string | undefined;
  /** The coding system of the variable's values, when coded. */
  readonly codingSystem?: Concept | undefined;
}

export interface VariableTable {
  /** The csvw:Table node's IRI, when the source graph gave it one. */
  readonly iri?: string | undefined;
  /** Written as the table's dct:identifier (`condition_occurrence`); empty when the graph has none. */
  readonly name: string;
  /** dct:title; when absent, the name is written as the title (the shapes require one). */
  readonly title?: LangText | undefined;
  readonly description?: LangText | undefined;
  readonly variables: readonly Variable[];
}

/** The csvw:TableGroup that healthdcatap:hasVariables points at. */
export interface VariableGroup {
  readonly iri?: string | undefined;
  /** dct:title; when absent, `Variables of <dataset title>` is written (the shapes require one). */
  readonly title?: LangText | undefined;
}

/** Geometry of a dct:spatial place (WKT literals), which DCAT-AP recommends for every dct:Location. */
export interface SpatialGeometry {
  /** The place's IRI, as in `spatial`. */
  readonly iri: string;
  readonly bbox?: string | undefined;
  readonly centroid?: string | undefined;
}

export interface Period {
  /** The dct:PeriodOfTime node's IRI, when the source graph gave it one. */
  readonly iri?: string | undefined;
  /** xsd:date, YYYY-MM-DD. */
  readonly start?: string | undefined;
  readonly end?: string | undefined;
}

export interface DatasetRecord {
  /** The dataset's IRI (its stable URI on this node). */
  readonly iri: string;
  /** dct:identifier. */
  readonly identifier: string;
  readonly title: LangText;
  readonly description: LangText;
  readonly accessRights: AccessLevel;
  /** dcatap:applicableLegislation: ELI IRIs; the EHDS is http://data.europa.eu/eli/reg/2025/327/oj. */
  readonly applicableLegislation: readonly string[];
  /** dcat:theme: EU data-theme concepts. */
  readonly themes: readonly Concept[];
  readonly keywords: readonly LangText[];
  /** dct:type: dataset-type concept. */
  readonly type?: Concept | undefined;
  readonly languages: readonly Concept[];
  readonly accrualPeriodicity?: Concept | undefined;
  readonly issued?: string | undefined;
  readonly modified?: string | undefined;
  readonly publisher?: Agent | undefined;
  readonly creator?: Agent | undefined;
  readonly hdab?: Agent | undefined;
  /** geodcatap:custodian: the data holder. */
  readonly custodian?: Agent | undefined;
  readonly contactPoint?: ContactPoint | undefined;
  readonly landingPage?: string | undefined;
  readonly documentation: readonly string[];
  readonly spatial: readonly Concept[];
  readonly temporal?: Period | undefined;
  readonly provenance?: LangText | undefined;
  readonly distributions: readonly Distribution[];
  readonly samples: readonly Distribution[];
  readonly healthCategories: readonly Concept[];
  readonly healthThemes: readonly Concept[];
  readonly codingSystems: readonly Concept[];
  readonly codeValues: readonly string[];
  readonly numberOfRecords?: number | undefined;
  readonly numberOfUniqueIndividuals?: number | undefined;
  readonly minTypicalAge?: number | undefined;
  readonly maxTypicalAge?: number | undefined;
  readonly populationCoverage?: LangText | undefined;
  readonly retentionPeriod?: Period | undefined;
  /** DPV: purposes, legal bases (described in text) and the personal data categories (dpv-pd IRIs). */
  readonly purposes: readonly LangText[];
  readonly legalBases: readonly LangText[];
  readonly personalData: readonly Concept[];
  readonly hasStructuredData?: boolean | undefined;
  readonly variableTables: readonly VariableTable[];
  readonly version?: string | undefined;
  /** The DQV quality label (Art 78) when one was awarded: bronze, silver, gold, platinum. */
  readonly qualityLabel?: string | undefined;
  /** dct:conformsTo: standard concepts (FHIR, OMOP-CDM, …). */
  readonly conformsTo?: readonly Concept[] | undefined;
  /** dcat:temporalResolution, an xsd:duration (P1D). */
  readonly temporalResolution?: string | undefined;
  /** dct:isReferencedBy: publications and other resources that cite the dataset (IRIs). */
  readonly referencedBy?: readonly string[] | undefined;
  /** dct:relation: related resources (IRIs). */
  readonly relations?: readonly string[] | undefined;
  /** dct:source: datasets this one is derived from (dataset IRIs). */
  readonly sources?: readonly string[] | undefined;
  /** healthdcatap:analytics: distributions with aggregate outputs of the dataset. */
  readonly analytics?: readonly Distribution[] | undefined;
  /** The CSVW table group holding variableTables. */
  readonly variableGroup?: VariableGroup | undefined;
  readonly spatialGeometry?: readonly SpatialGeometry[] | undefined;
  /**
   * IRIs of nodes the record flattens to text, keyed by the JSON pointer of that text (`/provenance`,
   * `/purposes/0`, `/legalBases/1`, `/qualityLabel`, `/distributions/0/rights`), so that saving the record
   * keeps the nodes the source graph named. Absent for new records.
   */
  readonly nodeIris?: Readonly<Record<string, string>> | undefined;
}
