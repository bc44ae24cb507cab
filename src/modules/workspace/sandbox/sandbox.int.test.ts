import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../platform/errors/index.js';
import {
  nobody,
  runJob,
  sandboxAvailable,
  type JobLanguage,
  type JobResult,
  type SandboxLimits,
} from './index.js';
import { deniedSystemCalls } from './seccomp.js';
import { folderUsage } from './usage.js';

// These tests start real sandboxes. Only a machine without bubblewrap skips them; Python and R missing
// fail them (scripts/ensure-test-deps.sh installs all three).
const bwrapMissing = existsSync('/usr/bin/bwrap')
  ? null
  : 'skipped: /usr/bin/bwrap is missing (apt-get install bubblewrap)';
const MiB = 2 ** 20;
const isRoot = process.getuid?.() === 0;

const persons = [
  'person_id,age,sex,diabetes',
  ...Array.from(
    { length: 60 },
    (_, i) => `${i + 1},${20 + ((i * 7) % 70)},${i % 2 ? 'F' : 'M'},${i % 3 === 0 ? 1 : 0}`,
  ),
].join('\n');

describe.skipIf(bwrapMissing !== null)('the job sandbox', () => {
  let root: string;
  let lakeFile: string;
  let otherWorkspaceFile: string;
  let extractDir: string;
  let outputDir: string;
  let jobs = 0;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'salus-sandbox-'));
    // The sandbox's account must pass through (not list) the folders above a workspace.
    chmodSync(root, 0o711);
    lakeFile = path.join(root, 'lake', 'person.parquet');
    mkdirSync(path.dirname(lakeFile), { recursive: true });
    writeFileSync(lakeFile, 'LAKE-SECRET');
    otherWorkspaceFile = path.join(root, 'workspaces', 'other', 'extract', 'person.csv');
    mkdirSync(path.dirname(otherWorkspaceFile), { recursive: true });
    writeFileSync(otherWorkspaceFile, 'OTHER-WORKSPACE-SECRET');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // Each test gets its own workspace: a fresh extract and an empty output folder.
  beforeEach(() => {
    const workspace = path.join(root, 'workspaces', `w${++jobs}`);
    extractDir = path.join(workspace, 'extract');
    outputDir = path.join(workspace, 'output');
    mkdirSync(extractDir, { recursive: true });
    writeFileSync(path.join(extractDir, 'person.csv'), persons);
  });

  const run = (
    language: JobLanguage,
    script: string,
    limits: Partial<SandboxLimits> = {},
    extra: { signal?: AbortSignal; watchIntervalMs?: number } = {},
  ): Promise<JobResult> =>
    runJob({
      language,
      script,
      extractDir,
      outputDir,
      logFile: path.join(outputDir, '..', 'logs', `job-${jobs}.log`),
      limits: { wallSeconds: 60, ...limits },
      ...extra,
    });
  /** The script prints one JSON document as its last line: what it tried and what happened. */
  const report = (result: JobResult): Record<string, string> => {
    const lines = result.log.tail.trim().split('\n');
    return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, string>;
  };

  it('says the sandbox and both languages are ready', async () => {
    const availability = await sandboxAvailable();
    expect(availability.problems).toEqual([]);
    expect(availability.ready).toBe(true);
    expect(availability.languages.python.available).toBe(true);
    expect(availability.languages.r.available).toBe(true);
  });

  it('runs a Python job that reads the extract and writes a table and a PNG chart', async () => {
    const result = await run(
      'python',
      `
import os
import pandas as pd
import matplotlib.pyplot as plt
persons = pd.read_csv('/workspace/extract/person.csv')
table = persons.groupby('sex')['diabetes'].sum().reset_index()
table.to_csv('diabetes_by_sex.csv', index=False)
table.plot.bar(x='sex', y='diabetes')
os.makedirs('charts', exist_ok=True)
plt.savefig('charts/diabetes_by_sex.png')
print(table.to_string(index=False))
`,
    );
    expect(result.reason).toBe('Finished.');
    expect(result.status).toBe('succeeded');
    expect(result.outputs.map((o) => [o.path, o.change])).toEqual([
      ['charts/diabetes_by_sex.png', 'created'],
      ['diabetes_by_sex.csv', 'created'],
    ]);
    expect(readFileSync(path.join(outputDir, 'diabetes_by_sex.csv'), 'utf8')).toBe(
      'sex,diabetes\nF,10\nM,10\n',
    );
    expect(readFileSync(path.join(outputDir, 'charts/diabetes_by_sex.png')).subarray(1, 4).toString()).toBe(
      'PNG',
    );
    expect(readFileSync(result.log.path, 'utf8')).toContain('sex  diabetes');
  });

  it('runs an R job that reads the extract and writes a table and a PNG chart', async () => {
    const result = await run(
      'r',
      `
persons <- read.csv(file.path(Sys.getenv("SALUS_EXTRACT"), "person.csv"))
table <- aggregate(diabetes ~ sex, data = persons, FUN = sum)
write.csv(table, "diabetes_by_sex_r.csv", row.names = FALSE)
png("diabetes_by_sex_r.png", width = 640, height = 480)
barplot(table$diabetes, names.arg = table$sex, main = "Diabetes by sex")
invisible(dev.off())
print(table)
`,
    );
    expect(result.reason).toBe('Finished.');
    expect(result.outputs.map((o) => o.path)).toEqual(['diabetes_by_sex_r.csv', 'diabetes_by_sex_r.png']);
    expect(readFileSync(path.join(outputDir, 'diabetes_by_sex_r.csv'), 'utf8')).toBe(
      '"sex","diabetes"\n"F",10\n"M",10\n',
    );
    expect(readFileSync(path.join(outputDir, 'diabetes_by_sex_r.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  describe('opening a socket', () => {
    let server: Server;
    let port = 0;
    let connections = 0;
    beforeAll(async () => {
      server = createServer((socket) => {
        connections++;
        socket.end('HOST-SERVICE\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fails from Python: the host loopback, an outside address and DNS are all out of reach', async () => {
      const result = await run(
        'python',
        `
import json, socket
def attempt(f):
    try:
        return 'CONNECTED: ' + repr(f())
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
print(json.dumps({
  'loopback': attempt(lambda: socket.create_connection(('127.0.0.1', ${port}), timeout=3).recv(100)),
  'outside': attempt(lambda: socket.create_connection(('1.1.1.1', 443), timeout=3)),
  'dns': attempt(lambda: socket.getaddrinfo('example.org', 443)),
}))
`,
      );
      expect(result.status).toBe('succeeded');
      const tried = report(result);
      expect(tried.loopback).toMatch(/^ConnectionRefusedError/);
      expect(tried.outside).toMatch(/^OSError: \[Errno 101\] Network is unreachable/);
      expect(tried.dns).toMatch(/^gaierror/);
      expect(connections).toBe(0);
    });

    it('fails from R', async () => {
      const result = await run(
        'r',
        `
attempt <- function(f) tryCatch({ f(); "CONNECTED" }, error = function(e) paste("error:", conditionMessage(e)), warning = function(w) paste("warning:", conditionMessage(w)))
cat(sprintf('{"loopback": "%s", "outside": "%s"}\\n',
  attempt(function() socketConnection("127.0.0.1", ${port}, blocking = TRUE, open = "r+", timeout = 3)),
  attempt(function() socketConnection("1.1.1.1", 443, blocking = TRUE, open = "r+", timeout = 3))))
`,
      );
      const tried = report(result);
      expect(tried.loopback).toMatch(/cannot be opened/);
      expect(tried.outside).toMatch(/cannot be opened/);
      expect(connections).toBe(0);
    });
  });

  it('shows nothing of the host: not the lake, another workspace, /etc/shadow, /root or the node’s environment', async () => {
    process.env.SALUS_TEST_SECRET = 'NODE-ENV-SECRET';
    const result = await run(
      'python',
      `
import glob, json, os
def read(p):
    try:
        with open(p) as f: return 'READ: ' + f.read(100)
    except Exception as e:
        return type(e).__name__
environ = ''
for p in glob.glob('/proc/*/environ'):
    try: environ += open(p).read()
    except Exception: pass
print(json.dumps({
  'lake': read(${JSON.stringify(lakeFile)}),
  'lake_via_proc': read('/proc/1/root' + ${JSON.stringify(lakeFile)}),
  'other_workspace': read(${JSON.stringify(otherWorkspaceFile)}),
  'shadow': read('/etc/shadow'),
  'root_home': str(os.path.exists('/root')),
  'repository': str(os.path.exists(${JSON.stringify(process.cwd())})),
  'top': ' '.join(sorted(os.listdir('/'))),
  'workspace': ' '.join(sorted(os.listdir('/workspace'))),
  'etc': ' '.join(sorted(os.listdir('/etc'))),
  'node_secret_visible': str('NODE-ENV-SECRET' in environ),
}))
`,
    );
    delete process.env.SALUS_TEST_SECRET;
    const seen = report(result);
    expect(seen.lake).toBe('FileNotFoundError');
    expect(seen.lake_via_proc).toBe('FileNotFoundError');
    expect(seen.other_workspace).toBe('FileNotFoundError');
    expect(seen.shadow).toBe('FileNotFoundError');
    expect(seen.root_home).toBe('False');
    expect(seen.repository).toBe('False');
    expect(seen.top).toBe('bin dev etc lib lib64 proc sbin tmp usr var workspace');
    expect(seen.workspace).toBe('extract job output');
    expect(seen.etc).toBe('R alternatives fonts group hosts ld.so.cache matplotlibrc passwd');
    expect(seen.node_secret_visible).toBe('False');
  });

  it('shows nothing of the host to R either', async () => {
    const result = await run(
      'r',
      `cat(sprintf('{"lake": "%s", "other": "%s", "shadow": "%s"}\\n', file.exists(${JSON.stringify(lakeFile)}), file.exists(${JSON.stringify(otherWorkspaceFile)}), file.exists("/etc/shadow")))`,
    );
    expect(report(result)).toEqual({ lake: 'FALSE', other: 'FALSE', shadow: 'FALSE' });
  });

  it('refuses writes anywhere but the output folder and /tmp, host sysctls included', async () => {
    const result = await run(
      'python',
      `
import json
def write(p):
    try:
        with open(p, 'w') as f: f.write('x')
        return 'WROTE'
    except Exception as e:
        return type(e).__name__ + ': ' + (e.strerror or '')
print(json.dumps({p: write(p) for p in [
  '/workspace/extract/person.csv', '/workspace/extract/new.csv', '/workspace/job/script.py', '/usr/x',
  '/etc/passwd', '/x', '/workspace/x', '/dev/x', '/proc/sys/kernel/core_pattern', '/tmp/x', '/workspace/output/x']}))
`,
    );
    const writes = report(result);
    expect(writes['/workspace/output/x']).toBe('WROTE');
    expect(writes['/tmp/x']).toBe('WROTE');
    const refused = Object.entries(writes).filter(([p]) => !['/workspace/output/x', '/tmp/x'].includes(p));
    expect(refused.length).toBe(9);
    for (const [p, outcome] of refused)
      expect(`${p}: ${outcome}`).toMatch(/Read-only file system|Permission denied/);
    expect(readFileSync(path.join(extractDir, 'person.csv'), 'utf8')).toBe(persons);
    expect(readdirSync(extractDir)).toEqual(['person.csv']);
    expect(readFileSync('/proc/sys/kernel/core_pattern', 'utf8')).not.toBe('x');
  });

  it('removes symbolic links and FIFOs the job leaves in the output folder', async () => {
    const result = await run(
      'python',
      `
import os
os.symlink('/etc/shadow', 'leak.csv')
os.makedirs('sub', exist_ok=True)
os.symlink('/', 'sub/host-root')
os.mkfifo('stuck.csv')
open('real.csv', 'w').write('a,b\\n1,2\\n')
`,
    );
    expect(result.status).toBe('succeeded');
    expect(result.rejected).toEqual([
      { path: 'leak.csv', kind: 'symbolic link' },
      { path: 'stuck.csv', kind: 'fifo' },
      { path: 'sub/host-root', kind: 'symbolic link' },
    ]);
    expect(result.outputs.map((o) => o.path)).toEqual(['real.csv']);
    expect(readdirSync(outputDir).sort()).toEqual(['real.csv', 'sub']);
    expect(readdirSync(path.join(outputDir, 'sub'))).toEqual([]);
  });

  it('stops a job that fills the disk, with the quota as the reason', async () => {
    const result = await run(
      'python',
      `
import errno
chunk = b'x' * (1 << 20)
n = 0
while True:
    n += 1
    with open('fill-%d.bin' % n, 'wb') as f:
        try:
            while True: f.write(chunk)
        except OSError as e:
            if e.errno != errno.EFBIG: raise
`,
      { diskQuotaBytes: 64 * MiB, fileSizeBytes: 8 * MiB },
      { watchIntervalMs: 100 },
    );
    expect(result.status).toBe('killed_limit');
    expect(result.limit).toBe('disk_quota');
    expect(result.reason).toMatch(/^Stopped: the output folder reached \d+ MiB, over its quota of 64 MiB\.$/);
    const usage = await folderUsage(outputDir, 100_000);
    expect(usage.bytes).toBeGreaterThan(64 * MiB);
    // Between two checks of the watchdog the job can write at the disk's speed; it cannot go on.
    expect(usage.bytes).toBeLessThan(1024 * MiB);
    expect(readFileSync(result.log.path, 'utf8')).toContain('over its quota of 64 MiB');
    await expect(run('python', 'print(1)', { diskQuotaBytes: 64 * MiB })).rejects.toMatchObject({
      code: 'sandbox.disk_quota_exceeded',
    });
  });

  it('stops a file at the file size limit, in Python and in R', async () => {
    const python = await run('python', "open('big.bin', 'wb').write(b'x' * (40 << 20))", {
      fileSizeBytes: 16 * MiB,
    });
    expect([python.status, python.limit]).toEqual(['killed_limit', 'file_size']);
    expect(python.reason).toBe('Failed: a file reached the size limit of 16 MiB.');
    const r = await run('r', 'writeBin(raw(40 * 2^20), "big_r.bin")', { fileSizeBytes: 16 * MiB });
    expect([r.status, r.limit, r.signal]).toEqual(['killed_limit', 'file_size', 'SIGXFSZ']);
  });

  it('holds a fork bomb at the process limit and keeps the node responsive', async () => {
    const before = processesOf(nobody.uid);
    let worstLagMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstLagMs = Math.max(worstLagMs, now - last - 50);
      last = now;
    }, 50);
    const result = await run(
      'python',
      `
import os
while True:
    try: os.fork()
    except OSError: pass
`,
      { processes: 32, wallSeconds: 4 },
    );
    clearInterval(ticker);
    expect(result.status).toBe('timed_out');
    expect(result.reason).toBe(
      'Stopped after the time limit of 4 s; it had reached its limit of 32 processes.',
    );
    expect(result.peak.processes).toBeLessThanOrEqual(32);
    expect(worstLagMs).toBeLessThan(1000);
    if (isRoot) expect(processesOf(nobody.uid)).toBeLessThanOrEqual(before);
  });

  it('stops a memory hog in one process (address space limit)', async () => {
    const result = await run(
      'python',
      `
hog = []
while True: hog.append(b'x' * (32 << 20))
`,
      { memoryBytes: 256 * MiB },
    );
    expect([result.status, result.limit]).toEqual(['killed_memory', 'memory']);
    expect(result.reason).toBe(
      'Failed: a process reached the memory limit of 256 MiB (see the end of the log).',
    );
    expect(result.log.tail).toContain('MemoryError');
  });

  it('stops a memory hog spread over many processes (watchdog on their total)', async () => {
    const result = await run(
      'python',
      `
import os, time
for i in range(4):
    if os.fork() == 0:
        hog = b'x' * (120 << 20)
        time.sleep(60)
        os._exit(0)
time.sleep(60)
`,
      { memoryBytes: 256 * MiB, wallSeconds: 60 },
      { watchIntervalMs: 100 },
    );
    expect([result.status, result.limit]).toEqual(['killed_memory', 'memory']);
    expect(result.reason).toMatch(
      /^Stopped: its processes together used \d+ MiB, over the memory limit of 256 MiB\.$/,
    );
    expect(result.durationMs).toBeLessThan(30_000);
  });

  it('times out an infinite loop', async () => {
    const result = await run('python', 'while True: pass', { wallSeconds: 2 });
    expect([result.status, result.limit]).toEqual(['timed_out', 'wall_clock']);
    expect(result.reason).toBe('Stopped after the time limit of 2 s.');
    expect(result.durationMs).toBeGreaterThanOrEqual(2000);
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('stops a process at its CPU time limit', async () => {
    const result = await run('r', 'repeat {}', { cpuSeconds: 1, wallSeconds: 30 });
    expect([result.status, result.limit, result.signal]).toEqual(['killed_limit', 'cpu', 'SIGXCPU']);
  });

  it('caps the log and still ends the job normally', async () => {
    const result = await run('python', "for i in range(30000): print('line', i)\nprint('done')", {
      logBytes: 16 * 1024,
    });
    expect(result.status).toBe('succeeded');
    expect(result.log.truncated).toBe(true);
    expect(result.log.printedBytes).toBeGreaterThan(300_000);
    expect(result.log.tail.trim().endsWith('done')).toBe(true);
    const log = readFileSync(result.log.path, 'utf8');
    expect(log.length).toBeLessThan(16 * 1024 + 200);
    expect(log).toContain('[salus: log truncated at 16384 bytes; further output discarded]');
  });

  it.skipIf(process.arch !== 'x64')(
    'refuses the kernel interfaces a script has no use for (seccomp)',
    async () => {
      const calls = {
        io_uring_setup: 425,
        bpf: 321,
        userfaultfd: 323,
        keyctl: 250,
        unshare: 272,
        ptrace: 101,
      };
      expect(deniedSystemCalls).toEqual(expect.arrayContaining(Object.keys(calls)));
      const result = await run(
        'python',
        `
import ctypes, json
libc = ctypes.CDLL(None, use_errno=True)
out = {}
for name, nr in ${JSON.stringify(calls)}.items():
    r = libc.syscall(nr, 0, 0, 0, 0, 0)
    out[name] = '%d %d' % (r, ctypes.get_errno())
print(json.dumps(out))
`,
      );
      expect(Object.values(report(result))).toEqual(Object.values(calls).map(() => '-1 1'));
    },
  );

  it('cancels a running job', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    const result = await run('python', 'import time\ntime.sleep(60)', {}, { signal: controller.signal });
    expect(result.status).toBe('cancelled');
    expect(result.durationMs).toBeLessThan(5000);
  });

  it.skipIf(!isRoot)(
    'refuses, before starting, folders the sandbox account could not reach or read',
    async () => {
      const codeOf = async (): Promise<unknown> =>
        run('python', 'print(1)').then(
          () => 'started',
          (e: unknown) => (isAppError(e) ? e.code : e),
        );
      chmodSync(extractDir, 0o700);
      expect(await codeOf()).toBe('sandbox.extract_unreadable');
      chmodSync(path.dirname(extractDir), 0o700);
      expect(await codeOf()).toBe('sandbox.folder_unreachable');
    },
  );
});

// Said once, by name, in the test report of a machine without bubblewrap.
if (bwrapMissing !== null) describe('the job sandbox', () => it.skip(bwrapMissing, () => undefined));

function processesOf(uid: number): number {
  try {
    return execFileSync('ps', ['-o', 'pid=', '-u', String(uid)], { encoding: 'utf8' })
      .trim()
      .split('\n').length;
  } catch {
    return 0; // ps exits 1 when there are none
  }
}
