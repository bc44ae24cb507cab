/**
 * The vocabularies HealthDCAT-AP (Release 8) is written in, as IRI builders, and the prefixes our
 * serialisations declare. The HealthDCAT-AP namespace is the one the official shapes use
 * (http://healthdataportal.eu/ns/health#), not a future w3id one.
 */

const ns =
  (base: string) =>
  (local: string): string =>
    base + local;

export const prefixes = {
  hydra: 'http://www.w3.org/ns/hydra/core#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  healthdcatap: 'http://healthdataportal.eu/ns/health#',
  dpv: 'https://w3id.org/dpv#',
  dpvpd: 'https://w3id.org/dpv/dpv-pd#',
  dqv: 'http://www.w3.org/ns/dqv#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  cv: 'http://data.europa.eu/m8g/',
  geodcatap: 'http://data.europa.eu/930/',
  csvw: 'http://www.w3.org/ns/csvw#',
  adms: 'http://www.w3.org/ns/adms#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  prov: 'http://www.w3.org/ns/prov#',
  oa: 'http://www.w3.org/ns/oa#',
  time: 'http://www.w3.org/2006/time#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  eli: 'http://data.europa.eu/eli/ontology#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  owl: 'http://www.w3.org/2002/07/owl#',
  sh: 'http://www.w3.org/ns/shacl#',
} as const;

export const dcat = ns(prefixes.dcat);
export const dct = ns(prefixes.dct);
export const dcatap = ns(prefixes.dcatap);
export const healthdcatap = ns(prefixes.healthdcatap);
export const dpv = ns(prefixes.dpv);
export const dqv = ns(prefixes.dqv);
export const foaf = ns(prefixes.foaf);
export const vcard = ns(prefixes.vcard);
export const cv = ns(prefixes.cv);
export const geodcatap = ns(prefixes.geodcatap);
export const csvw = ns(prefixes.csvw);
export const adms = ns(prefixes.adms);
export const skos = ns(prefixes.skos);
export const xsd = ns(prefixes.xsd);
export const oa = ns(prefixes.oa);
export const prov = ns(prefixes.prov);
export const rdf = ns(prefixes.rdf);
export const rdfs = ns(prefixes.rdfs);
export const eli = ns(prefixes.eli);
export const gsp = ns(prefixes.gsp);
export const owl = ns(prefixes.owl);
export const sh = ns(prefixes.sh);

export const rdfType = rdf('type');

/** EU and HealthData@EU authority tables, by the scheme IRI their concepts sit in. */
export const authority = {
  accessRight: 'http://publications.europa.eu/resource/authority/access-right',
  language: 'http://publications.europa.eu/resource/authority/language',
  dataTheme: 'http://publications.europa.eu/resource/authority/data-theme',
  fileType: 'http://publications.europa.eu/resource/authority/file-type',
  country: 'http://publications.europa.eu/resource/authority/country',
  frequency: 'http://publications.europa.eu/resource/authority/frequency',
  plannedAvailability: 'http://publications.europa.eu/resource/authority/planned-availability',
  distributionStatus: 'http://publications.europa.eu/resource/authority/distribution-status',
  datasetType: 'http://publications.europa.eu/resource/authority/dataset-type',
  licence: 'http://publications.europa.eu/resource/authority/licence',
  admsLicenceType: 'http://purl.org/adms/licencetype/1.0',
  healthCategories: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/healthcategories',
  healthThemes: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/health-theme',
  codingSystems: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/coding-system',
  publisherTypes: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/publisher-type',
  healthActivities: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/health-activity',
  standards: 'https://hdeu-dcat.data.health.europa.eu/resource/authority/standard',
} as const;

/** The EHDS, Regulation (EU) 2025/327, as its ELI. */
export const ehdsEli = 'http://data.europa.eu/eli/reg/2025/327/oj';

/** Where IANA media types live when written as IRIs, as the HealthDCAT-AP shapes expect them. */
export const ianaMediaTypes = 'http://www.iana.org/assignments/media-types/';
