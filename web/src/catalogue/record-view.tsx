import { createContext, useContext, type ReactNode } from 'react';
import { t } from '../i18n/index.js';
import { Table } from '../ui/table.js';
import {
  conceptLabel,
  formatAges,
  formatBytes,
  formatDate,
  formatNumber,
  pickText,
  type LabelIndex,
} from './labels.js';
import {
  ehdsEli,
  type Agent,
  type Concept,
  type ContactPoint,
  type DatasetRecord,
  type LangText,
} from './types.js';

// The dataset's properties in readable form, grouped as a researcher reads them. Empty properties are left
// out rather than shown as blanks; a group with nothing in it says so.

type Value = ReactNode | null;

const present = (value: Value): boolean =>
  value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

const Item = ({ term, children }: { readonly term: string; readonly children: Value }) =>
  present(children) ? (
    <div className="properties__item">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  ) : null;

/** Groups are sections of the dataset page (h2), or of the form's review step (h3). */
export const GroupHeadingLevel = createContext<2 | 3>(2);

const Group = ({
  id,
  heading,
  children,
}: {
  readonly id: string;
  readonly heading: string;
  readonly children: ReactNode;
}) => {
  const level = useContext(GroupHeadingLevel);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="record-group" aria-labelledby={id}>
      <Heading id={id}>{heading}</Heading>
      {children}
    </section>
  );
};

const Properties = ({ children }: { readonly children: ReactNode }) => (
  <dl className="properties">{children}</dl>
);

const ExternalLink = ({ href }: { readonly href: string }) =>
  /^https?:\/\//i.test(href) ? (
    <a href={href} rel="noreferrer noopener" className="break">
      {href}
    </a>
  ) : (
    <span className="break">{href}</span>
  );

const Concepts = ({
  concepts,
  labels,
}: {
  readonly concepts: readonly Concept[];
  readonly labels: LabelIndex;
}) =>
  concepts.length === 0 ? null : (
    <ul className="tags">
      {concepts.map((concept) => (
        <li className="tag tag--wrap" key={concept.iri} title={concept.iri}>
          {conceptLabel(concept, labels)}
        </li>
      ))}
    </ul>
  );

// Helpers, not components: they give null for nothing, so that an Item leaves the property out.
const concepts = (list: readonly Concept[], labels: LabelIndex): ReactNode =>
  list.length === 0 ? null : <Concepts concepts={list} labels={labels} />;

const texts = (list: readonly LangText[]): ReactNode =>
  list.some((text) => pickText(text) !== '') ? <Texts texts={list} /> : null;

const contact = (point: ContactPoint | undefined): ReactNode =>
  point === undefined ||
  [point.email, point.url, point.telephone].every((v) => v === undefined || v === '') ? null : (
    <Contact contact={point} />
  );

const Texts = ({ texts }: { readonly texts: readonly LangText[] }) => {
  const shown = texts.map(pickText).filter((text) => text !== '');
  if (shown.length === 0) return null;
  if (shown.length === 1) return <>{shown[0]}</>;
  return (
    <ul className="plain-list">
      {shown.map((text) => (
        <li key={text}>{text}</li>
      ))}
    </ul>
  );
};

const Contact = ({ contact }: { readonly contact: ContactPoint | undefined }) => {
  if (contact === undefined) return null;
  const lines = [
    contact.email === undefined ? null : (
      <a key="email" href={`mailto:${contact.email}`}>
        {contact.email}
      </a>
    ),
    contact.url === undefined ? null : <ExternalLink key="url" href={contact.url} />,
    contact.telephone === undefined ? null : (
      <a key="tel" href={`tel:${contact.telephone.replace(/\s+/g, '')}`}>
        {contact.telephone}
      </a>
    ),
  ].filter((line) => line !== null);
  if (lines.length === 0) return null;
  return (
    <ul className="plain-list">
      {lines.map((line) => (
        <li key={line.key}>{line}</li>
      ))}
    </ul>
  );
};

