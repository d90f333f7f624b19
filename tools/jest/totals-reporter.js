// Writes the run's totals to tmp/test-totals.json so `.ci/run` can print the one line
// `N passed, N failed` last, after npm's own output (even when the run fails).
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const totals = { passed: results.numPassedTests, failed };
    const out = path.join(__dirname, '..', '..', 'tmp', 'test-totals.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(totals) + '\n');
    process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
  }
}
module.exports = TotalsReporter;
