import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NdjsonSink } from './ndjson-sink.js';

const dir = mkdtempSync(path.join(tmpdir(), 'salus-sink-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NdjsonSink', () => {
  it('does not wait for a drain that passed while the caller waited for another sink', async () => {
    const line = 'x'.repeat(64 * 1024);
    const sinks = [new NdjsonSink(path.join(dir, 'a.ndjson')), new NdjsonSink(path.join(dir, 'b.ndjson'))];
    // Past each stream's 2 MiB buffer, so both are blocked; the second has less to write, so it drains
    // while the caller still waits for the first.
    for (let i = 0; i < 400; i++) sinks[0]?.add(line);
    for (let i = 0; i < 80; i++) sinks[1]?.add(line);
    expect(sinks.every((s) => s.needsDrain)).toBe(true);
    const settled = (async () => {
      for (const s of sinks) if (s.needsDrain) await s.drained();
      return 'drained';
    })();
    const timeout = new Promise((resolve) => setTimeout(() => resolve('hung'), 5_000));
    expect(await Promise.race([settled, timeout])).toBe('drained');
    for (const s of sinks) await s.close();
    expect(statSync(path.join(dir, 'b.ndjson')).size).toBe(80 * (line.length + 1));
  });
});