const AgentView = ({ agent, labels }: { readonly agent: Agent | undefined; readonly labels: LabelIndex }) => {
  if (agent === undefined) return null;
  const name = pickText(agent.name);
  return (
    <>
      <span className="block">
        <strong>{name === '' ? t('catalogue.untitled') : name}</strong>
        {agent.type !== undefined && <span className="muted"> ({conceptLabel(agent.type, labels)})</span>}
      </span>
      <Contact contact={agent.contactPoint} />
    </>
  );
};

const legislationLabel = (eli: string): string => (eli === ehdsEli ? t('catalogue.legislation.ehds') : eli);

const period = (value: { start?: string | undefined; end?: string | undefined } | undefined): string => {
  if (value === undefined) return '';
  const start = value.start === undefined ? '' : formatDate(value.start);
  const end = value.end === undefined ? '' : formatDate(value.end);
  if (start !== '' && end !== '') return t('catalogue.range.both', { from: start, to: end });
  if (start !== '') return t('catalogue.range.from', { from: start });
  if (end !== '') return t('catalogue.range.to', { to: end });
  return '';
};

const knownDatatypes = [
  'string',
  'integer',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'time',
  'anyURI',
] as const;
/** `Whole number` for xsd:integer; a datatype the UI does not name is shown as recorded. */
export const datatypeLabel = (datatype: string): string => {
  const known = knownDatatypes.find((name) => name === datatype);
  return known === undefined ? datatype : t(`catalogue.datatype.${known}`);
};

const yesNo = (value: boolean | undefined): string =>
  value === undefined ? '' : value ? t('catalogue.yes') : t('catalogue.no');

export const AboutGroup = ({
  record,
  labels,
  withDescription = true,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
  /** The dataset page shows the description as its lead paragraph already. */
  readonly withDescription?: boolean;
}) => (
  <Group id="record-about" heading={t('catalogue.group.about')}>
    <Properties>
      {withDescription && (
        <Item term={t('catalogue.field.description')}>
          {pickText(record.description) === '' ? null : (
            <span className="prose">{pickText(record.description)}</span>
          )}
        </Item>
      )}
      <Item term={t('catalogue.field.identifier')}>{record.identifier}</Item>
      <Item term={t('catalogue.field.iri')}>
        <span className="code break">{record.iri}</span>
      </Item>
      <Item term={t('catalogue.field.keywords')}>
        {record.keywords.length === 0 ? null : (
          <ul className="tags">
            {record.keywords.map(pickText).map((keyword) => (
              <li className="tag" key={keyword}>
                {keyword}
              </li>
            ))}
          </ul>
        )}
      </Item>
      <Item term={t('catalogue.field.type')}>
        {record.type === undefined ? null : conceptLabel(record.type, labels)}
      </Item>
      <Item term={t('catalogue.field.themes')}>{concepts(record.themes, labels)}</Item>
      <Item term={t('catalogue.field.languages')}>{concepts(record.languages, labels)}</Item>
      <Item term={t('catalogue.field.version')}>{record.version ?? null}</Item>
      <Item term={t('catalogue.field.issued')}>
        {record.issued === undefined ? null : formatDate(record.issued)}
      </Item>
      <Item term={t('catalogue.field.modified')}>
        {record.modified === undefined ? null : formatDate(record.modified)}
      </Item>
      <Item term={t('catalogue.field.accrualPeriodicity')}>
        {record.accrualPeriodicity === undefined ? null : conceptLabel(record.accrualPeriodicity, labels)}
      </Item>
      <Item term={t('catalogue.field.landingPage')}>
        {record.landingPage === undefined ? null : <ExternalLink href={record.landingPage} />}
      </Item>
      <Item term={t('catalogue.field.documentation')}>
        {record.documentation.length === 0 ? null : (
          <ul className="plain-list">
            {record.documentation.map((href) => (
              <li key={href}>
                <ExternalLink href={href} />
              </li>
            ))}
          </ul>
        )}
      </Item>
      <Item term={t('catalogue.field.publisher')}>
        {record.publisher === undefined ? null : <AgentView agent={record.publisher} labels={labels} />}
      </Item>
      <Item term={t('catalogue.field.creator')}>
        {record.creator === undefined ? null : <AgentView agent={record.creator} labels={labels} />}
      </Item>
    </Properties>
  </Group>
);

