import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, type FieldError } from '../errors/index.js';
import {
  defaultDisclosureSettings,
  disclosureSettingVariables,
  parseDisclosureSettings,
  type DisclosureSettings,
} from '../../modules/disclosure/settings.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig =
  | { readonly kind: 'pglite'; readonly dataDir: string | null /* null = in memory */ }
  | { readonly kind: 'postgres'; readonly url: string };

export type OidcConfig =
  | { readonly kind: 'embedded' }
  | {
      readonly kind: 'external';
      readonly issuer: string;
      readonly clientId: string;
      readonly clientSecret: string;
    };

export interface Config {
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly publicUrl: string;
    readonly bodyLimitBytes: number;
    readonly trustProxy: boolean;
    readonly loginRateLimitPerMinute: number;
  };
  readonly dataDir: string;
  readonly secretsDir: string;
  readonly database: DatabaseConfig;
  readonly logLevel: LogLevel;
  readonly oidc: OidcConfig;
  /** Seeds the demo organisations and accounts (one per role) and serves them from the embedded provider. */
  readonly demo: boolean;
  readonly sessionTtlMinutes: number;
  readonly auditCheckpointInterval: number;
  readonly catalogue: {
    /** The official HealthDCAT-AP Release 8 validator artefacts (shapes, vocabularies); null when not found. */
    readonly healthDcatApDir: string | null;
    readonly importLimitBytes: number;
  };
  readonly access: AccessConfig;
  readonly citizen: CitizenConfig;
  readonly mail: MailConfig;
  readonly lake: LakeConfig;
  readonly quality: QualityConfig;
  readonly workspace: WorkspaceConfig;
}

export interface WorkspaceConfig {
  /** Where each workspace keeps its extract, outputs and airlock copies. */
  readonly dir: string;
  /** Days a workspace stays read-only after its permit ends, before it is locked. */
  readonly readOnlyDays: number;
  /** Days after the permit ends before a workspace's data are deleted. */
  readonly retentionDays: number;
  /** Two output checkers, not one, must approve a release. */
  readonly twoCheckers: boolean;
  /** Per-person date shift of extracts by default, in days (0: dates kept). */
  readonly dateShiftDays: number;
  /** The airlock's automatic disclosure checks. */
  readonly disclosure: DisclosureSettings;
}

export interface QualityConfig {
  /** The OHDSI Data Quality Dashboard's control files (its inst/csv); null: no quality checks on this node. */
  readonly dqdDir: string | null;
  /** The country's population, for the coverage element of the Art 78 label; null when not set. */
  readonly nationalPopulation: number | null;
}

export interface LakeConfig {
  /** The lake's folder (Parquet files of committed deliveries, staging, DuckDB spill). */
  readonly dir: string;
  /** An OHDSI vocabulary export (CONCEPT.csv, CONCEPT_RELATIONSHIP.csv) to fill standard concept ids. */
  readonly vocabularyDir: string | null;
  /** Identifier systems that carry the national identifier, most preferred first. */
  readonly nationalIdSystems: readonly string[] | null;
  /** DuckDB's memory cap, e.g. 512MB; past it joins spill to disk. */
  readonly memoryLimit: string;
  /** Where uploaded delivery files wait until they are ingested. */
  readonly uploadDir: string;
  /** The largest single file a data holder may upload. */
  readonly uploadFileLimitBytes: number;
  /** Persons in the demo's synthetic population (0: none). */
  readonly demoPersons: number;
}

/** The cost-based fees of Art 62, in euros. */
export interface AccessTariff {
  readonly evaluation: number;
  readonly dataRequest: number;
  readonly preparationHour: number;
  readonly preparationHoursPerDataset: number;
  readonly computeMonth: number;
  readonly amendment: number;
}

