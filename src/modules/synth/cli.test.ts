import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerSynthCommand } from './cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'salus-synth-cli-'));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function program(): Command {
  const p = new Command('salus').exitOverride();
  p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerSynthCommand(p);
  return p;
}

describe('salus synth (command line)', { timeout: 60_000 }, () => {
  it('writes the delivery and prints a summary', async () => {
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = path.join(root, 'out');
      await program().parseAsync(['synth', '--persons', '1_200', '--seed', '3', '--out', out, '--bundles'], {
        from: 'user',
      });
      expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
      expect(existsSync(path.join(out, 'insurer', 'bundles.ndjson'))).toBe(true);
      const text = printed.join('');
      expect(text).toMatch(/Wrote [\d,]+ resources .* for 1,200 persons/);
      expect(text).toMatch(/type 2 diabetes .* adults/);
      expect(text).toMatch(/noise default: .*duplicate/);
      expect(progress).toHaveBeenCalled();
    } finally {
      write.mockRestore();
      progress.mockRestore();
    }
  });

  it('refuses a noise level it does not know and a count that is not a number', async () => {
    const out = path.join(root, 'never');
    await expect(
      program().parseAsync(['synth', '--persons', '10', '--seed', '1', '--out', out, '--noise', 'extreme'], {
        from: 'user',
      }),
    ).rejects.toThrow(/extreme/);
    await expect(
      program().parseAsync(['synth', '--persons', 'ten', '--seed', '1', '--out', out], { from: 'user' }),
    ).rejects.toThrow(/whole number/);
    expect(existsSync(out)).toBe(false);
  });
});