export const CoverageGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => {
  const items = [
    period(record.temporal),
    record.spatial.length,
    pickText(record.populationCoverage),
    formatAges(record.minTypicalAge, record.maxTypicalAge),
    record.numberOfRecords,
    record.numberOfUniqueIndividuals,
  ];
  const empty = items.every((item) => item === '' || item === 0 || item === undefined);
  return (
    <Group id="record-coverage" heading={t('catalogue.group.coverage')}>
      {empty ? (
        <p className="muted">{t('catalogue.group.empty')}</p>
      ) : (
        <Properties>
          <Item term={t('catalogue.field.temporal')}>{period(record.temporal)}</Item>
          <Item term={t('catalogue.field.spatial')}>{concepts(record.spatial, labels)}</Item>
          <Item term={t('catalogue.field.populationCoverage')}>{pickText(record.populationCoverage)}</Item>
          <Item term={t('catalogue.card.ages')}>
            {formatAges(record.minTypicalAge, record.maxTypicalAge)}
          </Item>
          <Item term={t('catalogue.field.numberOfRecords')}>
            {record.numberOfRecords === undefined ? null : formatNumber(record.numberOfRecords)}
          </Item>
          <Item term={t('catalogue.field.numberOfUniqueIndividuals')}>
            {record.numberOfUniqueIndividuals === undefined
              ? null
              : formatNumber(record.numberOfUniqueIndividuals)}
          </Item>
        </Properties>
      )}
    </Group>
  );
};

export const HealthGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => (
  <Group id="record-health" heading={t('catalogue.group.health')}>
    <Properties>
      <Item term={t('catalogue.field.healthCategories')}>{concepts(record.healthCategories, labels)}</Item>
      <Item term={t('catalogue.field.healthThemes')}>{concepts(record.healthThemes, labels)}</Item>
      <Item term={t('catalogue.field.codingSystems')}>{concepts(record.codingSystems, labels)}</Item>
      <Item term={t('catalogue.field.codeValues')}>
        {record.codeValues.length === 0 ? null : <span className="code">{record.codeValues.join(', ')}</span>}
      </Item>
      <Item term={t('catalogue.field.qualityLabel')}>{record.qualityLabel ?? null}</Item>
    </Properties>
  </Group>
);

export const LegalGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => (
  <Group id="record-legal" heading={t('catalogue.group.legal')}>
    <Properties>
      <Item term={t('catalogue.field.accessRights')}>{t(`catalogue.access.${record.accessRights}`)}</Item>
      <Item term={t('catalogue.field.applicableLegislation')}>
        {record.applicableLegislation.length === 0 ? null : (
          <ul className="plain-list">
            {record.applicableLegislation.map((eli) => (
              <li key={eli}>
                {/^https?:/.test(eli) ? <a href={eli}>{legislationLabel(eli)}</a> : legislationLabel(eli)}
              </li>
            ))}
          </ul>
        )}
      </Item>
      <Item term={t('catalogue.field.legalBases')}>{texts(record.legalBases)}</Item>
      <Item term={t('catalogue.field.purposes')}>{texts(record.purposes)}</Item>
      <Item term={t('catalogue.field.personalData')}>{concepts(record.personalData, labels)}</Item>
      <Item term={t('catalogue.field.retentionPeriod')}>{period(record.retentionPeriod)}</Item>
      <Item term={t('catalogue.field.provenance')}>{pickText(record.provenance)}</Item>
    </Properties>
  </Group>
);

