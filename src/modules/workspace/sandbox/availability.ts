import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { defaultRunAs, readHostRoot } from './host.js';
import { hostPrograms, hostRootArgs, type HostUser, type JobLanguage } from './sandbox-command.js';

/** A program or library a job needs, and the Debian package that provides it. */
export interface Requirement {
  readonly what: string;
  readonly path: string;
  readonly debianPackage: string;
}

export interface LanguageSupport {
  /** The interpreter is there: jobs in this language can run. */
  readonly available: boolean;
  readonly interpreter: string;
  /** What is missing: the interpreter itself, or libraries scripts commonly use (they would fail on import). */
  readonly missing: readonly Requirement[];
}

export interface SandboxAvailability {
  /** bubblewrap is installed and can create the sandbox's namespaces on this machine. */
  readonly ready: boolean;
  readonly languages: Readonly<Record<JobLanguage, LanguageSupport>>;
  /** One sentence per problem, with what to install or change; empty when everything is there. */
  readonly problems: readonly string[];
}

const executable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The programs the sandbox itself needs (bwrap, prlimit, nice, and setpriv when switching account). */
export function missingSandboxPrograms(runAs: HostUser | null): readonly Requirement[] {
  const needed: Requirement[] = [
    { what: 'bubblewrap', path: hostPrograms.bwrap, debianPackage: 'bubblewrap' },
    { what: 'prlimit', path: hostPrograms.prlimit, debianPackage: 'util-linux' },
    { what: 'nice', path: hostPrograms.nice, debianPackage: 'coreutils' },
  ];
  if (runAs !== null)
    needed.push({ what: 'setpriv', path: hostPrograms.setpriv, debianPackage: 'util-linux' });
  return needed.filter((r) => !executable(r.path));
}

const languageNeeds: Readonly<Record<JobLanguage, readonly [Requirement, ...Requirement[]]>> = {
  python: [
    { what: 'Python 3 (Debian’s)', path: hostPrograms.python, debianPackage: 'python3' },
    { what: 'pandas', path: '/usr/lib/python3/dist-packages/pandas', debianPackage: 'python3-pandas' },
    {
      what: 'matplotlib',
      path: '/usr/lib/python3/dist-packages/matplotlib',
      debianPackage: 'python3-matplotlib',
    },
  ],
  r: [{ what: 'R (Rscript)', path: hostPrograms.rscript, debianPackage: 'r-base-core' }],
};

/** What a language lacks; fast (file checks only), so the runner calls it before every job. */
export function languageSupport(language: JobLanguage): LanguageSupport {
  const [interpreter, ...libraries] = languageNeeds[language];
  const missing = [interpreter, ...libraries].filter((r) => !existsSync(r.path));
  return { available: !missing.includes(interpreter), interpreter: interpreter.path, missing };
}

/** Runs `true` in a sandbox with the job's namespaces: what fails here would fail every job. */
async function probe(runAs: HostUser | null): Promise<string | null> {
  const root = hostRootArgs(readHostRoot());
  const bwrap = [
    ...['--unshare-user', '--unshare-net', '--unshare-pid', '--unshare-ipc', '--unshare-uts'],
    ...['--disable-userns', '--die-with-parent', '--new-session', '--ro-bind', '/usr', '/usr', ...root],
    ...['--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--', hostPrograms.true],
  ];
  const [file, args] =
    runAs === null
      ? [hostPrograms.bwrap, bwrap]
      : [
          hostPrograms.setpriv,
          [
            `--reuid=${runAs.uid}`,
            `--regid=${runAs.gid}`,
            '--clear-groups',
            '--',
            hostPrograms.bwrap,
            ...bwrap,
          ],
        ];
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) => resolve(code === 0 ? null : stderr.trim() || `exit code ${String(code)}`));
  });
}

/**
 * Whether jobs can run here, and if not, precisely what is missing, for the product to show: bubblewrap,
 * the account switch, user namespaces, Debian's python3 (with pandas and matplotlib), Rscript.
 */
export async function sandboxAvailable(
  runAs: HostUser | null = defaultRunAs(),
): Promise<SandboxAvailability> {
  const problems: string[] = [];
  const missingPrograms = missingSandboxPrograms(runAs);
  for (const r of missingPrograms)
    problems.push(`${r.what} is not installed (${r.path}): apt-get install ${r.debianPackage}.`);
  let ready = missingPrograms.length === 0;
  if (ready) {
    const failure = await probe(runAs);
    if (failure !== null) {
      ready = false;
      problems.push(
        `bubblewrap cannot create the sandbox here (${failure}); the kernel must allow user namespaces ` +
          '(sysctl user.max_user_namespaces > 0, and kernel.unprivileged_userns_clone=1 where it exists).',
      );
    }
  }
  const languages = { python: languageSupport('python'), r: languageSupport('r') };
  for (const [language, support] of Object.entries(languages)) {
    if (support.missing.length === 0) continue;
    const packages = support.missing.map((r) => r.debianPackage).join(' ');
    problems.push(
      support.available
        ? `${language === 'r' ? 'R' : 'Python'} jobs run, but ${support.missing.map((r) => r.what).join(' and ')} ` +
            `cannot be imported: apt-get install ${packages}.`
        : `${language === 'r' ? 'R' : 'Python'} jobs cannot run: ${support.missing.map((r) => `${r.what} (${r.path})`).join(', ')} ` +
            `missing: apt-get install --no-install-recommends ${packages}.`,
    );
  }
  return { ready, languages, problems };
}
