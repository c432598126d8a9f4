// Errors that teach (issue 13), each generated over every key of the README's annotated example
// (which uses every key): a misspelt key gets "did you mean …?", a scalar where a mapping belongs
// gets the mapping it meant, a percentage written as 25 gets "25%", and a file with schema and
// reference problems gets both in one pass.

import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar, visit } from "yaml";
import { editDistance } from "../../src/input/index.js";
import { type InputIssue, loadScenario, ScenarioInputError } from "../../src/scenario/index.js";

const EXAMPLE = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))?.[1] ?? "";

interface Key {
  /** The key's offset in the example, its text, its path, and the keys of the mapping that holds it. */
  offset: number;
  key: string;
  path: (string | number)[];
  siblings: string[];
  /** Whether its value is a mapping (other than a fault, whose shape depends on its kind). */
  mapping: boolean;
  /** Whether its value is written as a percentage. */
  percent: boolean;
}

function keysOfExample(): Key[] {
  const found: Key[] = [];
  visit(parseDocument(EXAMPLE), {
    Map(_, map, ancestors) {
      const path: (string | number)[] = [];
      for (let i = 1; i < ancestors.length; i++) {
        const parent = ancestors[i - 1];
        const child = ancestors[i];
        if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
        else if (isMap(parent) && isScalar((child as { key?: unknown }).key))
          path.push(String(((child as { key: Scalar }).key as Scalar).value));
      }
      if (ancestors.length > 0 && isSeq(ancestors[ancestors.length - 1]))
        path.push((ancestors[ancestors.length - 1] as { items: unknown[] }).items.indexOf(map));
      const siblings = map.items.map((pair) => String((pair.key as Scalar).value));
      for (const pair of map.items) {
        const key = pair.key as Scalar;
        const value = pair.value;
        found.push({
          offset: key.range?.[0] ?? 0,
          key: String(key.value),
          path: [...path, String(key.value)],
          siblings,
          mapping: isMap(value) && !siblings.includes("kind"),
          percent: isScalar(value) && typeof value.value === "string" && /^\d+(\.\d+)?%$/.test(value.value),
        });
      }
    },
  });
  return found;
}

const KEYS = keysOfExample();

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "teach.yaml");
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

