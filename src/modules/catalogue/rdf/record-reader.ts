import type { Quad, Term } from '@rdfjs/types';
import type {
  AccessLevel,
  Agent,
  Concept,
  ContactPoint,
  DatasetRecord,
  Distribution,
  LangText,
  Period,
  SpatialGeometry,
  Variable,
  VariableTable,
} from '../record.js';
import { GraphIndex } from './graph-index.js';
import {
  readBoolean,
  readCount,
  readDate,
  readDecimal,
  readDuration,
  readLangText,
  readLangTexts,
  readString,
  readStrings,
  readWkt,
} from './literals.js';
import {
  adms,
  authority,
  csvw,
  cv,
  dcat,
  dcatap,
  dct,
  dpv,
  dqv,
  foaf,
  geodcatap,
  healthdcatap,
  ianaMediaTypes,
  oa,
  rdfs,
  skos,
  vcard,
} from './namespaces.js';
import { joinField, type NodeKind, type NodeLocation } from './record-fields.js';
import { isNode, nodeId, nodeTerm, termKey, type NodeTerm } from './terms.js';

/**
 * Graph → DatasetRecord. Reads only the forms the writer produces (see literals.ts): whatever else the
 * graph says stays in it as unmodelled triples. Also records where each node sits in the record, so that
 * validation findings can name their field.
 */

export interface ReadOptions {
  /** A label for a concept IRI, from the vocabularies, when the graph gives none. */
  readonly label?: (iri: string) => string | undefined;
  /** The Salus organisation an agent IRI is, when it is one of ours (the graph cannot say). */
  readonly organisationOf?: (agentIri: string) => string | undefined;
}

export interface RecordReading {
  readonly record: DatasetRecord;
  /** By termKey of a node (or of an IRI value), where it is in the record. */
  readonly locations: ReadonlyMap<string, NodeLocation>;
}

const accessLevels: Readonly<Record<string, AccessLevel>> = {
  [`${authority.accessRight}/PUBLIC`]: 'PUBLIC',
  [`${authority.accessRight}/RESTRICTED`]: 'RESTRICTED',
  [`${authority.accessRight}/NON_PUBLIC`]: 'NON_PUBLIC',
};

class Reader {
  readonly locations = new Map<string, NodeLocation>();
  readonly nodeIris: Record<string, string> = {};

  constructor(
    private readonly graph: GraphIndex,
    private readonly options: ReadOptions,
  ) {}

  locate(term: Term, field: string, kind: NodeKind, base?: string): void {
    const key = termKey(term);
    if (this.locations.has(key)) return;
    this.locations.set(key, base === undefined ? { field, kind } : { field, kind, base });
  }

  private objects(node: Term, predicate: string): readonly Term[] {
    return this.graph.objects(node, predicate);
  }

  node(subject: Term, predicate: string): NodeTerm | undefined {
    return this.objects(subject, predicate).find(isNode);
  }

  nodes(subject: Term, predicate: string): NodeTerm[] {
    return this.objects(subject, predicate).filter(isNode);
  }

  iri(subject: Term, predicate: string, field?: string): string | undefined {
    const term = this.objects(subject, predicate).find((t) => t.termType === 'NamedNode');
    if (term && field !== undefined) this.locate(term, field, 'value');
    return term?.value;
  }

  iris(subject: Term, predicate: string, field?: string): string[] {
    const terms = this.objects(subject, predicate).filter((t) => t.termType === 'NamedNode');
    if (field !== undefined) for (const term of terms) this.locate(term, field, 'value');
    return terms.map((t) => t.value);
  }

  text(subject: Term, predicate: string): LangText | undefined {
    return readLangText(this.objects(subject, predicate));
  }

  literals(subject: Term, predicate: string): readonly Term[] {
    return this.objects(subject, predicate);
  }

  label(iri: string): string | undefined {
    const labels = this.objects(nodeTerm(iri), skos('prefLabel'));
    const text = readLangText(labels);
    return text?.en ?? text?.[''] ?? this.options.label?.(iri) ?? (text ? Object.values(text)[0] : undefined);
  }

