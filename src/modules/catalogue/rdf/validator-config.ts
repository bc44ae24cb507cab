import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AccessLevel } from '../record.js';

/**
 * What the official HealthData@EU validator (the ISA Testbed SHACL validator) is told to load, read from
 * its own validator/config.properties: the shape files of each validation type, and where each
 * owl:imports URI is found locally (`validator.preloadOwlImports = true` makes it load them).
 */

export interface ValidatorConfig {
  /** Per access level, the files (relative to validator/) in the order the config lists them. */
  readonly shaclFiles: Readonly<Record<AccessLevel, readonly string[]>>;
  /** owl:imports URI → file, relative to validator/ (`catalogue/shapes.ttl`). */
  readonly importMapping: ReadonlyMap<string, string>;
  readonly preloadOwlImports: boolean;
}

const validationTypeOf: Readonly<Record<AccessLevel, string>> = {
  PUBLIC: 'public',
  RESTRICTED: 'restricted',
  NON_PUBLIC: 'non-public',
};

/** Java .properties, as much as this file uses: `key = value` lines and `#` comments. */
export const parseProperties = (text: string): Map<string, string> => {
  const properties = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const separator = line.search(/[=:]/);
    if (separator < 0) continue;
    properties.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return properties;
};

export const readValidatorConfig = async (validatorDir: string): Promise<ValidatorConfig> => {
  const properties = parseProperties(await readFile(path.join(validatorDir, 'config.properties'), 'utf8'));
  const list = (key: string): string[] =>
    (properties.get(key) ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
  const shaclFiles = {
    PUBLIC: list(`validator.shaclFile.${validationTypeOf.PUBLIC}`),
    RESTRICTED: list(`validator.shaclFile.${validationTypeOf.RESTRICTED}`),
    NON_PUBLIC: list(`validator.shaclFile.${validationTypeOf.NON_PUBLIC}`),
  };
  const importMapping = new Map<string, string>();
  for (const [key, uri] of properties) {
    const index = /^validator\.owlImportMapping\.(\d+)\.uri$/.exec(key)?.[1];
    const file = index === undefined ? undefined : properties.get(`validator.owlImportMapping.${index}.file`);
    if (file) importMapping.set(uri, file);
  }
  return {
    shaclFiles,
    importMapping,
    preloadOwlImports: properties.get('validator.preloadOwlImports') === 'true',
  };
};