export interface AccessConfig {
  /** A draft application not saved for this many days expires. */
  readonly draftExpiryDays: number;
  /** How many days before expiry the applicant is warned. */
  readonly draftWarningDays: number;
  /** The officer who decides must not be the one who assessed. */
  readonly fourEyes: boolean;
  readonly tariff: AccessTariff;
  /** Art 71(4): public-interest purposes national law exempts from the opt-out. */
  readonly optOutExemptPurposes: readonly string[];
  /** Seconds between sweeps marking expired drafts and permits and sending reminders; 0: no sweep. */
  readonly sweepSeconds: number;
}

/** The citizens' own sign-in, for the Art 71 opt-out page. */
export interface CitizenConfig {
  /** The ID token claim that carries the national identifier. */
  readonly idClaim: string;
  /** The citizens' provider (a national eID bridge, say); null: the node's own provider. */
  readonly oidc: Extract<OidcConfig, { kind: 'external' }> | null;
  readonly scope: string;
}

export interface MailConfig {
  /** smtp:// or smtps:// URL of the mail relay; null: no e-mail is sent. */
  readonly smtpUrl: string | null;
  readonly from: string;
}

const defaultTariff: AccessTariff = {
  evaluation: 650,
  dataRequest: 400,
  preparationHour: 60,
  preparationHoursPerDataset: 10,
  computeMonth: 40,
  amendment: 165,
};
const optOutPurposes = [
  'public_health',
  'policy_making',
  'official_statistics',
  'education',
  'scientific_research',
  'improving_care',
];

