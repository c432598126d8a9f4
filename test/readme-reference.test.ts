// The README's reference of fault kinds and defences is checked against the schema: every fault
// kind has an entry (a new kind without one fails here), and every example in the two sections
// loads — fault one-liners as the faults of the README's annotated example, defence fragments
// merged into a small design that uses the same names.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { FAULT_KINDS } from "../src/faults/index.js";
import { loadScenario } from "../src/scenario/index.js";

const readme = readFileSync("README.md", "utf8");

interface Entry {
  /** The bold name that opens the entry, without its backticks. */
  name: string;
  /** README line number of that name (1-based), for messages. */
  line: number;
  /** The `####` heading it is under (empty when none). */
  group: string;
  /** The ```yaml blocks in the entry. */
  examples: string[];
}

interface Section {
  entries: Entry[];
  /** Every ```yaml block in the section, inside an entry or not. */
  yamlBlocks: number;
}

/**
 * The entries of a reference section (`### heading` up to the next `###` or `##`): each starts
 * with a line that opens with a bold name and runs to the next such line or heading.
 */
function readSection(heading: string): Section {
  const lines = readme.split("\n");
  const start = lines.indexOf(`### ${heading}`);
  if (start < 0) throw new Error(`the README has no "### ${heading}" section`);
  const entries: Entry[] = [];
  let current: Entry | undefined;
  let group = "";
  let block: string[] | undefined;
  let yamlBlocks = 0;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (block !== undefined) {
      if (line.startsWith("```")) {
        current?.examples.push(block.join("\n"));
        block = undefined;
      } else block.push(line);
      continue;
    }
    if (/^#{2,3} /.test(line)) break;
    if (line.startsWith("#### ")) group = line.slice(5);
    if (line.startsWith("#")) current = undefined;
    const bold = /^\*\*(.+?)\*\*/.exec(line);
    if (bold) {
      current = { name: bold[1].replaceAll("`", ""), line: i + 1, group, examples: [] };
      entries.push(current);
    }
    if (line === "```yaml") {
      yamlBlocks++;
      block = [];
    }
  }
  return { entries, yamlBlocks };
}

const faults = readSection("Faults");
const defences = readSection("Defences");

const SCHEMA_FAULT_KINDS = FAULT_KINDS.map((kind) => kind.kind);
const FAULT_FAMILIES = ["Infrastructure", "Network", "Dependency", "Data", "Human", "Traffic", "Security"];

/** The README's annotated scenario: the design every fault example names. */
const ANNOTATED = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readme)?.[1] as string;

/** A small design with the names the defence examples use; each fragment is merged into it. */
const DEFENCE_BASE = `
name: readme-defences
duration: 1h
design:
  regions:
    - { name: us-east, zones: [a, b, c] }
    - { name: us-west, zones: [a, b, c] }
  services:
    - name: api
      instancesPerZone: 2
      concurrency: 16
      serviceTime: { mean: 8ms }
      database: { name: orders }
      calls:
        - { to: payments }
  databases:
    - { name: orders, primary: us-east/a }
  externals:
    - { name: payments, latency: { mean: 80ms } }
workload:
  clients:
    - { region: us-east, service: api, rate: 500/s }
    - { region: us-west, service: api, rate: 500/s }
`;

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What identifies a list entry: its name (a call: its target; a replica: its zone; a client: its region). */
function identity(item: Mapping): unknown {
  return item.name ?? item.to ?? item.zone ?? item.region;
}

/**
 * `patch` laid over `base`: mappings merge key by key; lists of mappings merge entry by entry
 * (matched by identity, the rest appended); anything else is replaced.
 */