function lineColumn(yaml: string, offset: number): { line: number; column: number } {
  const counter = new LineCounter();
  parseDocument(yaml, { lineCounter: counter });
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/** One slip of the keyboard: a letter dropped, doubled, swapped with the next, or changed. */
const slip = (key: string) =>
  fc
    .tuple(fc.integer({ min: 0, max: key.length - 1 }), fc.constantFrom("drop", "double", "swap", "change"))
    .map(([i, how]) => {
      if (how === "drop") return key.slice(0, i) + key.slice(i + 1);
      if (how === "double") return key.slice(0, i) + key[i] + key.slice(i);
      if (how === "swap" && i < key.length - 1) return key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
      return key.slice(0, i) + (key[i] === "x" ? "y" : "x") + key.slice(i + 1);
    });

describe("a misspelt key", () => {
  test.prop(
    [
      fc
        .constantFrom(...KEYS.filter((k) => k.key.length >= 3 && k.key !== "kind"))
        .chain((k) => fc.tuple(fc.constant(k), slip(k.key))),
    ],
    {
      numRuns: 200,
    },
  )("is answered with the key it most likely meant, at the key", ([key, typo]) => {
    if (key.siblings.includes(typo) || typo === key.key) return; // the slip made another key
    const yaml = EXAMPLE.slice(0, key.offset) + typo + EXAMPLE.slice(key.offset + key.key.length);
    const issue = issuesOf(yaml).find((i) => i.message.includes(`unknown key "${typo}"`));
    expect(issue, `${key.key} → ${typo}`).toMatchObject(lineColumn(yaml, key.offset));
    const meant = /did you mean (\S+)\?/.exec(issue?.message ?? "")?.[1];
    expect(meant, issue?.message).toBeDefined();
    // The key it names is the one misspelt, or one at least as close to the typo.
    expect(editDistance(typo, meant as string)).toBeLessThanOrEqual(editDistance(typo, key.key));
  });

  it("far from every key lists the keys the mapping takes", () => {
    const yaml = EXAMPLE.replace("    client: 10ms", "    colour: blue");
    expect(issuesOf(yaml).map((i) => i.message)).toEqual([
      'design.network: unknown key "colour"; this mapping takes: sameZone, crossZone, crossRegion, regionLatency, client, clientLatency, jitter',
    ]);
  });
});

describe("a scalar where a mapping belongs", () => {
  test.prop([fc.constantFrom(...KEYS.filter((k) => k.mapping)), fc.constantFrom("3", "5ms", "yes", "20%")], {
    numRuns: 120,
  })("shows the mapping the key expects, with the value in it where it fits", (key, scalar) => {
    const document = parseDocument(EXAMPLE);
    document.setIn(key.path, parseDocument(scalar).contents);
    const messages = issuesOf(document.toString()).map((i) => i.message);
    // A key that also takes a scalar (rate: 1200/s) says how to write that, or lists its forms.
    if (key.key === "rate") {
      expect(messages.join("\n")).toMatch(/write a rate such as 1200\/s|write rate: 1200\/s or rate: \{ diurnal: /);
      return;
    }
    // So does a fallback (fallback: cached), whatever the scalar: its forms are listed.
    if (key.key === "fallback") {
      expect(messages.join("\n")).toMatch(/write fallback: cached or fallback: \{ cached: 80% \} or fallback: \{ to: /);
      return;
    }
    const issue = messages.find((m) => m.includes("expected a mapping"));
    expect(issue, `${key.path.join(".")}: ${scalar}`).toBeDefined();
    expect(issue).toMatch(new RegExp(`; write ${key.key}: \\{ \\w+: `));
  });

  it("teaches retries: { max: 3 } for retries: 3", () => {
    const yaml = EXAMPLE.replace(
      "retries: { max: 3, backoff: 50ms, maxBackoff: 2s, jitter: true, budget: 10% }",
      "retries: 3",
    );
    expect(issuesOf(yaml).map((i) => i.message)).toEqual([
      "design.services[0].calls[0].retries: expected a mapping, got number 3; write retries: { max: 3 }",
    ]);
  });
});

describe("a percentage written as a number", () => {
  test.prop([fc.constantFrom(...KEYS.filter((k) => k.percent)), fc.integer({ min: 2, max: 100 })], { numRuns: 60 })(
    "suggests the percentage it most likely meant",
    (key, n) => {
      const valueStart = EXAMPLE.indexOf(":", key.offset) + 2;
      const valueEnd = EXAMPLE.indexOf("%", valueStart) + 1;
      const yaml = EXAMPLE.slice(0, valueStart) + String(n) + EXAMPLE.slice(valueEnd);
      const issue = issuesOf(yaml).find((i) => i.message.includes(`got ${n}`));
      expect(issue?.message, key.key).toContain(`write "${n}%" for a percentage (or ${n / 100})`);
    },
  );
});

describe("schema and reference problems", () => {
  const REFERENCES = [
    ["service: api\n      rate:", "service: apx\n      rate:", 'unknown service "apx"'],
    ["{ kind: region-outage, region: us-east,", "{ kind: region-outage, region: us-eats,", 'unknown region "us-eats"'],
    ["database: { name: orders,", "database: { name: ordres,", 'unknown database "ordres"'],
    ["- to: payments", "- to: paymnets", 'unknown dependency or service "paymnets"'],
  ] as const;
  const SCHEMA = [
    ["    client: 10ms", "    clinet: 10ms", 'unknown key "clinet"; did you mean client?'],
    ["      instancesPerZone: 2", "      instancesPerZone: 2\n      colour: blue", 'unknown key "colour"'],
    ["      writeRatio: 20%", "      writeRatio: 20", 'write "20%"'],
    ["      concurrency: 16", "      concurrency: 4294967296", "must be at most 1,000,000"],
  ] as const;

  test.prop([fc.constantFrom(...REFERENCES), fc.constantFrom(...SCHEMA)], { numRuns: 30 })(
    "are reported together, in one pass",
    ([refFrom, refTo, refSays], [schemaFrom, schemaTo, schemaSays]) => {
      expect(EXAMPLE).toContain(refFrom);
      expect(EXAMPLE).toContain(schemaFrom);
      const yaml = EXAMPLE.replace(refFrom, refTo).replace(schemaFrom, schemaTo);
      const messages = issuesOf(yaml).map((i) => i.message);
      expect(
        messages.some((m) => m.includes(schemaSays)),
        messages.join("\n"),
      ).toBe(true);
      expect(
        messages.some((m) => m.includes(refSays)),
        messages.join("\n"),
      ).toBe(true);
      expect(messages).toHaveLength(2);
    },
  );

  it("does not report what a stand-in for a broken declaration would cause", () => {
    // The region's name is broken: every reference to it is suspect, so none is reported.
    const yaml = EXAMPLE.replace("    - name: us-east\n", "    - name: [us-east]\n");
    expect(issuesOf(yaml).map((i) => i.message)).toEqual([
      expect.stringMatching(/^design\.regions\[0\]\.name: expected a string, got a list/),
    ]);
  });
});