/** Every variable Salus reads, with what it expects: the single source for errors and the README. */
export const configVariables = {
  SALUS_CONFIG_FILE: 'a JSON file whose keys are these variable names (the environment wins)',
  SALUS_HOST: 'the address to listen on (default localhost)',
  SALUS_PORT: 'an integer from 1 to 65535 (default 8080)',
  SALUS_PUBLIC_URL: 'the http(s) URL users reach the node at (default http://localhost:<port>)',
  SALUS_DATA_DIR: 'a directory for the embedded store and keys (default ./var)',
  SALUS_SECRETS_DIR: 'a directory for the node secrets (default <data dir>/secrets)',
  SALUS_DATABASE_URL:
    'postgres://user:password@host:port/database, or memory:// for a throw-away embedded store',
  SALUS_LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent (default info)',
  SALUS_OIDC_ISSUER:
    'the https URL of an OpenID provider; with SALUS_OIDC_CLIENT_ID and SALUS_OIDC_CLIENT_SECRET',
  SALUS_OIDC_CLIENT_ID: 'the client id registered at the OpenID provider',
  SALUS_OIDC_CLIENT_SECRET: 'the client secret registered at the OpenID provider',
  SALUS_DEMO: 'true or false: seed demo organisations and accounts (default true without SALUS_OIDC_ISSUER)',
  SALUS_SESSION_TTL_MINUTES: 'an integer from 5 to 10080 (default 480)',
  SALUS_BODY_LIMIT_BYTES: 'an integer from 1024 to 1073741824 (default 1048576)',
  SALUS_TRUST_PROXY: 'true or false: take the client address from X-Forwarded-For (default false)',
  SALUS_LOGIN_RATE_LIMIT: 'logins per minute per client address, an integer from 1 to 10000 (default 20)',
  SALUS_HEALTHDCAT_AP_DIR:
    'the folder of the official HealthDCAT-AP Release 8 validator artefacts (default: ../shared/data/healthdcat-ap-r8 when it exists)',
  SALUS_CATALOGUE_IMPORT_LIMIT_BYTES:
    'the largest RDF document accepted for import, an integer from 1024 to 1073741824 (default 20971520)',
  SALUS_AUDIT_CHECKPOINT_INTERVAL:
    'audit events between Merkle checkpoints, an integer from 1 to 1000000 (default 1000)',
  SALUS_ACCESS_DRAFT_EXPIRY_DAYS:
    'days after the last save a draft application expires, 1 to 3650 (default 90)',
  SALUS_ACCESS_DRAFT_WARNING_DAYS: 'days before expiry a draft is flagged, 0 to 365 (default 14)',
  SALUS_ACCESS_FOUR_EYES: 'true or false: the deciding officer may not be the assessor (default false)',
  SALUS_ACCESS_TARIFF:
    'fees in EUR as name=amount pairs separated by commas, names among evaluation, dataRequest, preparationHour, preparationHoursPerDataset, computeMonth, amendment',
  SALUS_OPT_OUT_EXEMPT_PURPOSES:
    'comma-separated purposes exempt from the opt-out, among public_health, policy_making, official_statistics, education, scientific_research, improving_care (default none)',
  SALUS_ACCESS_SWEEP_SECONDS:
    'seconds between sweeps that mark expired drafts and permits and send reminders, 0 (off) or 10 to 86400 (default 900)',
  SALUS_CITIZEN_ID_CLAIM:
    'the ID token claim that carries a citizen’s national identifier, for the opt-out page (default national_id)',
  SALUS_CITIZEN_OIDC_ISSUER:
    'the URL of the OpenID provider citizens sign in with (a national eID bridge); with SALUS_CITIZEN_OIDC_CLIENT_ID and SALUS_CITIZEN_OIDC_CLIENT_SECRET (default: the node’s own provider)',
  SALUS_CITIZEN_OIDC_CLIENT_ID: 'the client id registered at the citizens’ OpenID provider',
  SALUS_CITIZEN_OIDC_CLIENT_SECRET: 'the client secret registered at the citizens’ OpenID provider',
  SALUS_CITIZEN_OIDC_SCOPE:
    'the scopes asked of the citizens’ provider, separated by spaces (default "openid profile")',
  SALUS_SMTP_URL:
    'smtp://user:password@host:port or smtps://… of the mail relay for e-mail reminders (default none: no e-mail)',
  SALUS_SMTP_FROM:
    'the sender of e-mail reminders, e.g. "HDAB <noreply@hdab.example>" (default noreply@<public host>)',
  SALUS_LAKE_DIR: 'the folder of the OMOP lake (default: <SALUS_DATA_DIR>/lake)',
  SALUS_VOCABULARY_DIR:
    'a folder holding an OHDSI vocabulary export (CONCEPT.csv, CONCEPT_RELATIONSHIP.csv) used to fill standard concept ids (default none)',
  SALUS_NATIONAL_ID_SYSTEMS:
    'comma-separated identifier system URIs that carry the national identifier, most preferred first (default urn:salus:national-id,http://hl7.org/fhir/sid/us-ssn)',
  SALUS_LAKE_MEMORY_LIMIT: "DuckDB's memory cap for the lake, e.g. 512MB or 2GB (default 512MB)",
  SALUS_UPLOAD_FILE_LIMIT_BYTES:
    'the largest delivery file a data holder may upload, an integer from 1024 to 1099511627776 (default 21474836480)',
  SALUS_DEMO_PERSONS:
    'persons in the demo synthetic population loaded at first start, 0 to 1000000 (default 2000; 0 for none)',
  SALUS_DQD_DIR:
    "the folder of the OHDSI Data Quality Dashboard's check catalogue, OMOP_CDMv5.4_*.csv (default: ../shared/data/dqd when it exists)",
  SALUS_NATIONAL_POPULATION:
    'the country’s population, for the coverage of the quality label, an integer from 1 to 2000000000 (default none)',
  SALUS_WORKSPACE_DIR: 'the folder for secure processing workspaces (default <data dir>/workspaces)',
  SALUS_WORKSPACE_READ_ONLY_DAYS:
    'days a workspace stays read-only after its permit ends before it is locked, 0 to 3650 (default 30)',
  SALUS_WORKSPACE_RETENTION_DAYS:
    "days after a permit ends before its workspace's data are deleted, 1 to 3650 (default 183, about six months)",
  SALUS_AIRLOCK_TWO_CHECKERS: 'true when two output checkers must approve each release (default false)',
  SALUS_WORKSPACE_DATE_SHIFT_DAYS:
    'shift each person’s dates in extracts by up to this many days by default, 0 to 3650 (default 0: no shift)',
  ...disclosureSettingVariables,
} as const;