function merge(base: unknown, patch: unknown): unknown {
  if (isMapping(base) && isMapping(patch)) {
    const merged: Mapping = { ...base };
    for (const [key, value] of Object.entries(patch)) merged[key] = key in base ? merge(base[key], value) : value;
    return merged;
  }
  if (Array.isArray(base) && Array.isArray(patch) && patch.every(isMapping) && base.every(isMapping)) {
    const merged: unknown[] = [...base];
    for (const item of patch) {
      const at = merged.findIndex(
        (entry) => isMapping(entry) && identity(entry) !== undefined && identity(entry) === identity(item),
      );
      if (at >= 0) merged[at] = merge(merged[at], item);
      else merged.push(item);
    }
    return merged;
  }
  return patch;
}

/** What a loaded scenario means to the model and the judge (not where its text came from). */
function meaning(yaml: string, file: string): string {
  const scenario = loadScenario(yaml, file);
  return JSON.stringify({
    world: scenario.world,
    faults: scenario.faults,
    slo: scenario.slo.map(({ name, target }) => ({ name, target })),
    expectations: scenario.expectations.map(({ metric, target }) => ({ metric, target })),
    metrics: scenario.metrics,
  });
}

describe("the README's fault reference", () => {
  it("has one entry per fault kind of the schema, in its family, each with an example", () => {
    expect(SCHEMA_FAULT_KINDS.length).toBeGreaterThan(0);
    expect(faults.entries.map((e) => e.name).sort()).toEqual([...SCHEMA_FAULT_KINDS].sort());
    for (const entry of faults.entries) {
      expect(FAULT_FAMILIES, `README.md:${entry.line} ${entry.name}: under a family heading`).toContain(entry.group);
      expect(entry.examples.length, `README.md:${entry.line} ${entry.name}`).toBeGreaterThanOrEqual(1);
    }
    const examples = faults.entries.reduce((n, entry) => n + entry.examples.length, 0);
    expect(faults.yamlBlocks, "every example sits under its entry").toBe(examples);
  });

  it.each(faults.entries.map((entry) => [entry.name, entry] as const))(
    "%s: one-line examples of that kind that load in the annotated example's design",
    (name, entry) => {
      for (const example of entry.examples) {
        expect(example.trim().split("\n"), "one line").toHaveLength(1);
        const list = parse(example) as unknown;
        expect(Array.isArray(list) && list.length === 1 && isMapping(list[0]) && list[0].kind).toBe(name);
        const scenario = { ...(parse(ANNOTATED) as Mapping), faults: list };
        const loaded = loadScenario(stringify(scenario), `README.md:${entry.line} (${name})`);
        expect(loaded.faults.map((f) => f.kind)).toEqual([name]);
      }
    },
  );
});

describe("the README's faults that recur", () => {
  const section = readme.slice(readme.indexOf("### Faults that recur"), readme.indexOf("### Defences"));
  const examples = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);

  it("load as the faults of the annotated example, each recurring", () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const scenario = { ...(parse(ANNOTATED) as Mapping), faults: parse(example) };
      const loaded = loadScenario(stringify(scenario), "README.md (faults that recur)");
      expect(loaded.faults.length).toBeGreaterThan(1);
      for (const fault of loaded.faults) expect(fault.recur, fault.kind).toBeDefined();
    }
  });
});

describe("the README's defence reference", () => {
  it("gives every defence one example", () => {
    expect(defences.entries.length).toBeGreaterThan(0);
    for (const entry of defences.entries)
      expect(entry.examples, `README.md:${entry.line} ${entry.name}`).toHaveLength(1);
    expect(defences.yamlBlocks, "every example sits under its entry").toBe(defences.entries.length);
  });

  const baseMeaning = meaning(DEFENCE_BASE, "base.yaml");

  it.each(defences.entries.map((entry) => [entry.name, entry] as const))(
    "%s: its example loads merged into a small design, and changes it",
    (name, entry) => {
      const fragment = parse(entry.examples[0]) as unknown;
      expect(isMapping(fragment), "a fragment of a scenario file, from its top level").toBe(true);
      const merged = stringify(merge(parse(DEFENCE_BASE), fragment));
      expect(meaning(merged, `README.md:${entry.line} (${name})`)).not.toBe(baseMeaning);
    },
  );
});
