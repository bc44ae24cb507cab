import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliEnvironment } from '../support/cli.js';

const cli = path.resolve('bin/salus.js');
const built = existsSync('dist/src/cli/main.js');

// Each command opens the store itself, as a person at a terminal would: slow on a busy machine.
describe.runIf(built)('the salus command', { timeout: 180_000 }, () => {
  const { env: cliEnv, salus } = useCliEnvironment('cli');

  it('explains every command with --help', () => {
    for (const command of [
      [],
      ['start'],
      ['db', 'migrate'],
      ['audit', 'verify'],
      ['audit', 'checkpoint'],
      ['users', 'add'],
      ['users', 'list'],
      ['users', 'set-roles'],
    ]) {
      const r = salus(...command, '--help');
      expect(r.status, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/^Usage: salus/);
    }
  });

  it('migrates a fresh store, then finds it up to date', () => {
    const first = salus('db', 'migrate');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied 0001_identity, 0002_audit_log, 0003_oidc_provider_store/);
    const second = salus('db', 'migrate');
    expect(second.stdout).toMatch(/up to date/);
  });

  it('adds a user, changes their roles, lists them, and audits each change', () => {
    const add = salus(
      'users',
      'add',
      '--name',
      'Ana Pereira',
      '--email',
      'Ana@HDAB.example',
      '--roles',
      'access_officer',
    );
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toContain('Added Ana Pereira <ana@hdab.example>');
    const set = salus('users', 'set-roles', 'ana@hdab.example', 'access_officer,data_steward');
    expect(set.stdout).toContain('now holds [access_officer, data_steward]');
    const list = salus('users', 'list', '--json');
    const users = JSON.parse(list.stdout) as { email: string; roles: string[] }[];
    expect(users.find((u) => u.email === 'ana@hdab.example')?.roles).toEqual([
      'access_officer',
      'data_steward',
    ]);
    const verify = salus('audit', 'verify');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/intact: \d+ events/);
  });

  it('fails with a clear message and a non-zero exit on bad input', () => {
    const role = salus('users', 'add', '--name', 'X', '--email', 'x@example.eu', '--roles', 'superuser');
    expect(role.status).toBe(1);
    expect(role.stderr).toContain('salus: unknown role(s): superuser; roles are data_user');
    const missing = salus('users', 'add', '--name', 'X');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("required option '--email <email>' not specified");
    const nobody = salus('users', 'set-roles', 'nobody@example.eu', 'admin');
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toContain('there is no user nobody@example.eu');
  });

  it('refuses to start with an invalid setting, naming it', () => {
    const r = spawnSync(process.execPath, [cli, 'start'], {
      env: { ...cliEnv(), SALUS_PORT: 'eighty' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('SALUS_PORT="eighty" is not valid: expected an integer from 1 to 65535');
  });
});
