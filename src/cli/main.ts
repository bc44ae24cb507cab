import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { loadConfig, type Config } from '../platform/config/index.js';
import { isAppError } from '../platform/errors/index.js';
import { isRole, roles, type Role } from '../platform/auth/index.js';
import { migrate, openDatabase } from '../platform/db/index.js';
import { createLogger } from '../platform/logging/index.js';
import type { AuditLog } from '../modules/audit/index.js';
import {
  type IdentityService,
  type OrganisationKind,
  demoAccounts,
  demoPassword,
} from '../modules/identity/index.js';
import { buildNode } from '../app/build-node.js';
import { migrations } from '../app/migrations.js';
import { openServices, type NodeServices } from '../app/services.js';
import { registerCatalogueCommands } from '../modules/catalogue/cli.js';
import { registerSynthCommand } from '../modules/synth/cli.js';
import { demoCitizens, registerIngestCommand } from '../modules/deliveries/index.js';
import { registerQualityCommands } from '../modules/quality/index.js';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** Opens the configured store (migrated) for a one-off command and closes it afterwards. */
async function withServices<T>(config: Config, run: (services: NodeServices) => Promise<T>): Promise<T> {
  const services = await openServices(config, {
    logger: createLogger('warn', process.stderr),
    seedDemo: false,
  });
  try {
    return await run(services);
  } finally {
    await services.close();
  }
}

async function withStore<T>(
  config: Config,
  run: (audit: AuditLog, identity: IdentityService) => Promise<T>,
): Promise<T> {
  return withServices(config, (s) => run(s.audit, s.identity));
}

const cliContext = () => ({
  actor: { id: null, label: `command line (${userInfo().username})`, roles: ['admin'] },
  requestId: null,
  clientAddress: null,
});

function parseRoles(value: string): Role[] {
  const list = value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const unknown = list.filter((r) => !isRole(r));
  if (unknown.length > 0)
    throw new Error(`unknown role(s): ${unknown.join(', ')}; roles are ${roles.join(', ')}`);
  return list.filter(isRole);
}

