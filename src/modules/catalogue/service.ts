import { randomUUID } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import type { Kysely, Selectable } from 'kysely';
import { DataFactory } from 'n3';
import type { Principal } from '../../platform/auth/index.js';
import type { Database } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { auditAs, type AuditContext, type AuditLog } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import { violations, type Finding } from './findings.js';
import type { CatalogueRdf, RdfFormat } from './rdf-port.js';
import type { AccessLevel, Concept, DatasetRecord, LangText } from './record.js';
import { bumpSearchGeneration, CatalogueSearchIndex, type FacetName, type SearchQuery } from './search.js';
import type { CatalogueTables, DatasetStatus } from './tables.js';

export interface ImportOptions {
  /** Save descriptions that break mandatory shapes as drafts instead of refusing the document. */
  readonly keepIncomplete?: boolean;
}

/** A dataset as lists and cards show it. */
export interface DatasetSummary {
  readonly id: string;
  readonly iri: string;
  readonly title: LangText;
  readonly description: LangText;
  readonly holder: { readonly id: string; readonly name: string } | null;
  readonly accessRights: AccessLevel;
  readonly status: DatasetStatus;
  readonly version: number;
  readonly modified: string;
  readonly healthCategories: { iri: string; label?: string }[];
  readonly healthThemes: { iri: string; label?: string }[];
  readonly numberOfRecords: number | null;
  readonly minTypicalAge: number | null;
  readonly maxTypicalAge: number | null;
  readonly temporal: { readonly start: string | null; readonly end: string | null } | null;
  readonly qualityLabel: string | null;
  readonly recheckDue: string | null;
  readonly recheckOverdue: boolean;
}

export interface DatasetView extends DatasetSummary {
  readonly record: DatasetRecord;
  readonly versions: { version: number; publishedAt: string; publishedBy: string | null }[];
  readonly findings: Finding[];
  readonly returnMessage: string | null;
}

export interface SearchResult {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly results: DatasetSummary[];
  readonly facets: Record<FacetName, { value: string; label: string; count: number }[]>;
  readonly tookMs: number;
}

type DatasetRow = Selectable<CatalogueTables['catalogue_dataset']>;

/** For bulk loads of records validated beforehand (restores, benchmarks): skip re-running the shapes. */
/** Facts about a dataset measured from its data in the lake. */
export interface ComputedMetadata {
  readonly numberOfRecords: number;
  readonly numberOfUniqueIndividuals: number;
  readonly minTypicalAge: number | null;
  readonly maxTypicalAge: number | null;
  readonly temporalCoverage: { readonly start: string; readonly end: string } | null;
  /** Coding systems by their code in the HealthDCAT-AP coding-system vocabulary (LOINC, SNOMED-CT, …). */
  readonly codingSystems: readonly string[];
}

/**
 * The data quality label (Art 78) and the measurements behind it, as the quality module computes them: the
 * level becomes the record's quality certificate; the W3C DQV measurements go beside it, as nodes named
 * `<dataset IRI>#quality-measurement-…` that each new assessment replaces.
 */
export interface QualityAnnotation {
  /** The level awarded; null when none is (a hand-typed label is then removed: measurement wins). */
  readonly label: string | null;
  readonly quads: readonly Quad[];
}

export const qualityMeasurementPrefix = (datasetIri: string): string => `${datasetIri}#quality-measurement-`;
const dqvHasQualityMeasurement = 'http://www.w3.org/ns/dqv#hasQualityMeasurement';

const codingSystemAuthority = 'https://hdeu-dcat.data.health.europa.eu/resource/authority/coding-system';

export interface BulkOptions {
  readonly alreadyValidated?: boolean;
}

/** Art 60(3): a description not confirmed for 12 months is flagged to its holder and to the HDAB. */
const recheckMonths = 12;
export const ehdsLegislation = 'http://data.europa.eu/eli/reg/2025/327/oj';

const addMonths = (d: Date, months: number): Date => {
  const r = new Date(d);
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
};

/** The national dataset catalogue: drafts, submission, publication in versions, search, RDF in and out. */
export class CatalogueService {
  private readonly db: Kysely<CatalogueTables>;
  private readonly searchIndex: CatalogueSearchIndex;

  constructor(
    database: Database,
    private readonly rdf: CatalogueRdf,
    private readonly identity: IdentityService,
    private readonly audit: AuditLog,
    private readonly baseUrl: string,
    private readonly labelOf: (iri: string) => string | undefined,
  ) {
    this.db = database.kysely.withTables<CatalogueTables>();
    this.searchIndex = new CatalogueSearchIndex(this.db);
  }

