// Prints the plain closing line CI reads, "N passed, N failed, N skipped", from Vitest's JSON report
// and any further reports in the same fields (the container test's: scripts/container-test.sh).
// A report that cannot be read counts as one failure.
import { readFileSync } from 'node:fs';

const paths = process.argv.length > 2 ? process.argv.slice(2) : ['.vitest-report.json'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const path of paths) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    console.error(`test-summary: cannot read ${path}: ${err.message}`);
    failed += 1;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
