#!/usr/bin/env node
// The `salus` command: runs the compiled CLI (npm run build:server compiles it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('salus: the node is not built yet; run `npm run build` first.\n');
  process.exit(1);
}
await import(entry);