  readonly catalogueIri = (): string => `${this.baseUrl}/catalogue`;
  readonly datasetUrl = (id: string): string => `${this.baseUrl}/catalogue/datasets/${id}`;

  /** Validates a record as it would be saved: the official shapes of its access level. */
  async validateRecord(record: DatasetRecord, kept: readonly Quad[] = []): Promise<Finding[]> {
    return this.rdf.validate(this.rdf.toGraph(record, kept), record.accessRights);
  }

  async create(
    principal: Principal,
    input: DatasetRecord,
    context: AuditContext,
    kept: readonly Quad[] = [],
    keepIri = false,
  ): Promise<{ dataset: DatasetView; findings: Finding[] }> {
    const holderId = await this.organisationOf(principal);
    const created = await this.createFor(holderId, input, context, kept, keepIri);
    return { dataset: await this.view(principal, created.id), findings: created.findings };
  }

  /** Creates a draft for a data holder; `keepIri` keeps an imported dataset's own IRI. */
  async createFor(
    holderId: string | null,
    input: DatasetRecord,
    context: AuditContext,
    kept: readonly Quad[] = [],
    keepIri = false,
    options: BulkOptions = {},
  ): Promise<{ id: string; findings: Finding[] }> {
    const id = randomUUID();
    const record: DatasetRecord = { ...input, iri: keepIri ? input.iri : this.datasetUrl(id) };
    if (
      keepIri &&
      (await this.db
        .selectFrom('catalogue_dataset')
        .select('id')
        .where('iri', '=', record.iri)
        .executeTakeFirst()) !== undefined
    ) {
      throw new AppError(
        'conflict',
        'catalogue.iri_taken',
        `A dataset with the IRI ${record.iri} is already in the catalogue.`,
        [{ path: 'iri', message: 'is already in the catalogue' }],
      );
    }
    const findings = options.alreadyValidated === true ? [] : await this.validateRecord(record, kept);
    const now = new Date();
    await this.db
      .insertInto('catalogue_dataset')
      .values({
        id,
        iri: record.iri,
        holder_organisation_id: holderId,
        status: 'draft',
        access_rights: record.accessRights,
        draft_record: JSON.stringify(record),
        kept_triples: await this.rdf.toNTriples(kept),
        findings: JSON.stringify(findings),
        return_message: null,
        published_version: null,
        created_at: now,
        updated_at: now,
        confirmed_at: now,
      })
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.create',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: { title: record.title, violations: violations(findings).length },
    });
    return { id, findings };
  }

  async update(
    principal: Principal,
    id: string,
    input: DatasetRecord,
    context: AuditContext,
  ): Promise<{ dataset: DatasetView; findings: Finding[] }> {
    const row = await this.editable(principal, id);
    const record: DatasetRecord = { ...input, iri: row.iri };
    const kept = this.rdf.fromNTriples(row.kept_triples);
    const findings = await this.validateRecord(record, kept);
    await this.db
      .updateTable('catalogue_dataset')
      .set({
        draft_record: JSON.stringify(record),
        access_rights: record.accessRights,
        findings: JSON.stringify(findings),
        // Editing a published dataset starts its next version; the published one stays visible meanwhile.
        status: 'draft',
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.update',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: { violations: violations(findings).length },
    });
    return { dataset: await this.view(principal, id), findings };
  }

  async submit(principal: Principal, id: string, context: AuditContext): Promise<DatasetView> {
    const row = await this.editable(principal, id);
    if (row.status === 'submitted')
      throw new AppError(
        'conflict',
        'catalogue.already_submitted',
        'This dataset is already waiting for publication.',
      );
    if (row.status === 'published')
      throw new AppError(
        'conflict',
        'catalogue.nothing_to_submit',
        'This dataset has no changes since it was published.',
      );
    const findings = await this.validateRecord(row.draft_record, this.rdf.fromNTriples(row.kept_triples));
    const blocking = violations(findings);
    if (blocking.length > 0) {
      await this.db
        .updateTable('catalogue_dataset')
        .set({ findings: JSON.stringify(findings) })
        .where('id', '=', id)
        .execute();
      throw new AppError(
        'conflict',
        'catalogue.violations',
        `The description breaks ${blocking.length} mandatory rule${blocking.length === 1 ? '' : 's'} of HealthDCAT-AP for ${row.access_rights} datasets; fix ${blocking.length === 1 ? 'it' : 'them'} before submitting.`,
        blocking.map((f) => ({ path: f.field ?? f.path, message: f.message })),
      );
    }
    await this.db
      .updateTable('catalogue_dataset')
      .set({
        status: 'submitted',
        findings: JSON.stringify(findings),
        return_message: null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.submit',
      outcome: 'success',
      target: { type: 'dataset', id },
    });
    return this.view(principal, id);
  }

  /** The HDAB publishes a submitted description as the dataset's next version. */
  async publish(principal: Principal, id: string, context: AuditContext): Promise<DatasetView> {
    const row = await this.row(id);
    if (row.status !== 'submitted') {
      throw new AppError(
        'conflict',
        'catalogue.not_submitted',
        `Only a submitted description can be published; this one is ${row.status}.`,
      );
    }
    await this.publishVersion(row, principal.userId, context);
    return this.view(principal, id);
  }

  /** The datasets a holder organisation describes, published or not: where its deliveries' facts go. */
  async datasetsOfHolder(organisationId: string): Promise<{ id: string; published: boolean }[]> {
    const rows = await this.db
      .selectFrom('catalogue_dataset')
      .select(['id', 'published_version'])
      .where('holder_organisation_id', '=', organisationId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ id: r.id, published: r.published_version !== null }));
  }

  /**
   * Puts facts measured in the lake into a description: numbers of records and individuals, the age range,
   * the temporal coverage and the coding systems, replacing what was typed by hand. A published description
   * with no edits pending gets a new version at once (the facts are the data's, not the holder's claims);
   * otherwise the working copy carries them to the next publication. Nothing changes when the facts do not.
   */
  async applyComputedMetadata(
    id: string,
    facts: ComputedMetadata,
    context: AuditContext,
  ): Promise<{ changed: boolean; version: number | null }> {
    const row = await this.row(id);
    const before = row.draft_record;
    const codingSystems = facts.codingSystems.flatMap((code) => {
      const iri = `${codingSystemAuthority}/${code}`;
      return this.labelOf(iri) === undefined ? [] : [{ iri }];
    });
    const record: DatasetRecord = {
      ...before,
      numberOfRecords: facts.numberOfRecords,
      numberOfUniqueIndividuals: facts.numberOfUniqueIndividuals,
      ...(facts.minTypicalAge === null ? {} : { minTypicalAge: facts.minTypicalAge }),
      ...(facts.maxTypicalAge === null ? {} : { maxTypicalAge: facts.maxTypicalAge }),
      ...(facts.temporalCoverage === null ? {} : { temporal: { ...facts.temporalCoverage } }),
      ...(codingSystems.length === 0
        ? {}
        : {
            codingSystems: [
              ...before.codingSystems.filter((c) => !c.iri.startsWith(`${codingSystemAuthority}/`)),
              ...before.codingSystems.filter(
                (c) =>
                  c.iri.startsWith(`${codingSystemAuthority}/`) && codingSystems.some((n) => n.iri === c.iri),
              ),
              ...codingSystems.filter((n) => !before.codingSystems.some((c) => c.iri === n.iri)),
            ],
          }),
    };
    if (JSON.stringify(record) === JSON.stringify(before)) return { changed: false, version: null };
    await this.db
      .updateTable('catalogue_dataset')
      .set({ draft_record: JSON.stringify(record) })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.metadata_computed',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: {
        numberOfRecords: facts.numberOfRecords,
        numberOfUniqueIndividuals: facts.numberOfUniqueIndividuals,
      },
    });
    if (row.status !== 'published') return { changed: true, version: null };
    const version = await this.publishVersion({ ...row, draft_record: record }, null, context);
    return { changed: true, version };
  }

  /**
   * Puts a quality assessment into a description: the label as its quality certificate, the measurements
   * as DQV triples kept beside the record (replacing those of the previous assessment). As with measured
   * facts, a published description with no edits pending gets a new version at once.
   */
  async applyQualityAnnotation(
    id: string,
    annotation: QualityAnnotation,
    context: AuditContext,
  ): Promise<{ changed: boolean; version: number | null }> {
    const row = await this.row(id);
    const before = row.draft_record;
    const { qualityLabel: _previous, ...unlabelled } = before;
    const record: DatasetRecord =
      annotation.label === null ? unlabelled : { ...before, qualityLabel: annotation.label };
    const prefix = qualityMeasurementPrefix(row.iri);
    const ours = (term: Quad['subject'] | Quad['object']): boolean =>
      term.termType === 'NamedNode' && term.value.startsWith(prefix);
    const seen = new Set<string>();
    const key = (q: Quad): string =>
      [q.subject, q.predicate, q.object]
        .map(
          (t) =>
            `${t.termType}:${t.value}:${t.termType === 'Literal' ? `${t.language}^${t.datatype.value}` : ''}`,
        )
        .join(' ');
    const kept = [
      ...this.rdf
        .fromNTriples(row.kept_triples)
        .filter(
          (q) => !ours(q.subject) && !(q.predicate.value === dqvHasQualityMeasurement && ours(q.object)),
        ),
      ...annotation.quads,
    ].filter((q) => {
      const k = key(q);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const keptTriples = await this.rdf.toNTriples(kept);
    if (JSON.stringify(record) === JSON.stringify(before) && keptTriples === row.kept_triples)
      return { changed: false, version: null };
    // Checked before anything is written: an annotation the shapes refuse leaves the description as it was.
    const blocking = violations(await this.validateRecord(record, kept));
    if (blocking.length > 0)
      throw new AppError(
        'conflict',
        'catalogue.violations',
        'The description with its quality annotation does not pass the mandatory shapes.',
        blocking.map((f) => ({ path: f.field ?? f.path, message: f.message })),
      );
    await this.db
      .updateTable('catalogue_dataset')
      .set({ draft_record: JSON.stringify(record), kept_triples: keptTriples })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.quality_annotated',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: { qualityLabel: annotation.label, measurements: kept.filter((q) => ours(q.subject)).length },
    });
    if (row.status !== 'published') return { changed: true, version: null };
    const version = await this.publishVersion(
      { ...row, draft_record: record, kept_triples: keptTriples },
      null,
      context,
      { alreadyValidated: true },
    );
    return { changed: true, version };
  }

  /** A description's working copy and its holder, for the modules that measure it (quality). */
  async workingCopy(id: string): Promise<{
    readonly id: string;
    readonly iri: string;
    readonly holderOrganisationId: string | null;
    readonly record: DatasetRecord;
    readonly published: boolean;
  }> {
    const row = await this.row(id);
    return {
      id: row.id,
      iri: row.iri,
      holderOrganisationId: row.holder_organisation_id,
      record: row.draft_record,
      published: row.published_version !== null,
    };
  }

  /** Publishes the working copy as the next version, as the HDAB does (also used by seeding and the CLI). */
  async publishVersion(
    row: DatasetRow | string,
    publishedBy: string | null,
    context: AuditContext,
    options: BulkOptions = {},
  ): Promise<number> {
    if (typeof row === 'string') row = await this.row(row);
    const id = row.id;
    const kept = this.rdf.fromNTriples(row.kept_triples);
    const findings =
      options.alreadyValidated === true ? [] : await this.validateRecord(row.draft_record, kept);
    if (violations(findings).length > 0) {
      throw new AppError(
        'conflict',
        'catalogue.violations',
        'The description no longer passes the mandatory shapes; return it to its holder.',
        violations(findings).map((f) => ({ path: f.field ?? f.path, message: f.message })),
      );
    }
    const version = (row.published_version ?? 0) + 1;
    const now = new Date();
    // Blank nodes get labels unique to this version, so slices of different datasets never share one.
    const quads = labelBlankNodes(
      this.rdf.toGraph(row.draft_record, kept),
      `v${id.replaceAll('-', '')}_${version}_`,
    );
    const graph = await this.rdf.toNTriples(quads);
    const slices = {
      export_turtle: await this.rdf.streamWriter('turtle').body(quads),
      export_jsonld: await this.rdf.streamWriter('jsonld').body(quads),
      export_rdfxml: await this.rdf.streamWriter('rdfxml').body(quads),
    };
    // Read before the transaction: on the embedded store a transaction holds the only connection.
    const holders = await this.identity.organisations();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('catalogue_version')
        .values({
          dataset_id: id,
          version,
          record: JSON.stringify(row.draft_record),
          graph,
          ...slices,
          published_at: now,
          published_by: publishedBy,
        })
        .execute();
      await trx
        .updateTable('catalogue_dataset')
        .set({
          status: 'published',
          published_version: version,
          findings: JSON.stringify(findings),
          updated_at: now,
          confirmed_at: now,
        })
        .where('id', '=', id)
        .execute();
      await this.index(
        trx,
        { ...row, status: 'published', published_version: version, updated_at: now, confirmed_at: now },
        row.draft_record,
        holders,
      );
    });
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.publish',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: { version },
    });
    return version;
  }

  async returnToHolder(
    principal: Principal,
    id: string,
    message: string,
    context: AuditContext,
  ): Promise<DatasetView> {
    const row = await this.row(id);
    if (row.status !== 'submitted')
      throw new AppError(
        'conflict',
        'catalogue.not_submitted',
        `Only a submitted description can be returned; this one is ${row.status}.`,
      );
    await this.db
      .updateTable('catalogue_dataset')
      .set({ status: 'returned', return_message: message, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.return',
      outcome: 'success',
      target: { type: 'dataset', id },
      details: { message },
    });
    return this.view(principal, id);
  }

  /** The holder confirms the description is still accurate (the annual re-check of Art 60(3)). */
  async confirm(principal: Principal, id: string, context: AuditContext): Promise<DatasetView> {
    await this.editable(principal, id);
    await this.db
      .updateTable('catalogue_dataset')
      .set({ confirmed_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditAs(this.audit, context, {
      action: 'catalogue.dataset.confirm',
      outcome: 'success',
      target: { type: 'dataset', id },
    });
    return this.view(principal, id);
  }

  async view(principal: Principal | null, id: string): Promise<DatasetView> {
    const row = await this.row(id);
    const mayEdit = principal !== null && (await this.mayManage(principal, row));
    if (row.published_version === null && !mayEdit)
      throw new AppError('not_found', 'catalogue.dataset_not_found', `There is no published dataset ${id}.`);
    const versions = await this.db
      .selectFrom('catalogue_version')
      .select(['version', 'published_at', 'published_by', 'record'])
      .where('dataset_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    // The public sees the published version; the holder and the HDAB see the working copy.
    const record = mayEdit ? row.draft_record : (versions[0]?.record ?? row.draft_record);
    const summary = await this.summaryOf(row, record);
    return {
      ...summary,
      record,
      versions: versions.map((v) => ({
        version: v.version,
        publishedAt: v.published_at.toISOString(),
        publishedBy: v.published_by,
      })),
      findings: mayEdit ? row.findings : [],
      returnMessage: mayEdit ? row.return_message : null,
    };
  }

  async versionView(id: string, version: number): Promise<DatasetView> {
    const row = await this.row(id);
    const v = await this.db
      .selectFrom('catalogue_version')
      .selectAll()
      .where('dataset_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    if (v === undefined)
      throw new AppError(
        'not_found',
        'catalogue.version_not_found',
        `Dataset ${id} has no published version ${version}.`,
      );
    const versions = await this.db
      .selectFrom('catalogue_version')
      .select(['version', 'published_at', 'published_by'])
      .where('dataset_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return {
      ...(await this.summaryOf(
        { ...row, status: 'published', published_version: version, updated_at: v.published_at },
        v.record,
      )),
      record: v.record,
      versions: versions.map((x) => ({
        version: x.version,
        publishedAt: x.published_at.toISOString(),
        publishedBy: x.published_by,
      })),
      findings: [],
      returnMessage: null,
    };
  }

  async mine(principal: Principal): Promise<DatasetSummary[]> {
    const holderId = await this.organisationOf(principal);
    const rows = await this.db
      .selectFrom('catalogue_dataset')
      .selectAll()
      .where('holder_organisation_id', '=', holderId)
      .orderBy('updated_at', 'desc')
      .execute();
    return Promise.all(rows.map((r) => this.summaryOf(r, r.draft_record)));
  }

  async review(): Promise<{ submitted: DatasetSummary[]; overdue: DatasetSummary[] }> {
    const submitted = await this.db
      .selectFrom('catalogue_dataset')
      .selectAll()
      .where('status', '=', 'submitted')
      .orderBy('updated_at')
      .execute();
    const cutoff = addMonths(new Date(), -recheckMonths);
    const overdue = await this.db
      .selectFrom('catalogue_dataset')
      .selectAll()
      .where('published_version', 'is not', null)
      .where('confirmed_at', '<', cutoff)
      .orderBy('confirmed_at')
      .execute();
    return {
      submitted: await Promise.all(submitted.map((r) => this.summaryOf(r, r.draft_record))),
      overdue: await Promise.all(overdue.map((r) => this.summaryOf(r, r.draft_record))),
    };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = performance.now();
    const hits = await this.searchIndex.search(query);
    const holders = new Map((await this.identity.organisations()).map((o) => [o.id, o.name]));
    const label = (facet: FacetName, value: string): string =>
      facet === 'holder'
        ? (holders.get(value) ?? value)
        : facet === 'accessRights' || facet === 'qualityLabel'
          ? value
          : (this.labelOf(value) ?? value);
    const facets = Object.fromEntries(
      Object.entries(hits.facets).map(([facet, counts]) => [
        facet,
        counts.map((c) => ({ ...c, label: label(facet as FacetName, c.value) })),
      ]),
    ) as unknown as SearchResult['facets'];
    return {
      total: hits.total,
      page: query.page,
      pageSize: query.pageSize,
      results: hits.summaries as unknown as DatasetSummary[],
      facets,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  /** Creates a draft for every dataset an RDF document describes; all or nothing. */
  async importDocument(
    principal: Principal,
    text: string,
    format: RdfFormat,
    context: AuditContext,
    options: ImportOptions = {},
  ): Promise<{ datasets: DatasetSummary[]; findings: Record<string, Finding[]> }> {
    const holderId = await this.organisationOf(principal);
    const { ids, findings } = await this.importFor(holderId, text, format, context, options);
    const datasets = await Promise.all(
      ids.map(async (id) => this.summaryOf(await this.row(id), (await this.row(id)).draft_record)),
    );
    return { datasets, findings };
  }

  /**
   * Parses and checks the whole document before creating any draft, so a bad document leaves nothing behind.
   * A dataset that breaks a mandatory shape refuses the whole document, with every violation named, unless
   * the holder asks to keep incomplete descriptions as drafts to finish in the form.
   */
  async importFor(
    holderId: string | null,
    text: string,
    format: RdfFormat,
    context: AuditContext,
    options: ImportOptions = {},
  ): Promise<{ ids: string[]; findings: Record<string, Finding[]> }> {
    const quads = await this.rdf.parse(text, format, `${this.baseUrl}/catalogue/import/`);
    const graphs = this.rdf.datasets(quads);
    if (graphs.length === 0)
      throw new AppError('invalid', 'catalogue.no_dataset', 'The document describes no dcat:Dataset.');
    const mapped = graphs.map((g) => this.rdf.toRecord(g.iri, g.quads));
    for (const m of mapped) {
      if ((await this.idOfIri(m.record.iri)) !== undefined) {
        throw new AppError(
          'conflict',
          'catalogue.iri_taken',
          `A dataset with the IRI ${m.record.iri} is already in the catalogue.`,
          [{ path: m.record.iri, message: 'is already in the catalogue' }],
        );
      }
    }
    if (options.keepIncomplete !== true) {
      const errors: { path: string; message: string }[] = [];
      for (const m of mapped) {
        const found = violations(await this.validateRecord(m.record, m.kept));
        for (const f of found)
          errors.push({
            path: `${m.record.iri} ${f.field ?? f.path}${f.value === null ? '' : ` = ${f.value}`}`,
            message: f.message,
          });
      }
      if (errors.length > 0) {
        throw new AppError(
          'invalid',
          'catalogue.import_violations',
          `The document breaks ${errors.length} mandatory HealthDCAT-AP rule(s); nothing was imported. Fix them, or import the descriptions as drafts to finish them in the form.`,
          errors,
        );
      }
    }
    const ids: string[] = [];
    const findings: Record<string, Finding[]> = {};
    for (const m of mapped) {
      const created = await this.createFor(holderId, m.record, context, m.kept, true);
      ids.push(created.id);
      findings[created.id] = created.findings;
    }
    return { ids, findings };
  }

  /** One published dataset's graph, as it was published. */
  async datasetRdf(id: string, format: RdfFormat): Promise<string> {
    const row = await this.row(id);
    if (row.published_version === null)
      throw new AppError('not_found', 'catalogue.dataset_not_found', `There is no published dataset ${id}.`);
    const v = await this.db
      .selectFrom('catalogue_version')
      .select('graph')
      .where('dataset_id', '=', id)
      .where('version', '=', row.published_version)
      .executeTakeFirstOrThrow();
    return this.rdf.serialize(this.rdf.fromNTriples(v.graph), format);
  }

  /** The catalogue as DCAT: a dcat:Catalog and its published datasets, a page at a time for harvesters. */
  async catalogueQuads(
    page: { number: number; size: number } | null,
  ): Promise<{ quads: Quad[]; total: number }> {
    const { DataFactory } = await import('n3');
    // eslint-disable-next-line @typescript-eslint/unbound-method -- n3's factory functions do not use `this`
    const { namedNode, quad, literal } = DataFactory;
    const rdfType = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
    const dcat = (l: string) => namedNode(`http://www.w3.org/ns/dcat#${l}`);
    const dct = (l: string) => namedNode(`http://purl.org/dc/terms/${l}`);
    const catalog = namedNode(this.catalogueIri());
    const totalRow = await this.db
      .selectFrom('catalogue_dataset')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('published_version', 'is not', null)
      .executeTakeFirstOrThrow();
    let q = this.db
      .selectFrom('catalogue_dataset as d')
      .innerJoin('catalogue_version as v', (j) =>
        j.onRef('v.dataset_id', '=', 'd.id').onRef('v.version', '=', 'd.published_version'),
      )
      .select(['d.iri', 'v.graph'])
      .orderBy('d.created_at')
      .orderBy('d.id');
    if (page !== null) q = q.limit(page.size).offset((page.number - 1) * page.size);
    const rows = await q.execute();
    const quads: Quad[] = [
      quad(catalog, rdfType, dcat('Catalog')),
      quad(catalog, dct('title'), literal('National health dataset catalogue', 'en')),
      quad(
        catalog,
        dct('description'),
        literal('Datasets available for secondary use through the Health Data Access Body.', 'en'),
      ),
    ];
    for (const r of rows) {
      quads.push(quad(catalog, dcat('dataset'), namedNode(r.iri)));
      quads.push(...this.rdf.fromNTriples(r.graph));
    }
    return { quads, total: totalRow.n };
  }

  /**
   * The whole published catalogue as one DCAT-AP document, written in slices of datasets so that neither
   * memory nor the time to the first byte grows with the catalogue. `write` may return a promise to apply
   * back-pressure.
   */
  async exportCatalogue(format: RdfFormat, write: (chunk: string) => unknown): Promise<{ datasets: number }> {
    const writer = this.rdf.streamWriter(format);
    const column = `v.export_${format}` as const;
    await write(writer.header);
    await write(await writer.body((await this.catalogueQuads({ number: 1, size: 0 })).quads));
    const slice = 250;
    let datasets = 0;
    let after: { created: Date; id: string } | null = null;
    for (;;) {
      let q = this.db
        .selectFrom('catalogue_dataset as d')
        .innerJoin('catalogue_version as v', (j) =>
          j.onRef('v.dataset_id', '=', 'd.id').onRef('v.version', '=', 'd.published_version'),
        )
        .select(['d.id', 'd.iri', 'd.created_at', 'v.version', `${column} as prepared`])
        .orderBy('d.created_at')
        .orderBy('d.id')
        .limit(slice);
      if (after !== null) {
        const { created, id } = after;
        q = q.where((eb) =>
          eb.or([
            eb('d.created_at', '>', created),
            eb.and([eb('d.created_at', '=', created), eb('d.id', '>', id)]),
          ]),
        );
      }
      const rows = await q.execute();
      const pieces: string[] = [];
      for (const r of rows) {
        pieces.push(await writer.body(this.catalogueLink(r.iri)));
        if (r.prepared !== null) pieces.push(r.prepared);
        else {
          // A version published before slices were kept is serialised here.
          const { graph } = await this.db
            .selectFrom('catalogue_version')
            .select('graph')
            .where('dataset_id', '=', r.id)
            .where('version', '=', r.version)
            .executeTakeFirstOrThrow();
          pieces.push(await writer.body(this.rdf.fromNTriples(graph)));
        }
      }
      const text = pieces.filter((p) => p !== '').join(writer.separator);
      if (text !== '') await write(`${writer.separator}${text}`);
      datasets += rows.length;
      const last = rows[rows.length - 1];
      if (last === undefined || rows.length < slice) break;
      after = { created: last.created_at, id: last.id };
    }
    await write(writer.footer);
    return { datasets };
  }

  private catalogueLink(datasetIri: string): Quad[] {
    return [
      DataFactory.quad(
        DataFactory.namedNode(this.catalogueIri()),
        DataFactory.namedNode('http://www.w3.org/ns/dcat#dataset'),
        DataFactory.namedNode(datasetIri),
      ),
    ];
  }

  serialize(quads: readonly Quad[], format: RdfFormat): Promise<string> {
    return this.rdf.serialize(quads, format);
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('catalogue_dataset')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return r.n;
  }

  async idOfIri(iri: string): Promise<string | undefined> {
    return (
      await this.db.selectFrom('catalogue_dataset').select('id').where('iri', '=', iri).executeTakeFirst()
    )?.id;
  }

  private async row(id: string): Promise<DatasetRow> {
    const row = await this.db
      .selectFrom('catalogue_dataset')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined)
      throw new AppError('not_found', 'catalogue.dataset_not_found', `There is no dataset ${id}.`);
    return row;
  }

  private async organisationOf(principal: Principal): Promise<string> {
    const user = await this.identity.user(principal.userId);
    if (user.organisation === null) {
      throw new AppError(
        'forbidden',
        'catalogue.no_organisation',
        'You belong to no organisation, so you cannot describe datasets; ask an administrator to add you to your data holder.',
      );
    }
    return user.organisation.id;
  }

  private async mayManage(principal: Principal, row: DatasetRow): Promise<boolean> {
    if (principal.roles.includes('access_officer')) return true;
    if (!principal.roles.includes('data_holder')) return false;
    const user = await this.identity.user(principal.userId);
    return user.organisation !== null && user.organisation.id === row.holder_organisation_id;
  }

  /** Only the holder's own people may change a description. */
  private async editable(principal: Principal, id: string): Promise<DatasetRow> {
    const row = await this.row(id);
    const user = await this.identity.user(principal.userId);
    if (
      !principal.roles.includes('data_holder') ||
      user.organisation === null ||
      user.organisation.id !== row.holder_organisation_id
    ) {
      throw new AppError(
        'forbidden',
        'catalogue.not_your_dataset',
        'Only the data holder that describes this dataset may change it.',
      );
    }
    return row;
  }

  private async summaryOf(row: DatasetRow, record: DatasetRecord): Promise<DatasetSummary> {
    const holder =
      row.holder_organisation_id === null
        ? null
        : ((await this.identity.organisations()).find((o) => o.id === row.holder_organisation_id) ?? null);
    return summarise(
      row,
      record,
      holder === null ? null : { id: holder.id, name: holder.name },
      this.labelOf,
    );
  }

  private async index(
    trx: Kysely<CatalogueTables>,
    row: DatasetRow,
    record: DatasetRecord,
    holders: readonly { id: string; name: string }[],
  ): Promise<void> {
    const holder = holders.find((o) => o.id === row.holder_organisation_id);
    const summary = summarise(
      row,
      record,
      holder === undefined ? null : { id: holder.id, name: holder.name },
      this.labelOf,
    );
    const text = [
      ...Object.values(record.title),
      ...Object.values(record.description),
      ...record.keywords.flatMap((k) => Object.values(k)),
      ...record.variableTables.flatMap((t) => [
        t.name,
        ...t.variables.flatMap((v) => [v.name, ...Object.values(v.title ?? {})]),
      ]),
      ...record.healthCategories.map((c) => c.label ?? this.labelOf(c.iri) ?? ''),
      ...record.healthThemes.map((c) => c.label ?? this.labelOf(c.iri) ?? ''),
      holder?.name ?? '',
    ].join(' ');
    const values = {
      search_text: text,
      title: firstText(record.title),
      modified: row.updated_at,
      holder_organisation_id: row.holder_organisation_id,
      access_rights: record.accessRights,
      health_categories: JSON.stringify(record.healthCategories.map((c) => c.iri)),
      health_themes: JSON.stringify(record.healthThemes.map((c) => c.iri)),
      coding_systems: JSON.stringify(record.codingSystems.map((c) => c.iri)),
      quality_label: record.qualityLabel ?? null,
      min_age: record.minTypicalAge ?? null,
      max_age: record.maxTypicalAge ?? null,
      temporal_start: record.temporal?.start ?? null,
      temporal_end: record.temporal?.end ?? null,
      summary: JSON.stringify(summary),
    };
    await trx
      .insertInto('catalogue_search')
      .values({ dataset_id: row.id, ...values })
      .onConflict((oc) => oc.column('dataset_id').doUpdateSet(values))
      .execute();
    await bumpSearchGeneration(trx);
  }
}

export const firstText = (t: LangText): string => t.en ?? Object.values(t)[0] ?? '';

function summarise(
  row: DatasetRow,
  record: DatasetRecord,
  holder: { id: string; name: string } | null,
  labelOf: (iri: string) => string | undefined,
): DatasetSummary {
  const confirmed = row.confirmed_at ?? row.created_at;
  const due = addMonths(confirmed, recheckMonths);
  const withLabel = (c: Concept): { iri: string; label?: string } => {
    const label = c.label ?? labelOf(c.iri);
    return label === undefined ? { iri: c.iri } : { iri: c.iri, label };
  };
  return {
    id: row.id,
    iri: row.iri,
    title: record.title,
    description: record.description,
    holder,
    accessRights: record.accessRights,
    status: row.status,
    version: row.published_version ?? 0,
    modified: row.updated_at.toISOString(),
    healthCategories: record.healthCategories.map(withLabel),
    healthThemes: record.healthThemes.map(withLabel),
    numberOfRecords: record.numberOfRecords ?? null,
    minTypicalAge: record.minTypicalAge ?? null,
    maxTypicalAge: record.maxTypicalAge ?? null,
    temporal:
      record.temporal === undefined
        ? null
        : { start: record.temporal.start ?? null, end: record.temporal.end ?? null },
    qualityLabel: record.qualityLabel ?? null,
    recheckDue: row.published_version === null ? null : due.toISOString(),
    recheckOverdue: row.published_version !== null && due.getTime() < Date.now(),
  };
}

/** The same graph with every blank node label prefixed, to keep labels apart when graphs are written together. */
function labelBlankNodes(quads: readonly Quad[], prefix: string): Quad[] {
  const relabel = <T extends Quad['subject'] | Quad['object']>(term: T): T =>
    (term.termType === 'BlankNode' ? DataFactory.blankNode(`${prefix}${term.value}`) : term) as T;
  return quads.map((q) =>
    q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode'
      ? DataFactory.quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph)
      : q,
  );
}
