import type { Literal, Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Agent, ContactPoint, DatasetRecord, Distribution, LangText, Period } from '../record.js';
import {
  booleanLiteral,
  countLiteral,
  dateLiteral,
  decimalLiteral,
  durationLiteral,
  langLiterals,
  stringLiteral,
  wktLiteral,
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
  eli,
  foaf,
  geodcatap,
  healthdcatap,
  ianaMediaTypes,
  oa,
  rdfType,
  rdfs,
  vcard,
} from './namespaces.js';
import { nodeTerm, type NodeTerm } from './terms.js';

/**
 * DatasetRecord → triples, in the shape the HealthDCAT-AP Release 8 shapes ask for. Where a property's
 * range is a class that no loaded vocabulary supplies (an ELI is an eli:LegalResource, a language a
 * dct:LinguisticSystem, a landing page a foaf:Document…), the value is typed here, as the official example
 * does: the official validator checks those ranges against the data.
 */

class Writer {
  readonly quads: Quad[] = [];

  add(subject: NodeTerm, predicate: string, object: NodeTerm | Literal): void {
    this.quads.push(DataFactory.quad(subject, DataFactory.namedNode(predicate), object));
  }

  type(subject: NodeTerm, type: string): void {
    this.add(subject, rdfType, DataFactory.namedNode(type));
  }

  iri(subject: NodeTerm, predicate: string, iri: string | undefined, rangeType?: string): void {
    if (iri === undefined || iri === '') return;
    const object = nodeTerm(iri);
    this.add(subject, predicate, object);
    if (rangeType) this.type(object, rangeType);
  }

  iris(subject: NodeTerm, predicate: string, iris: readonly string[] | undefined, rangeType?: string): void {
    for (const iri of iris ?? []) this.iri(subject, predicate, iri, rangeType);
  }

  text(subject: NodeTerm, predicate: string, text: LangText | undefined): void {
    for (const literal of langLiterals(text)) this.add(subject, predicate, literal);
  }

  literal(subject: NodeTerm, predicate: string, literal: Literal | undefined): void {
    if (literal) this.add(subject, predicate, literal);
  }

  /** The node a record object names, or a fresh blank node when it has no identity yet. */
  node(id: string | undefined): NodeTerm {
    return id ? nodeTerm(id) : DataFactory.blankNode();
  }

  cvContact(agent: NodeTerm, contact: ContactPoint | undefined): void {
    if (!contact) return;
    const c = this.node(contact.iri);
    this.add(agent, cv('contactPoint'), c);
    this.type(c, cv('ContactPoint'));
    if (contact.email) this.add(c, cv('email'), stringLiteral(contact.email));
    this.iri(c, cv('contactPage'), contact.url);
    if (contact.telephone) this.add(c, cv('telephone'), stringLiteral(contact.telephone));
  }

  vcardContact(dataset: NodeTerm, contact: ContactPoint | undefined): void {
    if (!contact) return;
    const c = this.node(contact.iri);
    this.add(dataset, dcat('contactPoint'), c);
    this.type(c, vcard('Kind'));
    if (contact.email) this.iri(c, vcard('hasEmail'), `mailto:${contact.email}`);
    this.iri(c, vcard('hasURL'), contact.url);
    // A tel: IRI cannot hold spaces; RFC 3966 separates digits with hyphens instead.
    if (contact.telephone)
      this.iri(c, vcard('hasTelephone'), `tel:${contact.telephone.trim().replace(/\s+/g, '-')}`);
  }

  agent(dataset: NodeTerm, predicate: string, agent: Agent | undefined): void {
    if (!agent) return;
    const a = this.node(agent.iri);
    this.add(dataset, predicate, a);
    this.type(a, foaf('Agent'));
    this.text(a, foaf('name'), agent.name);
    this.iri(a, dct('type'), agent.type?.iri);
    this.cvContact(a, agent.contactPoint);
  }

  period(dataset: NodeTerm, predicate: string, period: Period | undefined): void {
    if (!period) return;
    const p = this.node(period.iri);
    this.add(dataset, predicate, p);
    this.type(p, dct('PeriodOfTime'));
    if (period.start) this.add(p, dcat('startDate'), dateLiteral(period.start));
    if (period.end) this.add(p, dcat('endDate'), dateLiteral(period.end));
  }

  /** A text the record keeps flat, written as a node of the given class that carries it. */
  flatText(
    parent: NodeTerm,
    predicate: string,
    nodeClass: string,
    textPredicate: string,
    text: LangText | undefined,
    id: string | undefined,
  ): void {
    if (!text || langLiterals(text).length === 0) return;
    const n = this.node(id);
    this.add(parent, predicate, n);
    this.type(n, nodeClass);
    this.text(n, textPredicate, text);
  }

