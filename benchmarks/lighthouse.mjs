// Lighthouse runs in one node process and one chromium: node benchmarks/lighthouse.mjs SPEC.json
// SPEC: {chromePath, chromeFlags: [...], categories: [...], blocked: [...], jobs: [{url, formFactor, out}]}.
// Each job writes its JSON report to `out` (as `lighthouse --output=json` does); mobile is Lighthouse's default
// config, desktop its desktop preset (`--preset=desktop`). Called by benchmarks/lighthouse.py.
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const chrome = await chromeLauncher.launch({chromePath: spec.chromePath, chromeFlags: spec.chromeFlags});
try {
  for (const job of spec.jobs) {
    const flags = {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: spec.categories,
      blockedUrlPatterns: spec.blocked, maxWaitForLoad: 30000,
      disableFullPageScreenshot: true, // a picture for the HTML report: no score reads it
    };
    const result = await lighthouse(job.url, flags, job.formFactor === 'desktop' ? desktopConfig : undefined);
    fs.writeFileSync(job.out, result.report);
  }
} finally {
  await chrome.kill();
}
