// ARCHITECTURE.md, "Determinism rules", rule 2: one clock. Outside src/cli and src/tui, no wall-clock time, timers,
// unseeded randomness, process state or locale-dependent ordering may appear in the source.

import { describe, expect, it } from "vitest";
import { readSourceFiles, stripComments } from "./source-text.js";

const EXEMPT_DIRS = ["src/cli/", "src/tui/"];

// Each rule names what it forbids; the pattern runs on source with comments blanked out.
const FORBIDDEN: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: "new Date", pattern: /\bnew\s+Date\b/ },
  { name: "Date.now", pattern: /\bDate\s*\.\s*now\b/ },
  { name: "Date", pattern: /(?<![.\w$])Date\b/ },
  { name: "Math.random", pattern: /\bMath\s*\.\s*random\b/ },
  { name: "performance.now", pattern: /\bperformance\s*\.\s*now\b/ },
  { name: "setTimeout", pattern: /\bsetTimeout\b/ },
  { name: "setInterval", pattern: /\bsetInterval\b/ },
  { name: "setImmediate", pattern: /\bsetImmediate\b/ },
  { name: "process.", pattern: /(?<![.\w$])process\s*\??\.\s*\w/ },
  {
    name: "node:process / timers / perf_hooks import",
    pattern: /["'](?:node:)?(?:process|timers(?:\/promises)?|perf_hooks)["']/,
  },
  { name: "localeCompare", pattern: /\blocaleCompare\b/ },
  { name: "crypto.random*", pattern: /\bcrypto\s*\.\s*random\w*/ },
  { name: "randomUUID", pattern: /\brandomUUID\b/ },
  { name: "getRandomValues", pattern: /\bgetRandomValues\b/ },
  { name: "randomBytes", pattern: /\brandomBytes\b/ },
  { name: "hrtime", pattern: /\bhrtime\b/ },
];

interface Violation {
  line: number;
  rule: string;
  code: string;
}

/** Lines of `source` that use something forbidden, ignoring anything inside comments. */
function findViolations(source: string): Violation[] {
  const lines = stripComments(source).split("\n");
  const violations: Violation[] = [];
  lines.forEach((code, index) => {
    for (const rule of FORBIDDEN) {
      if (rule.pattern.test(code)) violations.push({ line: index + 1, rule: rule.name, code: code.trim() });
    }
  });
  return violations;
}

describe("determinism scan", () => {
  it("catches forbidden calls in a sample and ignores them in comments", () => {
    const sample = [
      "// Date.now() and Math.random() are fine to mention in a comment",
      "/* so is setTimeout(...),",
      "   and process.env */",
      'const url = "http://example.test"; const t = Date.now();',
      "const r = Math.random();",
      "const key = process.env.SEED;",
      "names.sort((a, b) => a.localeCompare(b));",
      "const d = new Date(0);",
      "const id = crypto.randomUUID();",
      'const x = text.replace(/\\/\\*/g, ""); setImmediate(run);',
      "const ok = stream.next() / 2; // performance.now() only in a comment",
    ].join("\n");
    const found = findViolations(sample).map((v) => `${v.line}:${v.rule}`);
    expect(found).toEqual([
      "4:Date.now",
      "4:Date",
      "5:Math.random",
      "6:process.",
      "7:localeCompare",
      "8:new Date",
      "8:Date",
      "9:crypto.random*",
      "9:randomUUID",
      "10:setImmediate",
    ]);
  });

  it("does not flag names that merely contain a forbidden word", () => {
    const sample = [
      "const startDate = 0; const isUpdated = true;",
      "function processEvent() {}",
      "const subprocess = { env: 1 }; subprocess.env;",
      "queue.process();",
      "const dateOfFailover = toMicros(3);",
    ].join("\n");
    expect(findViolations(sample)).toEqual([]);
  });

  it("finds no wall clock, timers, unseeded randomness or process state outside src/cli and src/tui", () => {
    const files = readSourceFiles().filter((file) => !EXEMPT_DIRS.some((dir) => file.path.startsWith(dir)));
    expect(files.map((file) => file.path)).toContain("src/engine/simulator.ts");
    const report = files.flatMap((file) =>
      findViolations(file.text).map((v) => `${file.path}:${v.line}: ${v.rule} in \`${v.code}\``),
    );
    expect(
      report,
      `forbidden in the simulation layers (ARCHITECTURE.md, "Determinism rules", rule 2):\n${report.join("\n")}`,
    ).toEqual([]);
  });
});
