import { describe, expect, it } from 'vitest';
import { resolveLimits } from './limits.js';
import { sandboxCommand, sandboxFds } from './sandbox-command.js';
import { deniedSystemCalls, seccompFilter } from './seccomp.js';

const MiB = 2 ** 20;
const input = {
  language: 'python',
  script: 'print(1)',
  extractDir: '/data/workspaces/w1/extract',
  outputDir: '/data/workspaces/w1/output',
  limits: resolveLimits({ memoryBytes: 512 * MiB, processes: 32, cpuSeconds: 60, fileSizeBytes: 8 * MiB }),
  runAs: { uid: 65534, gid: 65534 },
  hostRoot: {
    links: [
      ['bin', 'usr/bin'],
      ['lib', 'usr/lib'],
      ['lib64', null],
    ],
  },
  seccomp: seccompFilter('x64'),
} as const;

/** The values that follow a flag wherever it appears, e.g. every destination of --ro-bind. */
const after = (args: readonly string[], flag: string, count: number): string[][] =>
  args.flatMap((a, i) => (a === flag ? [args.slice(i + 1, i + 1 + count)] : []));

describe('the sandbox command line', () => {
  const command = sandboxCommand(input);

  it('drops to the unprivileged account before bwrap starts, and gives bwrap no environment of the node', () => {
    expect(command.file).toBe('/usr/bin/setpriv');
    expect(command.args.slice(0, 7)).toEqual([
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      '--no-new-privs',
      '--bounding-set=-all',
      '--',
      '/usr/bin/bwrap',
    ]);
    expect(command.env).toEqual({ PATH: '/usr/bin:/bin' });
    expect(sandboxCommand({ ...input, runAs: null }).file).toBe('/usr/bin/bwrap');
  });

  it('unshares the network and the other namespaces and forbids new user namespaces inside', () => {
    for (const flag of [
      '--unshare-user',
      '--unshare-net',
      '--unshare-pid',
      '--unshare-ipc',
      '--unshare-uts',
      '--disable-userns',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
    ])
      expect(command.args).toContain(flag);
    expect(command.args).not.toContain('--share-net');
  });

  it('mounts the system read-only, the extract read-only and only the output folder writable', () => {
    expect(after(command.args, '--bind', 2)).toEqual([['/data/workspaces/w1/output', '/workspace/output']]);
    expect(after(command.args, '--ro-bind', 2)).toEqual([
      ['/usr', '/usr'],
      ['/etc/ld.so.cache', '/etc/ld.so.cache'],
      ['/data/workspaces/w1/extract', '/workspace/extract'],
    ]);
    expect(after(command.args, '--symlink', 2)).toEqual([
      ['usr/bin', '/bin'],
      ['usr/lib', '/lib'],
    ]);
    expect(after(command.args, '--ro-bind-try', 1).map(([src]) => src)).toEqual([
      '/lib64',
      '/etc/alternatives',
      '/etc/fonts',
      '/etc/R',
      '/etc/matplotlibrc',
      '/var/cache/fontconfig',
    ]);
    expect(after(command.args, '--remount-ro', 1)).toEqual([['/'], ['/dev']]);
    expect(after(command.args, '--size', 2)).toEqual([
      [String(128 * MiB), '--tmpfs'],
      [String(512 * MiB), '--tmpfs'],
    ]);
  });

  it('hands the script, the account files and the seccomp filter over pipes, in fd order', () => {
    expect(after(command.args, '--ro-bind-data', 2)).toEqual([
      ['4', '/etc/passwd'],
      ['5', '/etc/group'],
      ['6', '/etc/hosts'],
      ['7', '/workspace/job/script.py'],
    ]);
    expect(after(command.args, '--seccomp', 1)).toEqual([['8']]);
    expect(after(command.args, '--json-status-fd', 1)).toEqual([[String(sandboxFds.status)]]);
    expect(command.data.map((d) => d.length)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      8,
      input.seccomp?.length,
    ]);
    expect(command.data[3]?.toString()).toBe('print(1)');
  });

  it('runs the interpreter under nice and prlimit with the job’s limits', () => {
    const tail = command.args.slice(command.args.lastIndexOf('/usr/bin/nice'));
    expect(tail).toEqual([
      '/usr/bin/nice',
      '-n',
      '10',
      '/usr/bin/prlimit',
      `--as=${512 * MiB}`,
      '--nproc=32',
      '--cpu=60:65',
      `--fsize=${8 * MiB}`,
      '--nofile=1024',
      '--core=0',
      '--',
      '/usr/bin/python3',
      '-I',
      '-u',
      '-B',
      '/workspace/job/script.py',
    ]);
    const r = sandboxCommand({ ...input, language: 'r' }).args;
    expect(r.slice(-2)).toEqual(['--vanilla', '/workspace/job/script.R']);
  });

  it('sets a small, fixed environment inside', () => {
    const env: Record<string, string> = Object.fromEntries(
      after(command.args, '--setenv', 2).map(([k = '', v = '']) => [k, v] as const),
    );
    expect(env).toMatchObject({
      HOME: '/workspace/output',
      MPLBACKEND: 'Agg',
      OPENBLAS_NUM_THREADS: '1',
      PATH: '/usr/bin:/bin',
    });
    expect(
      Object.keys(env).some((k) => k.startsWith('SALUS_') && !['SALUS_EXTRACT', 'SALUS_OUTPUT'].includes(k)),
    ).toBe(false);
  });
});

describe('the seccomp filter', () => {
  it('is a classic BPF program: arch check, x32 refusal, one comparison per denied call, allow, EPERM', () => {
    const filter = seccompFilter('x64');
    expect(filter).not.toBeNull();
    const n = deniedSystemCalls.length;
    expect(filter?.length).toBe((5 + n + 2) * 8);
    expect(filter?.readUInt32LE(12)).toBe(0xc000003e); // AUDIT_ARCH_X86_64
    expect(filter?.readUInt32LE((5 + n) * 8 + 4)).toBe(0x7fff0000); // allow
    expect(filter?.readUInt32LE((6 + n) * 8 + 4)).toBe(0x00050001); // EPERM
    expect(seccompFilter('arm64')).toBeNull();
  });
});

describe('the limits', () => {
  it('refuse values below what an interpreter needs, naming each', () => {
    expect(() => resolveLimits({ memoryBytes: 1000, processes: 1.5 })).toThrow(
      expect.objectContaining({
        code: 'sandbox.invalid_limits',
        errors: [
          { path: '/memoryBytes', message: 'must be a whole number of at least 268435456' },
          { path: '/processes', message: 'must be a whole number of at least 4' },
        ],
      }),
    );
  });
});