export type ConfigVariable = keyof typeof configVariables;
export type ConfigSource = Readonly<Partial<Record<string, string | undefined>>>;

const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Builds the node's configuration from `SALUS_*` variables (and the optional file they name), checks every
 * value, and returns a frozen object. No variables at all gives the embedded demo. Every problem is
 * collected, so one start-up attempt names all of them.
 */
export function loadConfig(env: ConfigSource = process.env, cwd: string = process.cwd()): Config {
  const problems: FieldError[] = [];
  const source = mergeWithFile(env, cwd, problems);
  const get = (name: ConfigVariable): string | undefined => {
    const v = source[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const bad = (name: ConfigVariable, value: string): void => {
    problems.push({
      path: name,
      message: `${name}=${JSON.stringify(value)} is not valid: expected ${configVariables[name]}`,
    });
  };
  const int = (name: ConfigVariable, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || n < min || n > max) {
      bad(name, raw);
      return fallback;
    }
    return n;
  };
  const bool = (name: ConfigVariable, fallback: boolean): boolean => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    bad(name, raw);
    return fallback;
  };
  const url = (name: ConfigVariable, raw: string, protocols: readonly string[]): string | undefined => {
    try {
      const u = new URL(raw);
      if (protocols.includes(u.protocol)) return raw;
    } catch {
      // reported below
    }
    bad(name, raw);
    return undefined;
  };

  const port = int('SALUS_PORT', 8080, 1, 65535);
  const host = get('SALUS_HOST') ?? 'localhost';
  const publicUrlRaw = get('SALUS_PUBLIC_URL');
  const publicUrl = (
    (publicUrlRaw === undefined ? undefined : url('SALUS_PUBLIC_URL', publicUrlRaw, ['http:', 'https:'])) ??
    `http://localhost:${port}`
  ).replace(/\/+$/, '');
  const dataDir = path.resolve(cwd, get('SALUS_DATA_DIR') ?? 'var');
  const secretsDir = path.resolve(cwd, get('SALUS_SECRETS_DIR') ?? path.join(dataDir, 'secrets'));

  let database: DatabaseConfig = { kind: 'pglite', dataDir: path.join(dataDir, 'pg') };
  const dbUrl = get('SALUS_DATABASE_URL');
  if (dbUrl !== undefined) {
    if (dbUrl === 'memory://') database = { kind: 'pglite', dataDir: null };
    else if (url('SALUS_DATABASE_URL', dbUrl, ['postgres:', 'postgresql:']) !== undefined)
      database = { kind: 'postgres', url: dbUrl };
  }

  const logLevelRaw = get('SALUS_LOG_LEVEL') ?? 'info';
  const logLevel = logLevels.find((l) => l === logLevelRaw) ?? (bad('SALUS_LOG_LEVEL', logLevelRaw), 'info');

  const issuer = get('SALUS_OIDC_ISSUER');
  const clientId = get('SALUS_OIDC_CLIENT_ID');
  const clientSecret = get('SALUS_OIDC_CLIENT_SECRET');
  let oidc: OidcConfig = { kind: 'embedded' };
  if (issuer !== undefined || clientId !== undefined || clientSecret !== undefined) {
    if (issuer === undefined || clientId === undefined || clientSecret === undefined) {
      const missing = (
        ['SALUS_OIDC_ISSUER', 'SALUS_OIDC_CLIENT_ID', 'SALUS_OIDC_CLIENT_SECRET'] as const
      ).filter((n) => get(n) === undefined);
      problems.push({
        path: missing.join(', '),
        message: `an external OpenID provider needs SALUS_OIDC_ISSUER, SALUS_OIDC_CLIENT_ID and SALUS_OIDC_CLIENT_SECRET together; missing: ${missing.join(', ')}`,
      });
    } else if (url('SALUS_OIDC_ISSUER', issuer, ['https:', 'http:']) !== undefined) {
      oidc = { kind: 'external', issuer: issuer.replace(/\/+$/, ''), clientId, clientSecret };
    }
  }
  const demo = bool('SALUS_DEMO', oidc.kind === 'embedded');
  const artefactsRaw = get('SALUS_HEALTHDCAT_AP_DIR');
  const defaultArtefacts = path.resolve(cwd, '../shared/data/healthdcat-ap-r8');
  let healthDcatApDir: string | null = existsSync(path.join(defaultArtefacts, 'validator'))
    ? defaultArtefacts
    : null;
  if (artefactsRaw !== undefined) {
    healthDcatApDir = path.resolve(cwd, artefactsRaw);
    if (!existsSync(path.join(healthDcatApDir, 'validator', 'shapes'))) {
      problems.push({
        path: 'SALUS_HEALTHDCAT_AP_DIR',
        message: `SALUS_HEALTHDCAT_AP_DIR=${JSON.stringify(artefactsRaw)} is not valid: expected a folder holding validator/shapes of HealthDCAT-AP Release 8`,
      });
    }
  }

  const tariff: Record<string, number> = { ...defaultTariff };
  const tariffRaw = get('SALUS_ACCESS_TARIFF');
  for (const pair of tariffRaw?.split(',') ?? []) {
    const [name = '', amount = ''] = pair.split('=').map((p) => p.trim());
    if (!(name in defaultTariff) || !/^\d+(\.\d{1,2})?$/.test(amount))
      bad('SALUS_ACCESS_TARIFF', tariffRaw ?? '');
    else tariff[name] = Number(amount);
  }
  const exemptRaw = get('SALUS_OPT_OUT_EXEMPT_PURPOSES');
  const optOutExemptPurposes = (exemptRaw?.split(',') ?? []).map((p) => p.trim()).filter((p) => p !== '');
  if (optOutExemptPurposes.some((p) => !optOutPurposes.includes(p)))
    bad('SALUS_OPT_OUT_EXEMPT_PURPOSES', exemptRaw ?? '');
  const access: AccessConfig = {
    draftExpiryDays: int('SALUS_ACCESS_DRAFT_EXPIRY_DAYS', 90, 1, 3650),
    draftWarningDays: int('SALUS_ACCESS_DRAFT_WARNING_DAYS', 14, 0, 365),
    fourEyes: bool('SALUS_ACCESS_FOUR_EYES', false),
    tariff: tariff as unknown as AccessTariff,
    optOutExemptPurposes,
    sweepSeconds: int('SALUS_ACCESS_SWEEP_SECONDS', 900, 0, 86_400),
  };
  if (access.sweepSeconds > 0 && access.sweepSeconds < 10)
    bad('SALUS_ACCESS_SWEEP_SECONDS', String(access.sweepSeconds));

  const citizenVars = [
    'SALUS_CITIZEN_OIDC_ISSUER',
    'SALUS_CITIZEN_OIDC_CLIENT_ID',
    'SALUS_CITIZEN_OIDC_CLIENT_SECRET',
  ] as const;
  const [citizenIssuer, citizenClientId, citizenClientSecret] = citizenVars.map((n) => get(n));
  let citizenOidc: CitizenConfig['oidc'] = null;
  if (citizenIssuer !== undefined || citizenClientId !== undefined || citizenClientSecret !== undefined) {
    if (citizenIssuer === undefined || citizenClientId === undefined || citizenClientSecret === undefined) {
      const missing = citizenVars.filter((n) => get(n) === undefined);
      problems.push({
        path: missing.join(', '),
        message: `the citizens' OpenID provider needs ${citizenVars.join(', ')} together; missing: ${missing.join(', ')}`,
      });
    } else if (url('SALUS_CITIZEN_OIDC_ISSUER', citizenIssuer, ['https:', 'http:']) !== undefined) {
      citizenOidc = {
        kind: 'external',
        issuer: citizenIssuer.replace(/\/+$/, ''),
        clientId: citizenClientId,
        clientSecret: citizenClientSecret,
      };
    }
  }
  const idClaim = get('SALUS_CITIZEN_ID_CLAIM') ?? 'national_id';
  if (!/^[A-Za-z0-9_.:/-]{1,200}$/.test(idClaim)) bad('SALUS_CITIZEN_ID_CLAIM', idClaim);
  const scope = get('SALUS_CITIZEN_OIDC_SCOPE') ?? 'openid profile';
  if (!scope.split(/\s+/).includes('openid')) bad('SALUS_CITIZEN_OIDC_SCOPE', scope);
  const citizen: CitizenConfig = { idClaim, oidc: citizenOidc, scope };

  const smtpRaw = get('SALUS_SMTP_URL');
  const mail: MailConfig = {
    smtpUrl: smtpRaw === undefined ? null : (url('SALUS_SMTP_URL', smtpRaw, ['smtp:', 'smtps:']) ?? null),
    from: get('SALUS_SMTP_FROM') ?? `Salus <noreply@${new URL(publicUrl).hostname}>`,
  };

  const vocabularyRaw = get('SALUS_VOCABULARY_DIR');
  const vocabularyDir = vocabularyRaw === undefined ? null : path.resolve(cwd, vocabularyRaw);
  if (vocabularyDir !== null && !existsSync(path.join(vocabularyDir, 'CONCEPT.csv')))
    problems.push({
      path: 'SALUS_VOCABULARY_DIR',
      message: `SALUS_VOCABULARY_DIR=${JSON.stringify(vocabularyRaw)} is not valid: expected a folder holding CONCEPT.csv and CONCEPT_RELATIONSHIP.csv`,
    });
  const systemsRaw = get('SALUS_NATIONAL_ID_SYSTEMS');
  const nationalIdSystems =
    systemsRaw === undefined
      ? null
      : systemsRaw
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  if (nationalIdSystems?.some((s) => !/^[a-z][a-z0-9+.-]*:\S+$/i.test(s)) === true)
    bad('SALUS_NATIONAL_ID_SYSTEMS', systemsRaw ?? '');
  const memoryRaw = get('SALUS_LAKE_MEMORY_LIMIT') ?? '512MB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryRaw))
    bad('SALUS_LAKE_MEMORY_LIMIT', memoryRaw);
  const lake: LakeConfig = {
    dir: path.resolve(cwd, get('SALUS_LAKE_DIR') ?? path.join(dataDir, 'lake')),
    vocabularyDir,
    nationalIdSystems,
    memoryLimit: memoryRaw.replace(/\s+/g, ''),
    uploadDir: path.join(dataDir, 'uploads'),
    uploadFileLimitBytes: int('SALUS_UPLOAD_FILE_LIMIT_BYTES', 20 * 2 ** 30, 1024, 2 ** 40),
    demoPersons: int('SALUS_DEMO_PERSONS', 2000, 0, 1_000_000),
  };

  const dqdRaw = get('SALUS_DQD_DIR');
  const dqdCheck = (dir: string): boolean =>
    existsSync(path.join(dir, 'OMOP_CDMv5.4_Check_Descriptions.csv'));
  const defaultDqd = path.resolve(cwd, '../shared/data/dqd');
  let dqdDir: string | null = dqdCheck(defaultDqd) ? defaultDqd : null;
  if (dqdRaw !== undefined) {
    dqdDir = path.resolve(cwd, dqdRaw);
    if (!dqdCheck(dqdDir))
      problems.push({
        path: 'SALUS_DQD_DIR',
        message: `SALUS_DQD_DIR=${JSON.stringify(dqdRaw)} is not valid: expected a folder holding the DQD's OMOP_CDMv5.4_Check_Descriptions.csv and its table, field and concept level files`,
      });
  }
  // 0 stands for "not set": the range starts at 1, so a bad value is reported and 0 never passes.
  const population = int('SALUS_NATIONAL_POPULATION', 0, 1, 2_000_000_000);
  const quality: QualityConfig = { dqdDir, nationalPopulation: population === 0 ? null : population };

  const workspaceDir = path.resolve(cwd, get('SALUS_WORKSPACE_DIR') ?? path.join(dataDir, 'workspaces'));
  let disclosure: DisclosureSettings = defaultDisclosureSettings;
  try {
    disclosure = parseDisclosureSettings(
      Object.fromEntries(Object.keys(disclosureSettingVariables).map((k) => [k, get(k as ConfigVariable)])),
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problems.push(
      ...(error.errors.length > 0 ? error.errors : [{ path: 'SALUS_DISCLOSURE', message: error.message }]),
    );
  }
  const workspace: WorkspaceConfig = {
    dir: workspaceDir,
    readOnlyDays: int('SALUS_WORKSPACE_READ_ONLY_DAYS', 30, 0, 3650),
    retentionDays: int('SALUS_WORKSPACE_RETENTION_DAYS', 183, 1, 3650),
    twoCheckers: bool('SALUS_AIRLOCK_TWO_CHECKERS', false),
    dateShiftDays: int('SALUS_WORKSPACE_DATE_SHIFT_DAYS', 0, 0, 3650),
    disclosure,
  };

  const config: Config = {
    http: {
      host,
      port,
      publicUrl,
      bodyLimitBytes: int('SALUS_BODY_LIMIT_BYTES', 1_048_576, 1024, 1_073_741_824),
      trustProxy: bool('SALUS_TRUST_PROXY', false),
      loginRateLimitPerMinute: int('SALUS_LOGIN_RATE_LIMIT', 20, 1, 10_000),
    },
    dataDir,
    secretsDir,
    database,
    logLevel,
    oidc,
    demo,
    sessionTtlMinutes: int('SALUS_SESSION_TTL_MINUTES', 480, 5, 10_080),
    auditCheckpointInterval: int('SALUS_AUDIT_CHECKPOINT_INTERVAL', 1000, 1, 1_000_000),
    catalogue: {
      healthDcatApDir,
      importLimitBytes: int('SALUS_CATALOGUE_IMPORT_LIMIT_BYTES', 20_971_520, 1024, 1_073_741_824),
    },
    access,
    citizen,
    mail,
    lake,
    quality,
    workspace,
  };

  if (problems.length > 0) {
    throw new AppError(
      'invalid',
      'config.invalid',
      `The configuration is not valid:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
      problems,
    );
  }
  return deepFreeze(config);
}

function mergeWithFile(env: ConfigSource, cwd: string, problems: FieldError[]): ConfigSource {
  const file = env.SALUS_CONFIG_FILE?.trim();
  const unknown = Object.keys(env).filter((k) => k.startsWith('SALUS_') && !(k in configVariables));
  for (const k of unknown)
    problems.push({
      path: k,
      message: `${k} is not a Salus setting (known: ${Object.keys(configVariables).join(', ')})`,
    });
  if (file === undefined || file === '') return env;
  const filePath = path.resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (e) {
    problems.push({
      path: 'SALUS_CONFIG_FILE',
      message: `SALUS_CONFIG_FILE=${JSON.stringify(file)} could not be read as JSON: ${(e as Error).message}`,
    });
    return env;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push({
      path: 'SALUS_CONFIG_FILE',
      message: `${filePath} must hold a JSON object of SALUS_* settings`,
    });
    return env;
  }
  const fromFile: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!(k in configVariables) || k === 'SALUS_CONFIG_FILE') {
      problems.push({ path: `${filePath}#${k}`, message: `${filePath}: "${k}" is not a Salus setting` });
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      fromFile[k] = String(v);
    } else {
      problems.push({
        path: `${filePath}#${k}`,
        message: `${filePath}: "${k}" must be a string, number or boolean`,
      });
    }
  }
  return { ...fromFile, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