  concept(iri: string): Concept {
    return { iri, label: this.label(iri) };
  }

  concepts(subject: Term, predicate: string, field: string): Concept[] {
    return this.iris(subject, predicate, field).map((iri) => this.concept(iri));
  }

  firstConcept(subject: Term, predicate: string, field: string): Concept | undefined {
    const iri = this.iri(subject, predicate, field);
    return iri === undefined ? undefined : this.concept(iri);
  }

  cvContact(agent: Term, field: string): ContactPoint | undefined {
    const node = this.node(agent, cv('contactPoint'));
    if (!node) return undefined;
    this.locate(node, field, 'cvContact');
    return {
      iri: nodeId(node),
      email: readString(this.literals(node, cv('email'))),
      url: this.iri(node, cv('contactPage')),
      telephone: readString(this.literals(node, cv('telephone'))),
    };
  }

  vcardContact(node: NodeTerm, field: string): ContactPoint {
    this.locate(node, field, 'vcardContact');
    const prefixed = (predicate: string, scheme: string): string | undefined =>
      this.iris(node, predicate)
        .find((iri) => iri.startsWith(scheme))
        ?.slice(scheme.length);
    return {
      iri: nodeId(node),
      email: prefixed(vcard('hasEmail'), 'mailto:'),
      url: this.iri(node, vcard('hasURL')),
      telephone: prefixed(vcard('hasTelephone'), 'tel:'),
    };
  }

  agent(dataset: Term, predicate: string, field: string): Agent | undefined {
    const node = this.node(dataset, predicate);
    if (!node) return undefined;
    this.locate(node, field, 'agent');
    const organisationId =
      node.termType === 'NamedNode' ? this.options.organisationOf?.(node.value) : undefined;
    return {
      iri: nodeId(node),
      ...(organisationId === undefined ? {} : { organisationId }),
      name: this.text(node, foaf('name')) ?? {},
      type: this.firstConcept(node, dct('type'), joinField(field, 'type')),
      contactPoint: this.cvContact(node, joinField(field, 'contactPoint')),
    };
  }

  period(node: NodeTerm, field: string): Period {
    this.locate(node, field, 'period');
    return {
      iri: nodeId(node),
      start: readDate(this.literals(node, dcat('startDate'))),
      end: readDate(this.literals(node, dcat('endDate'))),
    };
  }

  /** A node flattened to its text (rdfs:label or dct:description); its identity goes to nodeIris. */
  flatText(node: NodeTerm, predicate: string, pointer: string, field: string): LangText | undefined {
    const text = this.text(node, predicate);
    if (text === undefined) return undefined;
    this.locate(node, field, 'text');
    this.nodeIris[pointer] = nodeId(node);
    return text;
  }

  distribution(node: NodeTerm, list: string, index: number): Distribution {
    const field = joinField(list, index);
    this.locate(node, field, 'distribution');
    const licence = this.iri(node, dct('license'));
    if (licence !== undefined) this.locate(nodeTerm(licence), joinField(field, 'licence'), 'licence', field);
    const rightsNode = this.node(node, dct('rights'));
    const mediaType = this.iri(node, dcat('mediaType'), joinField(field, 'mediaType'));
    return {
      iri: nodeId(node),
      title: this.text(node, dct('title')),
      description: this.text(node, dct('description')),
      accessUrl: this.iri(node, dcat('accessURL')) ?? '',
      downloadUrl: this.iri(node, dcat('downloadURL')),
      format: this.firstConcept(node, dct('format'), joinField(field, 'format')),
      mediaType: mediaType?.startsWith(ianaMediaTypes) ? mediaType.slice(ianaMediaTypes.length) : mediaType,
      licence,
      licenceType:
        licence === undefined
          ? undefined
          : this.firstConcept(nodeTerm(licence), dct('type'), joinField(field, 'licenceType')),
      rights: rightsNode
        ? this.flatText(rightsNode, rdfs('label'), `/${list}/${index}/rights`, joinField(field, 'rights'))
        : undefined,
      byteSize: readDecimal(this.literals(node, dcat('byteSize'))),
      applicableLegislation: this.iris(
        node,
        dcatap('applicableLegislation'),
        joinField(field, 'applicableLegislation'),
      ),
      availability: this.firstConcept(node, dcatap('availability'), joinField(field, 'availability')),
      status: this.firstConcept(node, adms('status'), joinField(field, 'status')),
    };
  }

