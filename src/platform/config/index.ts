export { loadConfig, configVariables } from './config.js';
export type {
  Config,
  ConfigSource,
  ConfigVariable,
  DatabaseConfig,
  OidcConfig,
  LogLevel,
  LakeConfig,
} from './config.js';
