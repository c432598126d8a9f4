// ARCHITECTURE.md, "Layers": the layer arrows point one way. Every relative import in src/** must land in its
// own layer or in one the table below allows; folders that do not exist yet are simply skipped.

import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { readSourceFiles, stripComments } from "./source-text.js";

const LAYERS = [
  "engine",
  "model",
  "input",
  "faults",
  "metrics",
  "scenario",
  "sweep",
  "explore",
  "report",
  "tui",
  "cli",
] as const;
type Layer = (typeof LAYERS)[number];

/** What each layer may import besides itself. */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  engine: [],
  model: ["engine"],
  input: ["model", "engine"],
  faults: ["input", "model", "engine"],
  metrics: ["model", "engine"],
  scenario: ["input", "faults", "metrics", "model", "engine"],
  sweep: ["scenario", "faults", "metrics", "model", "engine"],
  explore: ["scenario", "faults", "metrics", "model", "engine"],
  report: ["explore", "sweep", "scenario", "metrics", "model", "engine"],
  tui: ["report", "scenario", "metrics", "model", "engine"],
  cli: ["tui", "report", "explore", "sweep", "scenario", "input", "faults", "metrics", "model", "engine"],
};

// `import x from "..."`, `import type ...`, `import "..."`, `export ... from "..."`, `import("...")`.
const IMPORT_SPECIFIERS = [
  /\b(?:import|export)\s[^'"`;()=]*?\bfrom\s*(["'])([^"'\n]+)\1/g,
  /\bimport\s*(["'])([^"'\n]+)\1/g,
  /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g,
];

interface ImportSite {
  line: number;
  specifier: string;
}

function relativeImports(source: string): ImportSite[] {
  const code = stripComments(source);
  const sites: ImportSite[] = [];
  for (const pattern of IMPORT_SPECIFIERS) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[2];
      if (!specifier.startsWith(".")) continue;
      const line = code.slice(0, match.index).split("\n").length;
      sites.push({ line, specifier });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** The layer of a repository path (`src/model/db.ts` → "model"); null outside src/. */
function layerOf(path: string): Layer | "unknown" | null {
  const parts = path.split("/");
  if (parts[0] !== "src") return null;
  const folder = parts.length > 2 ? parts[1] : "";
  return (LAYERS as readonly string[]).includes(folder) ? (folder as Layer) : "unknown";
}

/** Violations of the layer table in one file, as `file:line: message`. */
function checkFile(path: string, source: string): string[] {
  const from = layerOf(path);
  if (from === null) return [];
  if (from === "unknown") {
    return [
      `${path}:1: not inside a layer folder of ARCHITECTURE.md, "Layers" (${LAYERS.join(", ")}); add it to the layer table`,
    ];
  }
  const problems: string[] = [];
  for (const site of relativeImports(source)) {
    const target = posix.normalize(posix.join(posix.dirname(path), site.specifier));
    const to = layerOf(target);
    if (to === null || to === from) continue;
    if (to === "unknown" || !ALLOWED[from].includes(to)) {
      problems.push(`${path}:${site.line}: ${from} must not import ${to} ("${site.specifier}")`);
    }
  }
  return problems;
}

describe("layer arrows", () => {
  it("catches imports against the arrows in a sample, including re-exports and dynamic imports", () => {
    const sample = [
      '// import { Node } from "../model/node.js"; (a comment, not an import)',
      'import { Simulator } from "./simulator.js";',
      'import type { Node } from "../model/node.js";',
      'export { renderText } from "../report/text.js";',
      'const cli = await import("../cli/main.js");',
      'import "../faults/register.js";',
      'import { z } from "zod";',
    ].join("\n");
    expect(checkFile("src/engine/sample.ts", sample)).toEqual([
      'src/engine/sample.ts:3: engine must not import model ("../model/node.js")',
      'src/engine/sample.ts:4: engine must not import report ("../report/text.js")',
      'src/engine/sample.ts:5: engine must not import cli ("../cli/main.js")',
      'src/engine/sample.ts:6: engine must not import faults ("../faults/register.js")',
    ]);
  });

  it('accepts the arrows ARCHITECTURE.md\'s "Layers" section draws', () => {
    const sample = [
      'import { Simulator } from "../engine/index.js";',
      'import { Topology } from "../model/topology.js";',
      'import { compileFaults } from "../faults/index.js";',
      'import { availability } from "../metrics/availability.js";',
    ].join("\n");
    expect(checkFile("src/scenario/wire.ts", sample)).toEqual([]);
    expect(checkFile("src/metrics/x.ts", 'import { compileFaults } from "../faults/index.js";')).toEqual([
      'src/metrics/x.ts:1: metrics must not import faults ("../faults/index.js")',
    ]);
    expect(checkFile("src/report/x.ts", 'import type { RunResult } from "../scenario/run.js";')).toEqual([]);
    expect(checkFile("src/report/x.ts", 'import { App } from "../tui/app.js";')).toEqual([
      'src/report/x.ts:1: report must not import tui ("../tui/app.js")',
    ]);
  });

  it("keeps every relative import in src/ on the allowed arrows", () => {
    const files = readSourceFiles();
    expect(files.map((file) => file.path)).toContain("src/engine/index.ts");
    const problems = files.flatMap((file) => checkFile(file.path, file.text));
    expect(problems, `imports against the layer arrows (ARCHITECTURE.md, "Layers"):\n${problems.join("\n")}`).toEqual(
      [],
    );
  });
});
