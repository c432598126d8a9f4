// YAML aliases through the real loader (issue 13, class 1): alias bombs of many shapes, aliases
// that name no anchor, and aliases inside the value they name are input errors at the alias's
// file:line:col, never a ReferenceError; aliases within the bound load as if written out.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { ALIAS_EXPANSION_MAX } from "../../src/scenario/aliases.js";
import { type InputIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

/** A small valid scenario: the hostile parts below are added to it or written into it. */
const SMALL = `name: small
duration: 10m
design:
  regions:
    - name: us-east
      zones: [a, b]
  services:
    - name: api
      concurrency: 8
      serviceTime: { mean: 5ms }
workload:
  clients:
    - region: us-east
      service: api
      rate: 50/s
`;

/** The loader's verdict: the issues it reported, or none when the file loaded. */
function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "hostile.yaml");
    return [];
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error; // a ReferenceError or anything else fails the test, as it would crash the CLI
  }
}

/** The text at a 1-based line and column. */
function textAt(yaml: string, issue: InputIssue): string {
  return yaml.split("\n")[issue.line - 1].slice(issue.column - 1);
}

/** 1-based line and column of `offset` in `yaml`. */
function positionAt(yaml: string, offset: number): { line: number; column: number } {
  const before = yaml.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const anchorName = fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/);

type Layout = "flow-list" | "block-list" | "flow-map" | "block-map";

/**
 * A chain of anchors, each a collection of `width` aliases of the one before it: the last one
 * holds width^levels values. Written in one of four layouts, under `key:` at `indent` spaces.
 */
