import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../support/test-node.js';

const cases = 10_000;
const p95 = (samples: number[]): number =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] ?? 0;

/**
 * The officer's dashboard over a year's worth of cases: REMS reports 3-4 s for the first load of 1,000
 * applications; the aim here is a p95 under 50 ms for 10,000. The bound asserted is looser, so that a busy
 * test machine does not fail the suite; the figures are printed.
 */
describe('listing and searching 10,000 cases', () => {
  let node: TestNode;
  let officer: Record<string, string>;
  beforeAll(async () => {
    node = await startTestNode();
    const applicant = await node.userWithToken(['data_user'], 'Scale Applicant');
    officer = (await node.userWithToken(['access_officer'])).headers;
    await sql`
      INSERT INTO access_case (id, reference, track, status, applicant_user_id, title, purpose, form, basket,
        clock_started_at, deadline_base, paused_since, created_at, updated_at, submitted_at)
      SELECT gen_random_uuid(), 'DAA-2026-' || lpad(i::text, 6, '0'),
        CASE WHEN i % 5 = 0 THEN 'data_request' ELSE 'application' END,
        (ARRAY['submitted', 'pre_screening', 'processing', 'awaiting_information', 'decision_issued'])[1 + i % 5],
        ${applicant.userId}::uuid, 'Study ' || i || CASE WHEN i % 97 = 0 THEN ' of stroke' ELSE ' of diabetes' END,
        'scientific_research', '{"purpose":"scientific_research"}', '[]',
        now() - (i % 80) * interval '1 day', now() + (i % 90) * interval '1 day',
        CASE WHEN i % 5 = 3 THEN now() - interval '2 days' END,
        now(), now(), now() - (i % 80) * interval '1 day'
      FROM generate_series(1, ${cases}) AS i`.execute(node.db.kysely);
  });
  afterAll(async () => node.stop());

  const time = async (url: string): Promise<{ ms: number; total: number }> => {
    const start = performance.now();
    const r = await node.app.inject({ method: 'GET', url, headers: officer });
    const ms = performance.now() - start;
    expect(r.statusCode, r.body).toBe(200);
    return { ms, total: r.json<{ total: number }>().total };
  };

  it('answers the dashboard and a search quickly', async () => {
    const listing: number[] = [];
    const searching: number[] = [];
    for (let i = 0; i < 30; i++) {
      const list = await time('/api/access/cases?pageSize=50');
      expect(list.total).toBe(cases);
      listing.push(list.ms);
      const search = await time('/api/access/cases?q=stroke&pageSize=50');
      expect(search.total).toBe(Math.floor(cases / 97));
      searching.push(search.ms);
    }
    process.stdout.write(
      `access cases (${node.store}, ${cases}): list p95 ${p95(listing).toFixed(1)} ms, search p95 ${p95(searching).toFixed(1)} ms\n`,
    );
    expect(p95(listing)).toBeLessThan(1000);
    expect(p95(searching)).toBeLessThan(1000);
  });
});