  distribution(
    dataset: NodeTerm,
    predicate: string,
    d: Distribution,
    pointer: string,
    record: DatasetRecord,
  ): void {
    const x = this.node(d.iri);
    this.add(dataset, predicate, x);
    this.type(x, dcat('Distribution'));
    this.text(x, dct('title'), d.title);
    this.text(x, dct('description'), d.description);
    this.iri(x, dcat('accessURL'), d.accessUrl);
    this.iri(x, dcat('downloadURL'), d.downloadUrl);
    this.iri(x, dct('format'), d.format?.iri, dct('MediaTypeOrExtent'));
    if (d.mediaType) {
      const iri = d.mediaType.includes('://') ? d.mediaType : ianaMediaTypes + d.mediaType;
      this.iri(x, dcat('mediaType'), iri, dct('MediaType'));
    }
    if (d.licence) {
      this.iri(x, dct('license'), d.licence, dct('LicenseDocument'));
      this.iri(nodeTerm(d.licence), dct('type'), d.licenceType?.iri);
    }
    this.flatText(
      x,
      dct('rights'),
      dct('RightsStatement'),
      rdfs('label'),
      d.rights,
      record.nodeIris?.[`${pointer}/rights`],
    );
    if (d.byteSize !== undefined) this.add(x, dcat('byteSize'), decimalLiteral(d.byteSize));
    this.iris(
      x,
      dcatap('applicableLegislation'),
      d.applicableLegislation ?? record.applicableLegislation,
      eli('LegalResource'),
    );
    this.iri(x, dcatap('availability'), d.availability?.iri);
    this.iri(x, adms('status'), d.status?.iri);
  }

  variables(dataset: NodeTerm, record: DatasetRecord): void {
    if (!record.variableGroup && record.variableTables.length === 0) return;
    const g = this.node(record.variableGroup?.iri);
    this.add(dataset, healthdcatap('hasVariables'), g);
    this.type(g, csvw('TableGroup'));
    const datasetTitle = record.title.en ?? Object.values(record.title)[0] ?? record.identifier;
    this.text(g, dct('title'), record.variableGroup?.title ?? { en: `Variables of ${datasetTitle}` });
    for (const table of record.variableTables) {
      const t = this.node(table.iri);
      this.add(g, csvw('table'), t);
      this.type(t, csvw('Table'));
      if (table.name) this.add(t, dct('identifier'), stringLiteral(table.name));
      this.text(t, dct('title'), table.title ?? (table.name ? { '': table.name } : undefined));
      this.text(t, dct('description'), table.description);
      for (const variable of table.variables) {
        const c = this.node(variable.iri);
        this.add(t, csvw('column'), c);
        this.type(c, csvw('Column'));
        if (variable.name) this.add(c, csvw('name'), stringLiteral(variable.name));
        this.text(c, csvw('title'), variable.title ?? (variable.name ? { '': variable.name } : undefined));
        this.text(c, dct('description'), variable.description);
        if (variable.datatype) this.add(c, csvw('datatype'), stringLiteral(variable.datatype));
        this.iri(c, dct('conformsTo'), variable.codingSystem?.iri);
      }
    }
  }
}

