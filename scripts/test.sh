#!/usr/bin/env bash
# Runs every test of Salus and ends with one line: "N passed, N failed".
#   1. types and lint (npm run check), counted as one check
#   2. unit tests
#   3. integration tests on embedded PGlite
#   4. the same integration tests on a real PostgreSQL server started from the machine's binaries
#   5. browser tests in Debian's Chromium against a node built and started by the tests
set -u
cd "$(dirname "$0")/.."
results=.tmp/test-results
rm -rf "$results"
mkdir -p "$results"
extra_failed=0

bash scripts/ensure-test-deps.sh || extra_failed=$((extra_failed + 1))

echo "== build"
if ! npm run --silent build >"$results/build.log" 2>&1; then
  cat "$results/build.log"
  echo "build failed"
  extra_failed=$((extra_failed + 1))
fi

echo "== types and lint"
check_passed=0
if npm run --silent check >"$results/check.log" 2>&1; then check_passed=1; else
  cat "$results/check.log"
  extra_failed=$((extra_failed + 1))
fi

suite() {
  local name=$1
  shift
  echo "== $name"
  local vars=(); while [ "$1" != "--" ]; do vars+=("$1"); shift; done; shift
  env "${vars[@]}" npx vitest run "$@" --reporter=default --reporter=json --outputFile.json="$results/$name.json"
}
suite unit TEST_STORE=pglite -- --project unit
suite integration-pglite TEST_STORE=pglite -- --project integration
suite integration-postgres TEST_STORE=postgres -- --project integration
suite e2e TEST_STORE=pglite -- --project e2e

node --input-type=module - "$results" "$check_passed" "$extra_failed" <<'JS'
import { readdirSync, readFileSync } from 'node:fs';
const [dir, checkPassed, extraFailed] = process.argv.slice(2);
let passed = Number(checkPassed), failed = Number(extraFailed), skipped = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
  // A suite that crashed before counting still counts as a failure.
  if (r.success === false && r.numFailedTests === 0) failed += 1;
  console.log(`${f.replace('.json', '')}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
for (const name of ['unit', 'integration-pglite', 'integration-postgres', 'e2e']) {
  try { readFileSync(`${dir}/${name}.json`); } catch { console.log(`${name}: did not report`); failed += 1; }
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
JS
