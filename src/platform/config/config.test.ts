import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { loadConfig } from './config.js';

const problemOf = (env: Record<string, string>): AppError => {
  try {
    loadConfig(env, '/srv/salus');
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the configuration was accepted');
};

describe('configuration', () => {
  it('with nothing set is the embedded demo on http://localhost:8080', () => {
    const config = loadConfig({}, '/srv/salus');
    expect(config.http.publicUrl).toBe('http://localhost:8080');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/salus/var/pg' });
    expect(config.oidc).toEqual({ kind: 'embedded' });
    expect(config.demo).toBe(true);
    expect(config.secretsDir).toBe('/srv/salus/var/secrets');
  });

  it('is frozen, all the way down', () => {
    const config = loadConfig({}, '/srv/salus');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(() => {
      (config.http as { port: number }).port = 1;
    }).toThrow();
  });

  it('names the variable, the value and what is expected', () => {
    const e = problemOf({ SALUS_PORT: 'eighty' });
    expect(e.code).toBe('config.invalid');
    expect(e.message).toContain('SALUS_PORT="eighty" is not valid: expected an integer from 1 to 65535');
  });

  it('reports every bad value at once', () => {
    const e = problemOf({
      SALUS_PORT: '70000',
      SALUS_LOG_LEVEL: 'loud',
      SALUS_DATABASE_URL: 'mysql://x',
      SALUS_DEMO: 'perhaps',
    });
    expect(e.errors.map((x) => x.path).sort()).toEqual([
      'SALUS_DATABASE_URL',
      'SALUS_DEMO',
      'SALUS_LOG_LEVEL',
      'SALUS_PORT',
    ]);
  });

  it('refuses an unknown SALUS_ variable, so a typo does not pass silently', () => {
    expect(problemOf({ SALUS_PROT: '9000' }).message).toContain('SALUS_PROT is not a Salus setting');
  });

  it('needs issuer, client id and secret together for an external provider, and then leaves the demo off', () => {
    expect(problemOf({ SALUS_OIDC_ISSUER: 'https://id.example.eu/realms/hdab' }).message).toContain(
      'missing: SALUS_OIDC_CLIENT_ID, SALUS_OIDC_CLIENT_SECRET',
    );
    const config = loadConfig(
      {
        SALUS_OIDC_ISSUER: 'https://id.example.eu/realms/hdab/',
        SALUS_OIDC_CLIENT_ID: 'salus',
        SALUS_OIDC_CLIENT_SECRET: 's3cret',
      },
      '/srv/salus',
    );
    expect(config.oidc).toEqual({
      kind: 'external',
      issuer: 'https://id.example.eu/realms/hdab',
      clientId: 'salus',
      clientSecret: 's3cret',
    });
    expect(config.demo).toBe(false);
  });

  it('takes a real server by URL, or a throw-away embedded store', () => {
    expect(loadConfig({ SALUS_DATABASE_URL: 'postgres://salus:pw@db:5432/salus' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://salus:pw@db:5432/salus',
    });
    expect(loadConfig({ SALUS_DATABASE_URL: 'memory://' }).database).toEqual({
      kind: 'pglite',
      dataDir: null,
    });
  });

  it('reads a JSON file, with the environment winning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'salus-config-'));
    const file = path.join(dir, 'salus.json');
    writeFileSync(file, JSON.stringify({ SALUS_PORT: 9000, SALUS_LOG_LEVEL: 'debug' }));
    const config = loadConfig({ SALUS_CONFIG_FILE: file, SALUS_LOG_LEVEL: 'warn' });
    expect(config.http.port).toBe(9000);
    expect(config.logLevel).toBe('warn');
    writeFileSync(file, '{ "SALUS_PORT": ');
    expect(problemOf({ SALUS_CONFIG_FILE: file }).message).toMatch(/could not be read as JSON/);
    writeFileSync(file, JSON.stringify({ SALUS_PORT: { value: 1 }, PORT: 2 }));
    const e = problemOf({ SALUS_CONFIG_FILE: file });
    expect(e.message).toContain('"SALUS_PORT" must be a string, number or boolean');
    expect(e.message).toContain('"PORT" is not a Salus setting');
  });

  it('finds the DQD check catalogue beside the checkout, takes the national population, and names a wrong folder', () => {
    const cwd = path.resolve('.');
    const config = loadConfig({ SALUS_NATIONAL_POPULATION: '2860000' }, cwd);
    expect(config.quality.dqdDir).toBe(path.resolve(cwd, '../shared/data/dqd'));
    expect(config.quality.nationalPopulation).toBe(2_860_000);
    expect(loadConfig({}, '/srv/salus').quality).toEqual({ dqdDir: null, nationalPopulation: null });
    const e = problemOf({ SALUS_DQD_DIR: '/nowhere', SALUS_NATIONAL_POPULATION: 'many' });
    expect(e.message).toContain('SALUS_DQD_DIR="/nowhere" is not valid');
    expect(e.message).toContain('SALUS_NATIONAL_POPULATION="many" is not valid');
  });

  it('signs citizens in with the node’s own provider by default, sends no mail without a relay, and sweeps every 15 minutes', () => {
    const config = loadConfig({}, '/srv/salus');
    expect(config.citizen).toEqual({ idClaim: 'national_id', oidc: null, scope: 'openid profile' });
    expect(config.mail).toEqual({ smtpUrl: null, from: 'Salus <noreply@localhost>' });
    expect(config.access.sweepSeconds).toBe(900);
    const configured = loadConfig(
      {
        SALUS_CITIZEN_ID_CLAIM: 'personal_identity_code',
        SALUS_CITIZEN_OIDC_ISSUER: 'https://eid.example/',
        SALUS_CITIZEN_OIDC_CLIENT_ID: 'hdab',
        SALUS_CITIZEN_OIDC_CLIENT_SECRET: 's3cret',
        SALUS_SMTP_URL: 'smtp://relay.hdab.example:25',
        SALUS_ACCESS_SWEEP_SECONDS: '0',
      },
      '/srv/salus',
    );
    expect(configured.citizen.oidc).toEqual({
      kind: 'external',
      issuer: 'https://eid.example',
      clientId: 'hdab',
      clientSecret: 's3cret',
    });
    expect(configured.citizen.idClaim).toBe('personal_identity_code');
    expect(configured.mail.smtpUrl).toBe('smtp://relay.hdab.example:25');
    expect(configured.access.sweepSeconds).toBe(0);
    const e = problemOf({
      SALUS_SMTP_URL: 'http://relay.example',
      SALUS_CITIZEN_OIDC_ISSUER: 'https://eid.example',
      SALUS_ACCESS_SWEEP_SECONDS: '5',
      SALUS_CITIZEN_OIDC_SCOPE: 'profile',
    });
    expect(e.message).toContain('SALUS_SMTP_URL="http://relay.example" is not valid');
    expect(e.message).toContain('missing: SALUS_CITIZEN_OIDC_CLIENT_ID, SALUS_CITIZEN_OIDC_CLIENT_SECRET');
    expect(e.message).toContain('SALUS_ACCESS_SWEEP_SECONDS="5" is not valid');
    expect(e.message).toContain('SALUS_CITIZEN_OIDC_SCOPE="profile" is not valid');
  });
});