export const ContactGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => (
  <Group id="record-contact" heading={t('catalogue.group.contact')}>
    <Properties>
      <Item term={t('catalogue.field.contactPoint')}>{contact(record.contactPoint)}</Item>
      <Item term={t('catalogue.field.custodian')}>
        {record.custodian === undefined ? null : <AgentView agent={record.custodian} labels={labels} />}
      </Item>
      <Item term={t('catalogue.field.hdab')}>
        {record.hdab === undefined ? null : <AgentView agent={record.hdab} labels={labels} />}
      </Item>
    </Properties>
  </Group>
);

export const DistributionsGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => {
  const rows = [
    ...record.distributions.map((d) => ({ d, sample: false })),
    ...record.samples.map((d) => ({ d, sample: true })),
  ];
  return (
    <Group id="record-distributions" heading={t('catalogue.group.distributions')}>
      {rows.length === 0 ? (
        <p className="muted">{t('catalogue.group.empty')}</p>
      ) : (
        <Table caption={t('catalogue.distributions.caption')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.distribution.title')}</th>
              <th scope="col">{t('catalogue.distribution.format')}</th>
              <th scope="col">{t('catalogue.distribution.accessUrl')}</th>
              <th scope="col">{t('catalogue.distribution.downloadUrl')}</th>
              <th scope="col">{t('catalogue.distribution.licence')}</th>
              <th scope="col">{t('catalogue.distribution.byteSize')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ d, sample }, index) => {
              const title = pickText(d.title);
              return (
                <tr key={`${d.accessUrl}-${String(index)}`}>
                  <th scope="row">
                    {title === '' ? t('catalogue.distribution.untitled', { n: index + 1 }) : title}
                    {sample && <span className="block muted">{t('catalogue.distribution.sample')}</span>}
                    {pickText(d.description) !== '' && (
                      <span className="block muted">{pickText(d.description)}</span>
                    )}
                  </th>
                  <td>{d.format === undefined ? (d.mediaType ?? '') : conceptLabel(d.format, labels)}</td>
                  <td>
                    <ExternalLink href={d.accessUrl} />
                  </td>
                  <td>{d.downloadUrl === undefined ? '' : <ExternalLink href={d.downloadUrl} />}</td>
                  <td>{d.licence === undefined ? '' : <ExternalLink href={d.licence} />}</td>
                  <td className="nowrap">{d.byteSize === undefined ? '' : formatBytes(d.byteSize)}</td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Group>
  );
};

export const VariablesGroup = ({
  record,
  labels,
}: {
  readonly record: DatasetRecord;
  readonly labels: LabelIndex;
}) => (
  <Group id="record-variables" heading={t('catalogue.group.variables')}>
    <Properties>
      <Item term={t('catalogue.field.hasStructuredData')}>{yesNo(record.hasStructuredData)}</Item>
    </Properties>
    {record.variableTables.length === 0 ? (
      <p className="muted">{t('catalogue.variables.none')}</p>
    ) : (
      record.variableTables.map((table) => (
        <div key={table.name} className="variable-table">
          {pickText(table.description) !== '' && <p>{pickText(table.description)}</p>}
          <Table
            caption={t(
              table.variables.length === 1 ? 'catalogue.variables.captionOne' : 'catalogue.variables.caption',
              {
                table: table.name,
                count: table.variables.length,
              },
            )}
          >
            <thead>
              <tr>
                <th scope="col">{t('catalogue.variable.name')}</th>
                <th scope="col">{t('catalogue.variable.title')}</th>
                <th scope="col">{t('catalogue.variable.datatype')}</th>
                <th scope="col">{t('catalogue.variable.codingSystem')}</th>
              </tr>
            </thead>
            <tbody>
              {table.variables.map((variable) => (
                <tr key={variable.name}>
                  <th scope="row" className="code">
                    {variable.name}
                  </th>
                  <td>
                    {pickText(variable.title)}
                    {pickText(variable.description) !== '' && (
                      <span className="block muted">{pickText(variable.description)}</span>
                    )}
                  </td>
                  <td>{variable.datatype === undefined ? '' : datatypeLabel(variable.datatype)}</td>
                  <td>
                    {variable.codingSystem === undefined ? '' : conceptLabel(variable.codingSystem, labels)}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ))
    )}
  </Group>
);