const program = new Command('salus')
  .description('Salus: a node of the European Health Data Space for the secondary use of health data')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('start')
  .description('start the node (with no configuration: the demo, on http://localhost:8080)')
  .action(async () => {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const node = await buildNode(config, { logger });
    await node.app.listen({ host: config.http.host, port: config.http.port });
    out();
    out(`Salus is running on ${config.http.publicUrl}  (store: ${node.db.description})`);
    out(`  API documentation: ${config.http.publicUrl}/api/docs`);
    if (config.demo) {
      out(
        `  Demo accounts (password "${demoPassword}"): ${demoAccounts.map((a) => `${a.username} [${a.roles.join(', ')}]`).join(', ')}`,
      );
      out(
        `  Demo citizens for the opt-out page ${config.http.publicUrl}/opt-out: ${demoCitizens.map((c) => c.username).join(', ')}`,
      );
    }
    out('  Stop with Ctrl+C.');
    out();
    let closing = false;
    const stop = (signal: string): void => {
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'stopping');
      node.close().then(
        () => process.exit(0),
        (e: unknown) => {
          logger.error({ err: e }, 'stopping failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });

const db = program.command('db').description('the operational store');
db.command('migrate')
  .description('apply pending migrations to the configured store')
  .action(async () => {
    const config = loadConfig();
    const store = await openDatabase(config.database);
    try {
      const report = await migrate(store, migrations);
      if (report.error !== null) throw new Error(report.error);
      out(
        report.applied.length === 0
          ? `${store.description}: up to date.`
          : `${store.description}: applied ${report.applied.join(', ')}.`,
      );
    } finally {
      await store.close();
    }
  });

const audit = program.command('audit').description('the tamper-evident audit log');
audit
  .command('verify')
  .description('recompute the whole hash chain and every checkpoint; exit 1 naming the first broken event')
  .action(async () => {
    const config = loadConfig();
    const result = await withStore(config, async (log) => {
      const r = await log.verify((n) => process.stderr.write(`\rchecked ${n} events`));
      process.stderr.write('\n');
      await log.record({
        action: 'audit.verify',
        outcome: r.ok ? 'success' : 'failure',
        ...cliContext(),
        details: { checked: r.checked, firstBroken: r.firstBroken },
      });
      return r;
    });
    if (result.ok) {
      out(
        `The audit log is intact: ${result.checked} events and ${result.checkpointsChecked} checkpoints verified.`,
      );
      return;
    }
    const b = result.firstBroken;
    out(
      `The audit log is BROKEN at event ${b?.seq ?? '?'}${b?.id === null || b?.id === undefined ? '' : ` (id ${b.id})`}: ${b?.reason ?? ''}.`,
    );
    out(`${result.checked} events before it verified.`);
    process.exitCode = 1;
  });
audit
  .command('checkpoint')
  .description('publish a Merkle checkpoint of the log as it is now and print its root')
  .action(async () => {
    const config = loadConfig();
    const checkpoint = await withStore(config, (log) => log.checkpoint());
    out(
      checkpoint === null
        ? 'The audit log is empty: nothing to checkpoint.'
        : `Checkpoint at ${checkpoint.treeSize} events: root ${checkpoint.rootHash}`,
    );
  });

const users = program.command('users').description('users, organisations and roles');
users
  .command('list')
  .description('list users with their organisation and roles')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const list = await withStore(loadConfig(), (_a, identity) => identity.users());
    if (opts.json === true) {
      out(JSON.stringify(list, null, 2));
      return;
    }
    for (const u of list)
      out(
        `${u.id}  ${u.displayName} <${u.email ?? '-'}>  ${u.organisation?.name ?? '-'}  [${u.roles.join(', ')}]`,
      );
    return undefined;
  });
users
  .command('add')
  .description('add a user who will sign in through the OpenID provider with this email')
  .requiredOption('--name <name>', 'display name')
  .requiredOption('--email <email>', 'email address at the OpenID provider')
  .option('--organisation <name>', 'organisation name')
  .addOption(new Option('--roles <roles>', `comma-separated: ${roles.join(', ')}`).default(''))
  .action(async (opts: { name: string; email: string; organisation?: string; roles: string }) => {
    const user = await withStore(loadConfig(), async (_a, identity) => {
      const org =
        opts.organisation === undefined
          ? undefined
          : (await identity.organisations()).find((o) => o.name === opts.organisation);
      if (opts.organisation !== undefined && org === undefined)
        throw new Error(`there is no organisation named "${opts.organisation}"`);
      return identity.createUser(
        { displayName: opts.name, email: opts.email, organisationId: org?.id, roles: parseRoles(opts.roles) },
        cliContext(),
      );
    });
    out(
      `Added ${user.displayName} <${user.email ?? ''}> (${user.id}) with roles [${user.roles.join(', ')}].`,
    );
  });
users
  .command('set-roles')
  .description("replace a user's roles")
  .argument('<user>', 'user id or email')
  .argument('<roles>', `comma-separated: ${roles.join(', ')} (empty string for none)`)
  .action(async (who: string, list: string) => {
    const user = await withStore(loadConfig(), async (_a, identity) => {
      const found = (await identity.users()).find((u) => u.id === who || u.email === who.toLowerCase());
      if (found === undefined) throw new Error(`there is no user ${who}`);
      return identity.setRoles(found.id, parseRoles(list), cliContext());
    });
    out(`${user.displayName} now holds [${user.roles.join(', ')}].`);
  });

const organisationKinds: OrganisationKind[] = ['hdab', 'data_holder', 'applicant'];
const organisations = program.command('organisations').description('data holders, applicants and the HDAB');
organisations
  .command('list')
  .description('list organisations with their kind and identifier')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const list = await withStore(loadConfig(), (_a, identity) => identity.organisations());
    if (opts.json === true) out(JSON.stringify(list, null, 2));
    else for (const o of list) out(`${o.id}  ${o.name}  ${o.kind}  ${o.identifier ?? '-'}`);
  });
organisations
  .command('add')
  .description('add an organisation')
  .requiredOption('--name <name>', 'the organisation’s name')
  .addOption(
    new Option('--kind <kind>', 'what it is to the node').choices(organisationKinds).makeOptionMandatory(),
  )
  .option('--identifier <id>', 'its identifier, e.g. a business register number')
  .action(async (opts: { name: string; kind: OrganisationKind; identifier?: string }) => {
    const org = await withStore(loadConfig(), (_a, identity) =>
      identity.createOrganisation(
        { name: opts.name, kind: opts.kind, identifier: opts.identifier },
        cliContext(),
      ),
    );
    out(`Added ${org.name} (${org.kind}, ${org.id}).`);
  });

registerCatalogueCommands(program, { loadConfig, withServices, cliContext });
registerSynthCommand(program);
registerIngestCommand(program, { loadConfig, withServices, cliContext });
registerQualityCommands(program, { loadConfig, withServices, cliContext });

// A reader that stops early (`salus catalogue export | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  const message = isAppError(e) || e instanceof Error ? e.message : String(e);
  process.stderr.write(`salus: ${message}\n`);
  if (isAppError(e)) for (const item of e.errors) process.stderr.write(`  ${item.path}: ${item.message}\n`);
  process.exit(1);
}