export const writeRecord = (record: DatasetRecord): Quad[] => {
  const w = new Writer();
  const d = nodeTerm(record.iri);
  const ids = record.nodeIris ?? {};
  w.type(d, dcat('Dataset'));
  if (record.identifier) w.add(d, dct('identifier'), stringLiteral(record.identifier));
  w.text(d, dct('title'), record.title);
  w.text(d, dct('description'), record.description);
  w.iri(d, dct('accessRights'), `${authority.accessRight}/${record.accessRights}`, dct('RightsStatement'));
  w.iris(d, dcatap('applicableLegislation'), record.applicableLegislation, eli('LegalResource'));
  w.iris(
    d,
    dcat('theme'),
    record.themes.map((c) => c.iri),
  );
  for (const keyword of record.keywords) w.text(d, dcat('keyword'), keyword);
  w.iri(d, dct('type'), record.type?.iri);
  w.iris(
    d,
    dct('language'),
    record.languages.map((c) => c.iri),
    dct('LinguisticSystem'),
  );
  w.iri(d, dct('accrualPeriodicity'), record.accrualPeriodicity?.iri, dct('Frequency'));
  if (record.issued) w.add(d, dct('issued'), dateLiteral(record.issued));
  if (record.modified) w.add(d, dct('modified'), dateLiteral(record.modified));
  w.agent(d, dct('publisher'), record.publisher);
  w.agent(d, dct('creator'), record.creator);
  w.agent(d, healthdcatap('hdab'), record.hdab);
  w.agent(d, geodcatap('custodian'), record.custodian);
  w.vcardContact(d, record.contactPoint);
  w.iri(d, dcat('landingPage'), record.landingPage, foaf('Document'));
  w.iris(d, foaf('page'), record.documentation, foaf('Document'));
  for (const place of record.spatial) {
    w.iri(d, dct('spatial'), place.iri, dct('Location'));
    const geometry = record.spatialGeometry?.find((g) => g.iri === place.iri);
    if (geometry?.bbox) w.add(nodeTerm(place.iri), dcat('bbox'), wktLiteral(geometry.bbox));
    if (geometry?.centroid) w.add(nodeTerm(place.iri), dcat('centroid'), wktLiteral(geometry.centroid));
  }
  w.period(d, dct('temporal'), record.temporal);
  if (record.temporalResolution)
    w.add(d, dcat('temporalResolution'), durationLiteral(record.temporalResolution));
  w.flatText(
    d,
    dct('provenance'),
    dct('ProvenanceStatement'),
    rdfs('label'),
    record.provenance,
    ids['/provenance'],
  );
  record.distributions.forEach((x, i) =>
    w.distribution(d, dcat('distribution'), x, `/distributions/${i}`, record),
  );
  record.samples.forEach((x, i) => w.distribution(d, adms('sample'), x, `/samples/${i}`, record));
  (record.analytics ?? []).forEach((x, i) =>
    w.distribution(d, healthdcatap('analytics'), x, `/analytics/${i}`, record),
  );
  w.iris(
    d,
    healthdcatap('healthCategory'),
    record.healthCategories.map((c) => c.iri),
  );
  w.iris(
    d,
    healthdcatap('healthTheme'),
    record.healthThemes.map((c) => c.iri),
  );
  w.iris(
    d,
    healthdcatap('hasCodingSystem'),
    record.codingSystems.map((c) => c.iri),
    dct('Standard'),
  );
  w.iris(
    d,
    dct('conformsTo'),
    (record.conformsTo ?? []).map((c) => c.iri),
    dct('Standard'),
  );
  for (const value of record.codeValues) w.add(d, healthdcatap('hasCodeValues'), stringLiteral(value));
  const counts = [
    ['numberOfRecords', record.numberOfRecords],
    ['numberOfUniqueIndividuals', record.numberOfUniqueIndividuals],
    ['minTypicalAge', record.minTypicalAge],
    ['maxTypicalAge', record.maxTypicalAge],
  ] as const;
  for (const [property, value] of counts) {
    if (value !== undefined) w.add(d, healthdcatap(property), countLiteral(value));
  }
  w.text(d, healthdcatap('populationCoverage'), record.populationCoverage);
  w.period(d, healthdcatap('retentionPeriod'), record.retentionPeriod);
  record.purposes.forEach((text, i) =>
    w.flatText(d, dpv('hasPurpose'), dpv('Purpose'), dct('description'), text, ids[`/purposes/${i}`]),
  );
  record.legalBases.forEach((text, i) =>
    w.flatText(d, dpv('hasLegalBasis'), dpv('LegalBasis'), dct('description'), text, ids[`/legalBases/${i}`]),
  );
  w.iris(
    d,
    dpv('hasPersonalData'),
    record.personalData.map((c) => c.iri),
    dpv('PersonalData'),
  );
  if (record.hasStructuredData !== undefined) {
    w.add(d, healthdcatap('hasStructuredData'), booleanLiteral(record.hasStructuredData));
  }
  w.variables(d, record);
  if (record.version) w.add(d, dcat('version'), stringLiteral(record.version));
  if (record.qualityLabel) {
    // A DQV quality certificate (a Web Annotation of the dataset) whose body is the label's text.
    const q = w.node(ids['/qualityLabel']);
    w.add(d, dqv('hasQualityAnnotation'), q);
    w.type(q, dqv('QualityCertificate'));
    w.add(q, oa('hasTarget'), d);
    w.add(q, oa('motivatedBy'), nodeTerm(dqv('qualityAssessment')));
    w.add(q, oa('bodyValue'), stringLiteral(record.qualityLabel));
  }
  w.iris(d, dct('isReferencedBy'), record.referencedBy);
  w.iris(d, dct('relation'), record.relations);
  w.iris(d, dct('source'), record.sources, dcat('Dataset'));
  return w.quads;
};
