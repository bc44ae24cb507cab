export { loadConfig, configVariables } from './config.js';
export type {
  Config,
  ConfigSource,
  ConfigVariable,
  DatabaseConfig,
  OidcConfig,
  LogLevel,
  LakeConfig,
  CitizenConfig,
  MailConfig,
  QualityConfig,
} from './config.js';
