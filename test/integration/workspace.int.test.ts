import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/auth/index.js';
import { startTestNode, type TestNode } from '../support/test-node.js';

type Headers = Record<string, string>;
interface Problem {
  code: string;
  detail: string;
}
interface Workspace {
  id: string;
  status: string;
  permitId: string;
  extractReport: {
    persons: { inScope: number; extracted: number; excludedByOptOut: number };
    tables: { table: string; columnsKept: string[]; rowsKept: number }[];
  } | null;
}
interface ConsoleResult {
  columns: { name: string; type: string }[];
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}
interface OutputRequest {
  id: string;
  status: string;
  version: number;
  files: {
    name: string;
    check: {
      status: string;
      cells: { row: number; column: string; status: string; reasons: { message: string }[] }[];
    };
    remedies: { action: string; changes: number }[];
  }[];
}

const analyst = { name: 'Wanda Workspace-Analyst', email: 'wanda.analyst@iphr.example' };

describe('the secure processing environment: workspace, SQL console and airlock', () => {
  let node: TestNode;
  let researcher: Headers;
  let outsider: Headers;
  let officer: Headers;
  let steward: Headers;
  let checker: Headers;
  let workspace: Workspace;
  let caseId: string;

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Headers,
    payload?: unknown,
  ) => {
    const r = await node.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    return {
      status: r.statusCode,
      body: (r.headers['content-type']?.toString().includes('json') ? r.json() : {}) as T,
      raw: r.body,
      headers: r.headers,
    };
  };
  const ok = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) => {
    const r = await call<T>(method, url, headers, payload);
    expect(r.status, r.raw).toBeLessThan(300);
    return r.body;
  };
  const auditActions = async (action: string) =>
    (await node.audit.list({ action, limit: 100 })).events.map((e) => ({
      outcome: e.outcome,
      details: e.details,
    }));

  beforeAll(async () => {
    // A small synthetic population in the lake: the hospital's, the laboratory's and the insurer's deliveries.
    node = await startTestNode({ env: { SALUS_DEMO_PERSONS: '300' } });
    const context = { actor: { id: null, label: 'test', roles: [] }, requestId: null, clientAddress: null };
    const orgs = await node.identity.organisations();
    const institute = orgs.find((o) => o.identifier === 'APP-IPHR')!;
    const hdab = orgs.find((o) => o.kind === 'hdab')!;
    const tokenFor = async (name: string, email: string, orgId: string, roles: Role[]): Promise<Headers> => {
      const user = await node.identity.createUser(
        { displayName: name, email, organisationId: orgId, roles },
        context,
      );
      const { secret } = await node.identity.createToken(
        { userId: user.id, displayName: name, roles, via: 'session', tokenId: null },
        { name: 't', roles },
        context,
      );
      return { authorization: `Bearer ${secret}` };
    };
    researcher = await tokenFor(analyst.name, analyst.email, institute.id, ['data_user']);
    outsider = await tokenFor('Otto Outsider', 'otto@iphr.example', institute.id, ['data_user']);
    officer = await tokenFor('Olga Officer', 'olga@hdab.example', hdab.id, ['access_officer']);
    steward = await tokenFor('Stig Steward', 'stig@hdab.example', hdab.id, ['data_steward']);
    checker = await tokenFor('Cleo Checker', 'cleo@hdab.example', hdab.id, ['output_checker']);

    const search = await ok<{ results: { id: string; title: unknown }[] }>(
      'GET',
      '/api/catalogue/datasets?q=Riverside&pageSize=5',
      {},
    );
    const hospital = search.results.find((r) => JSON.stringify(r.title).includes('Riverside'))!;
    const form = {
      title: 'Diabetes by age band',
      purpose: 'scientific_research',
      intendedUse: 'Counts of type 2 diabetes by age band and sex.',
      expectedBenefit: 'Planning of diabetes care.',
      datasets: [{ datasetId: hospital.id, variables: ['person', 'condition_occurrence'] }],
      period: { from: '1900-01-01', to: '2030-12-31' },
      countries: ['DE'],
      dataForm: 'pseudonymised',
      pseudonymisationJustification: 'Conditions must be linked to persons for age bands.',
      safeguards: 'Named analysts only, inside the secure processing environment.',
      durationMonths: 12,
      namedPersons: [analyst],
      ethics: { required: false },
      cohortCriteria: 'Everyone',
      noProhibitedUse: true,
    };
    const draft = await ok<{ case: { id: string } }>('POST', '/api/access/cases', researcher, {
      track: 'application',
      form,
    });
    caseId = draft.case.id;
    await ok('POST', `/api/access/cases/${caseId}/submit`, researcher);
    await ok('POST', `/api/access/cases/${caseId}/pre-screening`, officer);
    await ok('POST', `/api/access/cases/${caseId}/complete`, officer, {});
    await ok('PUT', `/api/access/cases/${caseId}/assessment`, officer, {
      checklist: [
        'purpose_permitted',
        'no_prohibited_use',
        'data_minimised',
        'pseudonymisation_justified',
        'safeguards_adequate',
        'named_persons_identified',
        'ethics_approval',
        'duration_justified',
      ].map((criterion) => ({ criterion, verdict: 'met', note: '' })),
    });
    await ok('POST', `/api/access/cases/${caseId}/grant`, officer, { conditions: [] });
  }, 120_000);
  afterAll(async () => node.stop());

  it('lets the data steward prepare the workspace: an extract with a minimisation report', async () => {
    const tasks = await ok<{ tasks: { id: string; caseId: string }[] }>(
      'GET',
      '/api/access/preparation-tasks',
      steward,
    );
    const task = tasks.tasks.find((t) => t.caseId === caseId)!;
    // The applicant cannot prepare their own workspace.
    expect((await call('POST', '/api/workspaces', researcher, { taskId: task.id })).status).toBe(403);
    workspace = await ok<Workspace>('POST', '/api/workspaces', steward, { taskId: task.id });
    expect(workspace.status).toBe('open');
    const report = workspace.extractReport!;
    expect(report.persons.extracted).toBeGreaterThan(100);
    expect(report.tables.map((t) => t.table).sort()).toEqual(['condition_occurrence', 'person']);
    expect(report.tables.find((t) => t.table === 'person')!.columnsKept).not.toContain('person_source_value');
    const again = await call<Problem>('POST', '/api/workspaces', steward, { taskId: task.id });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('workspace.exists');
  });

  it('opens only for the persons the permit names, and audits the refusal', async () => {
    expect((await ok<Workspace>('GET', `/api/workspaces/${workspace.id}`, researcher)).status).toBe('open');
    const other = await call<Problem>('GET', `/api/workspaces/${workspace.id}`, outsider);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('permit.not_named');
    const list = await ok<{ workspaces: Workspace[] }>('GET', '/api/workspaces', outsider);
    expect(list.workspaces).toEqual([]);
    const denied = (await auditActions('workspace.session')).filter((e) => e.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(1);
  });

  it('answers SQL over the extract and refuses files, network and extensions', async () => {
    const counts = await ok<ConsoleResult>('POST', `/api/workspaces/${workspace.id}/query`, researcher, {
      sql: 'SELECT gender_source_value AS sex, count(*) AS n FROM person GROUP BY 1 ORDER BY 1',
    });
    expect(counts.columns.map((c) => c.name)).toEqual(['sex', 'n']);
    const total = counts.rows.reduce((n, r) => n + Number(r[1]), 0);
    expect(total).toBe(workspace.extractReport!.persons.extracted);

    for (const [sql, code] of [
      ["SELECT * FROM read_csv('/etc/passwd')", 'console.file_access_refused'],
      [`SELECT * FROM read_parquet('${node.config.lake.dir}/**/*.parquet')`, 'console.file_access_refused'],
      ["ATTACH '/tmp/other.duckdb' AS other", 'console.not_a_query'],
      ["COPY person TO '/tmp/leak.csv'", 'console.not_a_query'],
      ['INSTALL httpfs', 'console.not_a_query'],
    ] as const) {
      const r = await call<Problem>('POST', `/api/workspaces/${workspace.id}/query`, researcher, { sql });
      expect(r.status, sql).toBeGreaterThanOrEqual(400);
      expect(r.status, sql).toBeLessThan(500);
      expect(r.body.code, sql).toMatch(/^console\./);
      expect(r.body.detail.length).toBeGreaterThan(10);
      if (code === 'console.file_access_refused') expect(r.body.code).toBe(code);
    }
    expect(existsSync('/tmp/leak.csv')).toBe(false);
    const queries = await auditActions('workspace.query');
    expect(queries.some((q) => q.outcome === 'denied')).toBe(true);
    expect(queries.some((q) => q.outcome === 'success')).toBe(true);
  });

  it('takes a table out only after the checks, a remedy and an output checker', async () => {
    // A table with one small cell, kept among the outputs.
    await ok('POST', `/api/workspaces/${workspace.id}/query`, researcher, {
      sql: `SELECT gender_source_value AS sex, count(*) AS n FROM person GROUP BY 1
            UNION ALL SELECT 'unknown', 3 ORDER BY 1`,
      saveAs: 'persons-by-sex',
    });
    const files = await ok<{ files: { name: string }[] }>(
      'GET',
      `/api/workspaces/${workspace.id}/files`,
      researcher,
    );
    expect(files.files.map((f) => f.name)).toContain('persons-by-sex.csv');

    let request = await ok<OutputRequest>(
      'POST',
      `/api/workspaces/${workspace.id}/output-requests`,
      researcher,
      {
        title: 'Persons by sex',
        files: [
          {
            name: 'persons-by-sex.csv',
            context: {
              description: 'Persons in the extract by recorded sex',
              population: 'All persons of the extract',
              table: { kind: 'frequency', countColumns: ['n'] },
            },
          },
        ],
      },
    );
    const file = request.files[0]!;
    expect(file.check.status).toBe('fail');
    const small = file.check.cells.find((c) => c.status === 'fail')!;
    expect(small.reasons[0]!.message).toMatch(/below the minimum of 10/);

    // Nothing leaves before release, and a failing request cannot be submitted.
    const early = await call<Problem>(
      'GET',
      `/api/output-requests/${request.id}/files/persons-by-sex.csv`,
      researcher,
    );
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('airlock.not_released');
    const failing = await call<Problem>('POST', `/api/output-requests/${request.id}/submit`, researcher, {
      version: request.version,
    });
    expect(failing.body.code).toBe('airlock.checks_failing');

    request = await ok<OutputRequest>('POST', `/api/output-requests/${request.id}/remedy`, researcher, {
      version: request.version,
      file: 'persons-by-sex.csv',
      action: 'suppress',
    });
    expect(request.files[0]!.check.status).not.toBe('fail');
    expect(request.files[0]!.remedies).toEqual([{ action: 'suppressed', changes: 1 }]);
    request = await ok<OutputRequest>('POST', `/api/output-requests/${request.id}/submit`, researcher, {
      version: request.version,
    });
    expect(request.status).toBe('submitted');

    const queue = await ok<{ requests: OutputRequest[] }>('GET', '/api/output-requests', checker);
    expect(queue.requests.map((r) => r.id)).toContain(request.id);
    // The requester is no output checker.
    expect(
      (
        await call('POST', `/api/output-requests/${request.id}/review`, researcher, {
          version: request.version,
          decision: 'approve',
          comment: '',
        })
      ).status,
    ).toBe(403);
    const stale = await call<Problem>('POST', `/api/output-requests/${request.id}/review`, checker, {
      version: request.version - 1,
      decision: 'approve',
      comment: '',
    });
    expect(stale.body.code).toBe('airlock.changed');
    request = await ok<OutputRequest>('POST', `/api/output-requests/${request.id}/review`, checker, {
      version: request.version,
      decision: 'approve',
      comment: 'Small cell suppressed; fine.',
    });
    expect(request.status).toBe('released');

    const other = await call<Problem>(
      'GET',
      `/api/output-requests/${request.id}/files/persons-by-sex.csv`,
      outsider,
    );
    expect(other.status).toBe(403);
    const download = await call(
      'GET',
      `/api/output-requests/${request.id}/files/persons-by-sex.csv`,
      researcher,
    );
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.raw).toContain('unknown,*');
    expect(download.raw).not.toMatch(/unknown,3\b/);
    expect((await auditActions('airlock.download')).map((e) => e.outcome).sort()).toEqual([
      'denied',
      'denied',
      'success',
    ]);
  });

  it('runs a Python and an R job in the sandbox over the extract, each writing a table and a chart', async () => {
    const python = `
import pandas as pd
import matplotlib.pyplot as plt
person = pd.read_csv('/workspace/extract/person.csv')
counts = person.groupby('gender_source_value').size().reset_index(name='n')
counts.to_csv('py-by-sex.csv', index=False)
counts.plot.bar(x='gender_source_value', y='n')
plt.savefig('py-by-sex.png')
print('persons', len(person))
`;
    const r = `
person <- read.csv('/workspace/extract/person.csv')
counts <- as.data.frame(table(sex = person$gender_source_value))
write.csv(counts, 'r-by-sex.csv', row.names = FALSE)
png('r-by-sex.png'); barplot(counts$Freq, names.arg = counts$sex); invisible(dev.off())
cat('persons', nrow(person), '\\n')
`;
    interface Job {
      status: string;
      message: string;
      logTail: string;
      outputs: string[];
    }
    const persons = workspace.extractReport!.persons.extracted;
    for (const [language, script, prefix] of [
      ['python', python, 'py'],
      ['r', r, 'r'],
    ] as const) {
      const job = await ok<Job>('POST', `/api/workspaces/${workspace.id}/jobs`, researcher, {
        language,
        script,
      });
      expect(job.status, `${job.message}\n${job.logTail}`).toBe('succeeded');
      expect(job.logTail).toContain(`persons ${String(persons)}`);
      expect([...job.outputs].sort()).toEqual([`${prefix}-by-sex.csv`, `${prefix}-by-sex.png`]);
      const chart = await ok<{ kind: string; dataUrl: string }>(
        'GET',
        `/api/workspaces/${workspace.id}/files/${prefix}-by-sex.png`,
        researcher,
      );
      expect(chart.kind).toBe('image');
      expect(chart.dataUrl.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
    }
    // A script that tries the network fails inside the sandbox, and the node goes on.
    const socket = await ok<Job>('POST', `/api/workspaces/${workspace.id}/jobs`, researcher, {
      language: 'python',
      script: "import socket\nsocket.create_connection(('127.0.0.1', 8080), timeout=2)\n",
    });
    expect(socket.status).toBe('failed');
    expect(socket.logTail).toMatch(/Network is unreachable|Connection refused|OSError/);
    const jobs = await ok<{ jobs: Job[] }>('GET', `/api/workspaces/${workspace.id}/jobs`, researcher);
    expect(jobs.jobs.length).toBeGreaterThanOrEqual(4);
    expect((await auditActions('workspace.job')).length).toBeGreaterThanOrEqual(3);
  });

  it('becomes read-only when the permit is revoked, then locked, then deleted after retention', async () => {
    // An amendment is a new version of the permit: the workspace follows it.
    const { permit: amended } = await ok<{ permit: { id: string } }>(
      'POST',
      `/api/access/permits/${workspace.permitId}/amend`,
      officer,
      {
        reason: 'One more condition for the analysts.',
        conditions: ['Report results by age band only.'],
      },
    );
    expect(amended.id).not.toBe(workspace.permitId);
    expect(
      (await call('POST', `/api/workspaces/${workspace.id}/query`, researcher, { sql: 'SELECT 1' })).status,
    ).toBe(200);
    await ok('POST', `/api/access/permits/${amended.id}/revoke`, officer, { reason: 'End of the study.' });
    const refused = await call<Problem>('POST', `/api/workspaces/${workspace.id}/query`, researcher, {
      sql: 'SELECT 1',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('permit.revoked');

    const now = Date.now();
    const day = 86_400_000;
    expect((await node.workspaces.sweep(new Date(now + day))).readOnly).toEqual([workspace.id]);
    // Read-only: the named person still sees the files, but no new work starts.
    expect((await call('GET', `/api/workspaces/${workspace.id}/files`, researcher)).status).toBe(200);
    expect((await node.workspaces.sweep(new Date(now + 31 * day))).locked).toEqual([workspace.id]);
    const locked = await call<Problem>('GET', `/api/workspaces/${workspace.id}/files`, researcher);
    expect(locked.body.code).toBe('workspace.locked');
    const folder = path.join(node.config.workspace.dir, workspace.id);
    expect(existsSync(folder)).toBe(true);
    expect((await node.workspaces.sweep(new Date(now + 200 * day))).deleted).toEqual([workspace.id]);
    expect(existsSync(folder)).toBe(false);
    expect(await auditActions('workspace.delete')).toHaveLength(1);
  });
});
