import { authority } from './namespaces.js';

/**
 * Subsets of the EU authority tables that HealthDCAT-AP uses but the Release 8 validator snapshot does not
 * ship (access-right, language, data-theme, file-type, country, planned-availability; and the ADMS
 * licence types). The official validator loads the full tables; we hold the concepts a health data
 * catalogue uses, with the same IRIs and scheme, so forms can offer them and validation can check them.
 * A concept missing here is reported as not in its scheme: add it here (from the EU table) if it is real.
 */

export interface BuiltinVocabulary {
  readonly scheme: string;
  readonly title: string;
  /** Concept IRIs are `base + code`. */
  readonly base: string;
  readonly concepts: readonly (readonly [code: string, label: string])[];
}

const table = (
  scheme: string,
  title: string,
  concepts: readonly (readonly [string, string])[],
  base = `${scheme}/`,
): BuiltinVocabulary => ({ scheme, title, base, concepts });

export const builtinVocabularies = {
  accessRights: table(authority.accessRight, 'Access right', [
    ['PUBLIC', 'public'],
    ['RESTRICTED', 'restricted'],
    ['NON_PUBLIC', 'non-public'],
  ]),
  languages: table(authority.language, 'Languages', [
    ['BUL', 'Bulgarian'],
    ['CES', 'Czech'],
    ['DAN', 'Danish'],
    ['DEU', 'German'],
    ['ELL', 'Greek'],
    ['ENG', 'English'],
    ['EST', 'Estonian'],
    ['FIN', 'Finnish'],
    ['FRA', 'French'],
    ['GLE', 'Irish'],
    ['HRV', 'Croatian'],
    ['HUN', 'Hungarian'],
    ['ITA', 'Italian'],
    ['LAV', 'Latvian'],
    ['LIT', 'Lithuanian'],
    ['MLT', 'Maltese'],
    ['NLD', 'Dutch'],
    ['POL', 'Polish'],
    ['POR', 'Portuguese'],
    ['RON', 'Romanian'],
    ['SLK', 'Slovak'],
    ['SLV', 'Slovenian'],
    ['SPA', 'Spanish'],
    ['SWE', 'Swedish'],
  ]),
  dataThemes: table(authority.dataTheme, 'Data theme', [
    ['AGRI', 'Agriculture, fisheries, forestry and food'],
    ['ECON', 'Economy and finance'],
    ['EDUC', 'Education, culture and sport'],
    ['ENER', 'Energy'],
    ['ENVI', 'Environment'],
    ['GOVE', 'Government and public sector'],
    ['HEAL', 'Health'],
    ['INTR', 'International issues'],
    ['JUST', 'Justice, legal system and public safety'],
    ['REGI', 'Regions and cities'],
    ['SOCI', 'Population and society'],
    ['TECH', 'Science and technology'],
    ['TRAN', 'Transport'],
  ]),
  fileTypes: table(authority.fileType, 'File type', [
    ['CSV', 'CSV'],
    ['TSV', 'TSV'],
    ['JSON', 'JSON'],
    ['JSON_LD', 'JSON-LD'],
    ['XML', 'XML'],
    ['RDF_XML', 'RDF/XML'],
    ['RDF_TURTLE', 'RDF Turtle'],
    ['PARQUET', 'Parquet'],
    ['SQL', 'SQL'],
    ['XLSX', 'Excel XLSX'],
    ['PDF', 'PDF'],
    ['HTML', 'HTML'],
    ['ZIP', 'ZIP'],
    ['GZIP', 'GZIP'],
    ['TAR', 'TAR'],
  ]),
  countries: table(authority.country, 'Countries and territories', [
    ['AUT', 'Austria'],
    ['BEL', 'Belgium'],
    ['BGR', 'Bulgaria'],
    ['CYP', 'Cyprus'],
    ['CZE', 'Czechia'],
    ['DEU', 'Germany'],
    ['DNK', 'Denmark'],
    ['ESP', 'Spain'],
    ['EST', 'Estonia'],
    ['FIN', 'Finland'],
    ['FRA', 'France'],
    ['GRC', 'Greece'],
    ['HRV', 'Croatia'],
    ['HUN', 'Hungary'],
    ['IRL', 'Ireland'],
    ['ISL', 'Iceland'],
    ['ITA', 'Italy'],
    ['LIE', 'Liechtenstein'],
    ['LTU', 'Lithuania'],
    ['LUX', 'Luxembourg'],
    ['LVA', 'Latvia'],
    ['MLT', 'Malta'],
    ['NLD', 'Netherlands'],
    ['NOR', 'Norway'],
    ['POL', 'Poland'],
    ['PRT', 'Portugal'],
    ['ROU', 'Romania'],
    ['SVK', 'Slovakia'],
    ['SVN', 'Slovenia'],
    ['SWE', 'Sweden'],
  ]),
  plannedAvailability: table(authority.plannedAvailability, 'Planned availability', [
    ['AVAILABLE', 'available'],
    ['EXPERIMENTAL', 'experimental'],
    ['STABLE', 'stable'],
    ['TEMPORARY', 'temporary'],
  ]),
  licenceTypes: table(
    authority.admsLicenceType,
    'ADMS licence type',
    [
      ['Attribution', 'Attribution'],
      ['GrantBack', 'Grant back'],
      ['JurisdictionWithinTheEU', 'Jurisdiction within the EU'],
      ['KnownPatentEncumbrance', 'Known patent encumbrance'],
      ['NoDerivativeWork', 'No derivative work'],
      ['NominalCost', 'Nominal cost'],
      ['NonCommercialUseOnly', 'Non-commercial use only'],
      ['OtherRestrictiveClauses', 'Other restrictive clauses'],
      ['PublicDomain', 'Public domain'],
      ['ReservedNames-Endorsement-OfficialStatus', 'Reserved names / endorsement / official status'],
      ['RoyaltiesRequired', 'Royalties required'],
      ['UnknownIPR', 'Unknown IPR'],
      ['ViralEffect-ShareAlike', 'Viral effect / share-alike'],
    ],
    'http://purl.org/adms/licencetype/',
  ),
} as const satisfies Readonly<Record<string, BuiltinVocabulary>>;

export type BuiltinVocabularyName = keyof typeof builtinVocabularies;