  distributions(dataset: Term, predicate: string, list: string): Distribution[] {
    return this.nodes(dataset, predicate).map((node, i) => this.distribution(node, list, i));
  }

  variableTables(group: NodeTerm): VariableTable[] {
    return this.nodes(group, csvw('table')).map((table, t) => {
      const field = joinField('variableTables', t);
      this.locate(table, field, 'table');
      return {
        iri: nodeId(table),
        name: readString(this.literals(table, dct('identifier'))) ?? '',
        title: this.text(table, dct('title')),
        description: this.text(table, dct('description')),
        variables: this.nodes(table, csvw('column')).map((column, c): Variable => {
          this.locate(column, joinField(field, 'variables', c), 'column');
          return {
            iri: nodeId(column),
            name: readString(this.literals(column, csvw('name'))) ?? '',
            title: this.text(column, csvw('title')),
            description: this.text(column, dct('description')),
            datatype: readString(this.literals(column, csvw('datatype'))),
            codingSystem: this.firstConcept(
              column,
              dct('conformsTo'),
              joinField(field, 'variables', c, 'codingSystem'),
            ),
          };
        }),
      };
    });
  }

  flatTexts(dataset: Term, predicate: string, textPredicate: string, list: string): LangText[] {
    const texts: LangText[] = [];
    for (const node of this.nodes(dataset, predicate)) {
      const text = this.flatText(
        node,
        textPredicate,
        `/${list}/${texts.length}`,
        joinField(list, texts.length),
      );
      if (text) texts.push(text);
    }
    return texts;
  }

  qualityLabel(dataset: Term): string | undefined {
    for (const node of this.nodes(dataset, dqv('hasQualityAnnotation'))) {
      const label = readString(this.literals(node, oa('bodyValue')));
      if (label === undefined) continue;
      this.locate(node, 'qualityLabel', 'quality');
      this.nodeIris['/qualityLabel'] = nodeId(node);
      return label;
    }
    return undefined;
  }

  spatialGeometry(places: readonly string[]): SpatialGeometry[] {
    return places.flatMap((iri) => {
      const place = nodeTerm(iri);
      const bbox = readWkt(this.literals(place, dcat('bbox')));
      const centroid = readWkt(this.literals(place, dcat('centroid')));
      return bbox === undefined && centroid === undefined ? [] : [{ iri, bbox, centroid }];
    });
  }
}

