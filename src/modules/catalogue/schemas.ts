import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { DatasetRecord } from './record.js';

/** JSON schemas of the catalogue API: the same shapes as record.ts, checked on every request. */
const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const Iri = Type.String({ format: 'uri', maxLength: 2000 });
const LangText = Type.Record(
  Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }),
  Type.String({ maxLength: 20_000 }),
  {
    description: 'text per BCP 47 language tag, e.g. {"en": "…"}',
  },
);
const Concept = Type.Object(
  { iri: Iri, label: Opt(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
const XsdDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Period = Type.Object(
  { iri: Opt(Iri), start: Opt(XsdDate), end: Opt(XsdDate) },
  { additionalProperties: false },
);
const Count = Type.Integer({ minimum: 0 });
const Age = Type.Integer({ minimum: 0, maximum: 150 });
const ContactPoint = Type.Object(
  {
    iri: Opt(Iri),
    email: Opt(Type.String({ format: 'email', maxLength: 320 })),
    url: Opt(Iri),
    telephone: Opt(Type.String({ maxLength: 50 })),
  },
  { additionalProperties: false },
);
const Agent = Type.Object(
  {
    iri: Opt(Iri),
    name: LangText,
    type: Opt(Concept),
    contactPoint: Opt(ContactPoint),
    organisationId: Opt(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
const Distribution = Type.Object(
  {
    iri: Opt(Iri),
    title: Opt(LangText),
    description: Opt(LangText),
    accessUrl: Iri,
    downloadUrl: Opt(Iri),
    format: Opt(Concept),
    mediaType: Opt(Type.String({ maxLength: 200 })),
    licence: Opt(Iri),
    rights: Opt(LangText),
    byteSize: Opt(Count),
    licenceType: Opt(Concept),
    applicableLegislation: Opt(Type.Array(Iri, { maxItems: 20 })),
    availability: Opt(Concept),
    status: Opt(Concept),
  },
  { additionalProperties: false },
);
const Variable = Type.Object(
  {
    iri: Opt(Iri),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    title: Opt(LangText),
    description: Opt(LangText),
    datatype: Opt(Type.String({ maxLength: 50 })),
    codingSystem: Opt(Concept),
  },
  { additionalProperties: false },
);
const VariableTable = Type.Object(
  {
    iri: Opt(Iri),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    title: Opt(LangText),
    description: Opt(LangText),
    variables: Type.Array(Variable, { maxItems: 2000 }),
  },
  { additionalProperties: false },
);
const list = <T extends TSchema>(t: T, maxItems = 200) => Type.Array(t, { maxItems });

export const DatasetRecordSchema = Type.Object(
  {
    iri: Opt(Iri),
    identifier: Type.String({ minLength: 1, maxLength: 500 }),
    title: LangText,
    description: LangText,
    accessRights: Type.Union([
      Type.Literal('PUBLIC'),
      Type.Literal('RESTRICTED'),
      Type.Literal('NON_PUBLIC'),
    ]),
    applicableLegislation: list(Iri, 20),
    themes: list(Concept),
    keywords: list(LangText),
    type: Opt(Concept),
    languages: list(Concept),
    accrualPeriodicity: Opt(Concept),
    issued: Opt(XsdDate),
    modified: Opt(XsdDate),
    publisher: Opt(Agent),
    creator: Opt(Agent),
    hdab: Opt(Agent),
    custodian: Opt(Agent),
    contactPoint: Opt(ContactPoint),
    landingPage: Opt(Iri),
    documentation: list(Iri),
    spatial: list(Concept),
    temporal: Opt(Period),
    provenance: Opt(LangText),
    distributions: list(Distribution),
    samples: list(Distribution),
    healthCategories: list(Concept),
    healthThemes: list(Concept),
    codingSystems: list(Concept),
    codeValues: list(Type.String({ maxLength: 200 }), 5000),
    numberOfRecords: Opt(Count),
    numberOfUniqueIndividuals: Opt(Count),
    minTypicalAge: Opt(Age),
    maxTypicalAge: Opt(Age),
    populationCoverage: Opt(LangText),
    retentionPeriod: Opt(Period),
    purposes: list(LangText),
    legalBases: list(LangText),
    personalData: list(Concept),
    hasStructuredData: Opt(Type.Boolean()),
    variableTables: list(VariableTable, 100),
    version: Opt(Type.String({ maxLength: 100 })),
    qualityLabel: Opt(Type.String({ maxLength: 50 })),
    conformsTo: Opt(list(Concept)),
    temporalResolution: Opt(Type.String({ maxLength: 50, pattern: '^-?P' })),
    referencedBy: Opt(list(Iri)),
    relations: Opt(list(Iri)),
    sources: Opt(list(Iri)),
    analytics: Opt(list(Distribution)),
    variableGroup: Opt(Type.Object({ iri: Opt(Iri), title: Opt(LangText) }, { additionalProperties: false })),
    spatialGeometry: Opt(
      list(
        Type.Object(
          {
            iri: Iri,
            bbox: Opt(Type.String({ maxLength: 20_000 })),
            centroid: Opt(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    nodeIris: Opt(Type.Record(Type.String({ maxLength: 500 }), Iri)),
  },
  { additionalProperties: false },
);
export type DatasetRecordInput = Static<typeof DatasetRecordSchema>;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const FindingSchema = Type.Object({
  severity: Type.Union([Type.Literal('violation'), Type.Literal('warning'), Type.Literal('info')]),
  field: Nullable(Type.String()),
  path: Type.String(),
  value: Nullable(Type.String()),
  message: Type.String(),
});

export const DatasetSummarySchema = Type.Object({
  id: Type.String(),
  iri: Type.String(),
  title: LangText,
  description: LangText,
  holder: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  accessRights: Type.Union([Type.Literal('PUBLIC'), Type.Literal('RESTRICTED'), Type.Literal('NON_PUBLIC')]),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('submitted'),
    Type.Literal('returned'),
    Type.Literal('published'),
  ]),
  version: Type.Integer(),
  modified: Type.String(),
  healthCategories: Type.Array(Type.Object({ iri: Type.String(), label: Opt(Type.String()) })),
  healthThemes: Type.Array(Type.Object({ iri: Type.String(), label: Opt(Type.String()) })),
  numberOfRecords: Nullable(Type.Number()),
  minTypicalAge: Nullable(Type.Number()),
  maxTypicalAge: Nullable(Type.Number()),
  temporal: Nullable(Type.Object({ start: Nullable(Type.String()), end: Nullable(Type.String()) })),
  qualityLabel: Nullable(Type.String()),
  recheckDue: Nullable(Type.String()),
  recheckOverdue: Type.Boolean(),
});

export const DatasetViewSchema = Type.Intersect([
  DatasetSummarySchema,
  Type.Object({
    // The record is checked on the way in; on the way out it is passed through as stored.
    record: Type.Unsafe<DatasetRecord>({ type: 'object', additionalProperties: true }),
    versions: Type.Array(
      Type.Object({
        version: Type.Integer(),
        publishedAt: Type.String(),
        publishedBy: Nullable(Type.String()),
      }),
    ),
    findings: Type.Array(FindingSchema),
    returnMessage: Nullable(Type.String()),
  }),
]);
