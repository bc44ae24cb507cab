import { Type, type Static, type TSchema } from '@sinclair/typebox';

const text = (maxLength: number) => Type.String({ maxLength });
const opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
/** One of a fixed list of strings, as a JSON Schema enum. */
const literals = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

/** Art 53(1) (a)-(f): the only purposes data may be asked for. */
export const purposes = [
  'public_health',
  'policy_making',
  'official_statistics',
  'education',
  'scientific_research',
  'improving_care',
] as const;
export type Purpose = (typeof purposes)[number];
/** Art 53(1)(a)-(c) are open to public-sector bodies and Union institutions only. */
export const publicSectorPurposes: readonly Purpose[] = [
  'public_health',
  'policy_making',
  'official_statistics',
];

export const PurposeSchema = literals(purposes);

/**
 * The content of an access application (Art 67) or a data request (Art 69). A draft may leave any of it
 * out; submission checks that the track's mandatory fields are there.
 */
export const ApplicationFormSchema = Type.Object(
  {
    title: opt(text(300)),
    purpose: opt(PurposeSchema),
    publicSectorBody: opt(Type.Boolean()),
    intendedUse: opt(text(20_000)),
    expectedBenefit: opt(text(10_000)),
    datasets: opt(
      Type.Array(
        Type.Object(
          {
            datasetId: Type.String({ format: 'uuid' }),
            variables: opt(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 500 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    period: opt(
      Type.Object(
        { from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) },
        { additionalProperties: false },
      ),
    ),
    countries: opt(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 40 })),
    dataForm: opt(literals(['anonymised', 'pseudonymised'] as const)),
    pseudonymisationJustification: opt(text(10_000)),
    linkedData: opt(text(10_000)),
    safeguards: opt(text(10_000)),
    durationMonths: opt(Type.Integer({ minimum: 1, maximum: 120 })),
    namedPersons: opt(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            email: Type.String({ format: 'email', maxLength: 320 }),
            role: opt(text(200)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    tools: opt(text(5000)),
    computing: opt(text(5000)),
    ethics: opt(
      Type.Object({ required: Type.Boolean(), reference: opt(text(500)) }, { additionalProperties: false }),
    ),
    statistics: opt(text(10_000)),
    cohortCriteria: opt(text(10_000)),
    noProhibitedUse: opt(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ApplicationForm = Static<typeof ApplicationFormSchema>;
export const formFields = Object.keys(ApplicationFormSchema.properties) as (keyof ApplicationForm)[];

export const HolderSchema = Type.Union([
  Type.Object({ id: Type.String(), name: Type.String() }),
  Type.Null(),
]);
export const BasketItemSchema = Type.Object({
  datasetId: Type.String(),
  title: Type.String(),
  holder: HolderSchema,
  variables: Type.Array(Type.String()),
});
export type BasketItem = Static<typeof BasketItemSchema>;

export const applicationCriteria = [
  'purpose_permitted',
  'no_prohibited_use',
  'data_minimised',
  'pseudonymisation_justified',
  'safeguards_adequate',
  'named_persons_identified',
  'ethics_approval',
  'duration_justified',
] as const;
export const dataRequestCriteria = [
  'purpose_permitted',
  'no_prohibited_use',
  'data_minimised',
  'output_anonymous',
] as const;
export const criteria = [...applicationCriteria, 'output_anonymous'] as const;
export type Criterion = (typeof criteria)[number];

export const ChecklistEntrySchema = Type.Object(
  {
    criterion: literals(criteria),
    verdict: literals(['met', 'not_met', 'not_applicable'] as const),
    note: Type.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
);
export type ChecklistEntry = Static<typeof ChecklistEntrySchema>;

export const refusalGrounds = [
  'purpose_not_permitted',
  'prohibited_use',
  'not_necessary',
  'pseudonymisation_not_justified',
  'insufficient_safeguards',
  'incomplete_application',
  'data_unavailable',
  'other',
] as const;
export const RefusalGroundSchema = Type.Object(
  { code: literals(refusalGrounds), explanation: Type.String({ minLength: 1, maxLength: 5000 }) },
  { additionalProperties: false },
);

export const DecisionSchema = Type.Object({
  outcome: literals(['granted', 'refused'] as const),
  grounds: Type.Array(RefusalGroundSchema),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type Decision = Static<typeof DecisionSchema>;

export const FeeEstimateSchema = Type.Object({
  currency: Type.Literal('EUR'),
  lines: Type.Array(
    Type.Object({
      item: Type.String(),
      quantity: Type.Number(),
      unitPrice: Type.Number(),
      amount: Type.Number(),
    }),
  ),
  total: Type.Number(),
});
export type FeeEstimate = Static<typeof FeeEstimateSchema>;

/** Art 68(10): what a permit states, as data. */
export const PermitElementsSchema = Type.Object({
  datasets: Type.Array(BasketItemSchema),
  purpose: PurposeSchema,
  intendedUse: Type.String(),
  dataForm: literals(['anonymised', 'pseudonymised'] as const),
  environment: Type.String(),
  namedPersons: Type.Array(Type.Object({ name: Type.String(), email: Type.String() })),
  period: Type.Union([Type.Object({ from: Type.String(), to: Type.String() }), Type.Null()]),
  durationMonths: Type.Integer(),
  fees: FeeEstimateSchema,
  conditions: Type.Array(Type.String()),
});
export type PermitElements = Static<typeof PermitElementsSchema>;

export const RequestedFieldSchema = Type.Object(
  { field: literals(formFields), question: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type RequestedField = { field: string; question: string };

export const AppealSchema = Type.Object({
  id: Type.String(),
  filedAt: Type.String(),
  grounds: Type.String(),
  outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed'), Type.Null()]),
  outcomeNote: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Appeal = Static<typeof AppealSchema>;

export const caseStatuses = [
  'draft',
  'expired',
  'submitted',
  'pre_screening',
  'processing',
  'awaiting_information',
  'decision_issued',
  'withdrawn',
] as const;
export const CaseStatusSchema = literals(caseStatuses);
export const TrackSchema = literals(['application', 'data_request'] as const);

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ClockSchema = Type.Object({
  startedAt: Type.String(),
  months: Type.Integer(),
  extensionMonths: Type.Integer(),
  extended: Type.Boolean(),
  extensionReason: nullable(Type.String()),
  paused: Type.Boolean(),
  pausedDays: Type.Number(),
  deadline: Type.String(),
  daysLeft: Type.Integer(),
  overdue: Type.Boolean(),
  stopped: Type.Boolean(),
});

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  reference: nullable(Type.String()),
  track: TrackSchema,
  publicSector: Type.Boolean(),
  status: CaseStatusSchema,
  title: Type.String(),
  purpose: nullable(PurposeSchema),
  organisation: HolderSchema,
  applicant: Type.Object({ id: Type.String(), name: Type.String() }),
  datasets: Type.Array(Type.Object({ datasetId: Type.String(), title: Type.String() })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  submittedAt: nullable(Type.String()),
  clock: nullable(ClockSchema),
  draftExpiresAt: nullable(Type.String()),
  draftExpiryWarning: Type.Boolean(),
  decision: nullable(literals(['granted', 'refused'] as const)),
  revision: Type.Integer(),
});
export type CaseSummary = Static<typeof CaseSummarySchema>;

export const MessageSchema = Type.Object({
  id: Type.String(),
  author: Type.String(),
  side: literals(['applicant', 'hdab'] as const),
  kind: literals(['message', 'information_request', 'information_response'] as const),
  body: Type.String(),
  fields: Type.Array(Type.Object({ field: Type.String(), question: Type.String() })),
  createdAt: Type.String(),
});
export type Message = Static<typeof MessageSchema>;

export const PermitViewSchema = Type.Object({
  id: Type.String(),
  permitNumber: Type.String(),
  version: Type.Integer(),
  previousId: nullable(Type.String()),
  caseId: Type.String(),
  caseReference: Type.String(),
  change: literals(['granted', 'amended', 'renewed'] as const),
  state: literals(['active', 'superseded', 'revoked', 'expired'] as const),
  elements: PermitElementsSchema,
  validFrom: Type.String(),
  validUntil: Type.String(),
  renewed: Type.Boolean(),
  issuedAt: Type.String(),
  endedAt: nullable(Type.String()),
  endReason: nullable(Type.String()),
});
export type PermitView = Static<typeof PermitViewSchema>;

export const attachmentKinds = ['protocol', 'ethics_approval', 'other'] as const;
/** What an attachment may be: documents, checked by their first bytes too. */
export const attachmentTypes: Readonly<
  Record<string, { readonly extension: string; readonly magic: string }>
> = {
  'application/pdf': { extension: 'pdf', magic: '%PDF-' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extension: 'docx',
    magic: 'PK',
  },
  'application/vnd.oasis.opendocument.text': { extension: 'odt', magic: 'PK' },
};
export const AttachmentSchema = Type.Object({
  id: Type.String(),
  kind: literals(attachmentKinds),
  filename: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});
export type Attachment = Static<typeof AttachmentSchema>;

export const CaseViewSchema = Type.Composite([
  CaseSummarySchema,
  Type.Object({
    form: ApplicationFormSchema,
    basket: Type.Array(BasketItemSchema),
    missing: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    checklist: Type.Array(ChecklistEntrySchema),
    criteria: Type.Array(Type.String()),
    assessorId: nullable(Type.String()),
    decisionDetail: nullable(DecisionSchema),
    decidedAt: nullable(Type.String()),
    fees: FeeEstimateSchema,
    messages: Type.Array(MessageSchema),
    openQuestions: Type.Array(Type.Object({ field: Type.String(), question: Type.String() })),
    history: Type.Array(
      Type.Object({
        at: Type.String(),
        from: nullable(Type.String()),
        to: Type.String(),
        note: nullable(Type.String()),
      }),
    ),
    appeals: Type.Array(AppealSchema),
    attachments: Type.Array(AttachmentSchema),
    permits: Type.Array(PermitViewSchema),
    clonedFrom: nullable(Type.String()),
    actions: Type.Array(Type.String()),
  }),
]);
export type CaseView = Static<typeof CaseViewSchema>;

export const TaskViewSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseReference: nullable(Type.String()),
  permitId: nullable(Type.String()),
  status: literals(['open', 'in_progress', 'done'] as const),
  order: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type TaskView = Static<typeof TaskViewSchema>;

export const RegisterEntrySchema = Type.Object({
  reference: Type.String(),
  kind: TrackSchema,
  title: Type.String(),
  organisation: Type.String(),
  purpose: nullable(Type.String()),
  datasets: Type.Array(Type.String()),
  receivedAt: Type.String(),
  status: Type.String(),
  decision: nullable(Type.String()),
  decidedAt: nullable(Type.String()),
  refusalGrounds: Type.Array(Type.Object({ code: Type.String(), explanation: Type.String() })),
  permitNumber: nullable(Type.String()),
  permitState: nullable(Type.String()),
  permitValidUntil: nullable(Type.String()),
});
export type RegisterEntry = Static<typeof RegisterEntrySchema>;