export const readRecord = (
  datasetIri: string,
  quads: readonly Quad[],
  options: ReadOptions = {},
): RecordReading => {
  const r = new Reader(new GraphIndex(quads), options);
  const d = nodeTerm(datasetIri);
  r.locate(d, '', 'dataset');

  const temporal = r.node(d, dct('temporal'));
  const retention = r.node(d, healthdcatap('retentionPeriod'));
  const contact = r.node(d, dcat('contactPoint'));
  const provenance = r.node(d, dct('provenance'));
  const group = r.node(d, healthdcatap('hasVariables'));
  if (group) r.locate(group, 'variableGroup', 'group');
  const accessRights = r.iris(d, dct('accessRights'), 'accessRights').find((iri) => iri in accessLevels);
  const spatial = r.concepts(d, dct('spatial'), 'spatial');

  const record: DatasetRecord = {
    iri: datasetIri,
    identifier: readString(r.literals(d, dct('identifier'))) ?? '',
    title: r.text(d, dct('title')) ?? {},
    description: r.text(d, dct('description')) ?? {},
    // A description without (known) access rights is treated as the most protective level.
    accessRights: (accessRights === undefined ? undefined : accessLevels[accessRights]) ?? 'NON_PUBLIC',
    applicableLegislation: r.iris(d, dcatap('applicableLegislation'), 'applicableLegislation'),
    themes: r.concepts(d, dcat('theme'), 'themes'),
    keywords: readLangTexts(r.literals(d, dcat('keyword'))),
    type: r.firstConcept(d, dct('type'), 'type'),
    languages: r.concepts(d, dct('language'), 'languages'),
    accrualPeriodicity: r.firstConcept(d, dct('accrualPeriodicity'), 'accrualPeriodicity'),
    issued: readDate(r.literals(d, dct('issued'))),
    modified: readDate(r.literals(d, dct('modified'))),
    publisher: r.agent(d, dct('publisher'), 'publisher'),
    creator: r.agent(d, dct('creator'), 'creator'),
    hdab: r.agent(d, healthdcatap('hdab'), 'hdab'),
    custodian: r.agent(d, geodcatap('custodian'), 'custodian'),
    contactPoint: contact ? r.vcardContact(contact, 'contactPoint') : undefined,
    landingPage: r.iri(d, dcat('landingPage'), 'landingPage'),
    documentation: r.iris(d, foaf('page'), 'documentation'),
    spatial,
    temporal: temporal ? r.period(temporal, 'temporal') : undefined,
    provenance: provenance ? r.flatText(provenance, rdfs('label'), '/provenance', 'provenance') : undefined,
    distributions: r.distributions(d, dcat('distribution'), 'distributions'),
    samples: r.distributions(d, adms('sample'), 'samples'),
    healthCategories: r.concepts(d, healthdcatap('healthCategory'), 'healthCategories'),
    healthThemes: r.concepts(d, healthdcatap('healthTheme'), 'healthThemes'),
    codingSystems: r.concepts(d, healthdcatap('hasCodingSystem'), 'codingSystems'),
    codeValues: readStrings(r.literals(d, healthdcatap('hasCodeValues'))),
    numberOfRecords: readCount(r.literals(d, healthdcatap('numberOfRecords'))),
    numberOfUniqueIndividuals: readCount(r.literals(d, healthdcatap('numberOfUniqueIndividuals'))),
    minTypicalAge: readCount(r.literals(d, healthdcatap('minTypicalAge'))),
    maxTypicalAge: readCount(r.literals(d, healthdcatap('maxTypicalAge'))),
    populationCoverage: r.text(d, healthdcatap('populationCoverage')),
    retentionPeriod: retention ? r.period(retention, 'retentionPeriod') : undefined,
    purposes: r.flatTexts(d, dpv('hasPurpose'), dct('description'), 'purposes'),
    legalBases: r.flatTexts(d, dpv('hasLegalBasis'), dct('description'), 'legalBases'),
    personalData: r.concepts(d, dpv('hasPersonalData'), 'personalData'),
    hasStructuredData: readBoolean(r.literals(d, healthdcatap('hasStructuredData'))),
    variableGroup: group ? { iri: nodeId(group), title: r.text(group, dct('title')) } : undefined,
    variableTables: group ? r.variableTables(group) : [],
    version: readString(r.literals(d, dcat('version'))),
    qualityLabel: r.qualityLabel(d),
    conformsTo: r.concepts(d, dct('conformsTo'), 'conformsTo'),
    temporalResolution: readDuration(r.literals(d, dcat('temporalResolution'))),
    referencedBy: r.iris(d, dct('isReferencedBy'), 'referencedBy'),
    relations: r.iris(d, dct('relation'), 'relations'),
    sources: r.iris(d, dct('source'), 'sources'),
    analytics: r.distributions(d, healthdcatap('analytics'), 'analytics'),
    spatialGeometry: r.spatialGeometry(spatial.map((c) => c.iri)),
    nodeIris: r.nodeIris,
  };
  return { record, locations: r.locations };
};