function bomb(options: { name: string; width: number; levels: number; layout: Layout; indent: number }): string {
  const { name, width, levels, layout, indent } = options;
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  const collection = (items: string[]): string => {
    switch (layout) {
      case "flow-list":
        return ` [${items.join(", ")}]`;
      case "flow-map":
        return ` {${items.map((item, i) => `k${i}: ${item}`).join(", ")}}`;
      case "block-list":
        return `\n${items.map((item) => `${pad}  - ${item}`).join("\n")}`;
      case "block-map":
        return `\n${items.map((item, i) => `${pad}  k${i}: ${item}`).join("\n")}`;
    }
  };
  lines.push(`${pad}${name}0: &${name}0${collection(Array.from({ length: width }, () => "lol"))}`);
  for (let level = 1; level <= levels; level++) {
    const items = Array.from({ length: width }, () => `*${name}${level - 1}`);
    lines.push(`${pad}${name}${level}: &${name}${level}${collection(items)}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Where a bomb goes in SMALL: at the top, inside a service, or as the whole of `workload`. */
const PLACES = [
  { name: "at the top level", put: (text: string) => `${SMALL}${text}`, indent: 0 },
  {
    name: "inside a service",
    put: (text: string) =>
      SMALL.replace("      serviceTime: { mean: 5ms }\n", `      serviceTime: { mean: 5ms }\n${text}`),
    indent: 6,
  },
  {
    name: "as the value of a known key",
    put: (text: string) => `${SMALL.replace(/^workload:\n( {2}.*\n)*/m, "")}workload:\n${text}`,
    indent: 2,
  },
] as const;

const bombs = fc
  .record({
    name: anchorName,
    width: fc.integer({ min: 2, max: 16 }),
    extraLevels: fc.integer({ min: 0, max: 40 }),
    layout: fc.constantFrom<Layout>("flow-list", "block-list", "flow-map", "block-map"),
    place: fc.constantFrom(...PLACES),
  })
  .map(({ name, width, extraLevels, layout, place }) => {
    // Enough levels to pass the bound (width^levels > the maximum), and maybe far more.
    const levels = Math.ceil(Math.log(ALIAS_EXPANSION_MAX + 1) / Math.log(width)) + extraLevels;
    return { yaml: place.put(bomb({ name, width, levels, layout, indent: place.indent })), name, place: place.name };
  });

describe("YAML aliases", () => {
  test.prop([bombs], { numRuns: 150 })(
    "refuses an alias bomb of any width, depth, layout and place, at an alias of the chain",
    ({ yaml, name }) => {
      const issues = issuesOf(yaml);
      expect(issues).toHaveLength(1);
      expect(issues[0].file).toBe("hostile.yaml");
      expect(issues[0].message).toMatch(
        new RegExp(`^YAML aliases expand this file past ${ALIAS_EXPANSION_MAX} values at \\*${name}\\d+ .*; write`),
      );
      expect(textAt(yaml, issues[0])).toMatch(new RegExp(`^\\*${name}\\d+`));
    },
  );

  test.prop(
    [
      fc.record({
        name: anchorName,
        width: fc.integer({ min: 2, max: 6 }),
        layout: fc.constantFrom<Layout>("flow-list", "block-list", "flow-map", "block-map"),
      }),
    ],
    { numRuns: 40 },
  )("lets aliases that stay within the bound through to the schema", ({ name, width, layout }) => {
    // The deepest chain whose expansion stays below the bound: no alias problem, only the schema's
    // complaint that the top-level key is unknown.
    // (a mapping's keys count too, so a level can be 2 × width values).
    const levels = Math.floor(Math.log(ALIAS_EXPANSION_MAX / 16) / Math.log(width));
    const issues = issuesOf(`${SMALL}${bomb({ name, width, levels, layout, indent: 0 })}`);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue.message).toMatch(/^unknown key/);
  });

  /** Every place in SMALL where a scalar value starts: "key: value" and list entries in [ ]. */
  const valueOffsets = [...SMALL.matchAll(/(?<=: )[^\s{[]|(?<=[[,] ?)[a-z]/g)].map((match) => match.index ?? 0);

  test.prop(
    [
      fc.record({
        at: fc.constantFrom(...valueOffsets),
        name: anchorName,
        kind: fc.constantFrom("never set", "set later", "set on another name"),
      }),
    ],
    { numRuns: 120 },
  )("points at an alias that names no anchor set before it, wherever it is", ({ at, name, kind }) => {
    const end = SMALL.slice(at).search(/[,\]}\n]/) + at;
    // Another anchor, set on a line of its own before everything else, must not be taken for it.
    const before = kind === "set on another name" ? `other: &${name}x 1\n` : "";
    const after = kind === "set later" ? `later: &${name} 1\n` : "";
    const yaml = `${before}${SMALL.slice(0, at)}*${name}${SMALL.slice(end)}${after}`;
    const aliasAt = before.length + at;
    const issues = issuesOf(yaml);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject(positionAt(yaml, aliasAt));
    expect(issues[0].message).toContain(`YAML alias *${name} names no anchor set before it`);
    expect(issues[0].message).toContain(`put &${name} on an earlier value`);
    if (kind === "set on another name") expect(issues[0].message).toContain(`&${name}x`);
  });

  it("points at an alias used as a key that names no anchor", () => {
    const yaml = SMALL.replace("      concurrency: 8\n", "      concurrency: 8\n      *ghost : 3\n");
    expect(issuesOf(yaml)).toEqual([
      {
        file: "hostile.yaml",
        ...positionAt(yaml, yaml.indexOf("*ghost")),
        message:
          "YAML alias *ghost names no anchor set before it; put &ghost on an earlier value, or check the spelling",
      },
    ]);
  });

  test.prop([fc.record({ name: anchorName, depth: fc.integer({ min: 0, max: 6 }), flow: fc.boolean() })], {
    numRuns: 60,
  })("points at an alias inside the value its anchor names", ({ name, depth, flow }) => {
    const inner = flow
      ? `${"[".repeat(depth)}*${name}${"]".repeat(depth)}`
      : `${"{k: ".repeat(depth)}*${name}${"}".repeat(depth)}`;
    const yaml = SMALL.replace("  regions:\n", `  loop: &${name} [x, ${inner}]\n  regions:\n`);
    const issues = issuesOf(yaml);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject(positionAt(yaml, yaml.indexOf(`*${name}`)));
    expect(issues[0].message).toContain(`YAML alias *${name} is inside the value its anchor &${name} names`);
  });

  it("loads a file that names one small anchor many times, as if each were written out", () => {
    // The yaml library alone refuses the 101st use of an anchor; the expansion bound is what counts.
    const alerts = Array.from({ length: 150 }, (_, i) => `    - { name: a${i}, errorRate: *rate }`).join("\n");
    const yaml = SMALL.replace(
      "  regions:\n",
      `  alerts:\n    - { name: first, errorRate: &rate "> 2%" }\n${alerts}\n  regions:\n`,
    );
    const written = SMALL.replace(
      "  regions:\n",
      `  alerts:\n    - { name: first, errorRate: "> 2%" }\n${alerts.replaceAll("*rate", '"> 2%"')}\n  regions:\n`,
    );
    const aliased = loadScenario(yaml, "a.yaml");
    const expanded = loadScenario(written, "a.yaml");
    expect(aliased.world.alerts).toHaveLength(151);
    expect({ ...aliased, hash: "" }).toEqual({ ...expanded, hash: "" });
  });
});
