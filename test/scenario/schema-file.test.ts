// The committed JSON Schema (schema/scenario.schema.json) that editors load through the
// `# yaml-language-server: $schema=` line of every shipped scenario: it must be exactly what
// `faultline schema` prints today, and the shipped scenarios must fit it.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { schemaText } from "../../src/cli/commands/schema.js";

const SCHEMA_FILE = "schema/scenario.schema.json";
const REGENERATE = "npm run build && node bin/faultline.js schema > schema/scenario.schema.json";
const SCHEMA_LINE = "# yaml-language-server: $schema=../schema/scenario.schema.json";
const SCENARIOS = readdirSync("scenarios")
  .filter((name) => name.endsWith(".yaml"))
  .sort()
  .map((name) => join("scenarios", name));

interface ObjectSchema {
  type?: string;
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
}

/** Problems of one mapping against an object schema: missing required keys, unknown keys. */
function objectProblems(schema: ObjectSchema, value: unknown, where: string): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where}: expected a mapping`];
  const keys = Object.keys(value);
  const missing = (schema.required ?? []).filter((key) => !keys.includes(key));
  const unknown = schema.additionalProperties === false ? keys.filter((key) => !(key in schema.properties)) : [];
  return [
    ...missing.map((key) => `${where}: missing required key "${key}"`),
    ...unknown.map((key) => `${where}: key "${key}" is not in the schema's properties`),
  ];
}

describe("the committed scenario schema", () => {
  it("is exactly what `faultline schema` prints", () => {
    const hint = `${SCHEMA_FILE} is out of date with src/scenario/schema.ts; regenerate it with:\n  ${REGENERATE}`;
    expect(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} is missing; ${hint}`).toBe(true);
    // Compared as a boolean so a mismatch shows the fix rather than 900 lines of diff.
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    expect(committed === schemaText(), hint).toBe(true);
  });

  it("requires the keys every scenario needs and forbids unknown ones", () => {
    const schema = JSON.parse(schemaText()) as ObjectSchema & { $schema: string };
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.required).toEqual(["name", "duration", "design", "workload"]);
    expect(schema.additionalProperties).toBe(false);
    const design = schema.properties.design as ObjectSchema;
    expect(design.required).toEqual(["regions", "services"]);
    expect(design.additionalProperties).toBe(false);
  });
});

interface SchemaNode {
  type?: string;
  description?: string;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  patternErrorMessage?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

/** Every node of a JSON Schema with where it is: properties, list items and union branches. */
function schemaNodes(node: SchemaNode, where = "$"): { where: string; node: SchemaNode }[] {
  const children = [
    ...Object.entries(node.properties ?? {}).map(([key, child]) => schemaNodes(child, `${where}.${key}`)),
    ...(Array.isArray(node.items)
      ? node.items.map((child, i) => schemaNodes(child, `${where}[${i}]`))
      : node.items
        ? [schemaNodes(node.items, `${where}[]`)]
        : []),
    ...[...(node.anyOf ?? []), ...(node.oneOf ?? [])].map((child, i) => schemaNodes(child, `${where}|${i}`)),
  ];
  return [{ where, node }, ...children.flat()];
}

/** What an editor would be missing at a node: a description, an example, a message for its pattern. */
function editorGaps({ where, node }: { where: string; node: SchemaNode }): string[] {
  const gaps: string[] = [];
  if (!node.description) gaps.push(`${where} has no description`);
  const example = (node.examples?.length ?? 0) > 0 || node.enum !== undefined || node.const !== undefined;
  if (!example && !node.description?.includes("e.g.")) gaps.push(`${where} has no example`);
  if (node.pattern && !node.patternErrorMessage) gaps.push(`${where} shows a raw pattern: add patternErrorMessage`);
  return gaps;
}

describe("editor completion", () => {
  const nodes = schemaNodes(JSON.parse(schemaText()) as SchemaNode);

  it("reaches every key of the schema", () => {
    expect(nodes.length).toBeGreaterThan(400);
    const keys = new Set(nodes.map((n) => n.where.split(/[.|[]/).pop()));
    for (const key of ["instancesPerZone", "lostWrites", "backlogDrainS", "mtbf", "oneWay", "kind"]) {
      expect(keys).toContain(key);
    }
  });

  it("describes every node with an example, and says in words what each pattern wants", () => {
    expect(nodes.flatMap(editorGaps)).toEqual([]);
  });

  it("would notice a node without a description, an example or a pattern message", () => {
    expect(editorGaps({ where: "$.x", node: { type: "string", pattern: "^a$" } })).toEqual([
      "$.x has no description",
      "$.x has no example",
      "$.x shows a raw pattern: add patternErrorMessage",
    ]);
    expect(editorGaps({ where: "$.y", node: { type: "integer", description: "Retries, e.g. 3" } })).toEqual([]);
  });
});

describe("the shipped scenarios", () => {
  it("include at least the region-outage scenario", () => {
    expect(SCENARIOS).toContain("scenarios/region-outage-2am.yaml");
  });

  it.each(SCENARIOS)("%s points editors at the committed schema on its first line", (file) => {
    const firstLine = readFileSync(file, "utf8").split("\n")[0];
    expect(firstLine, `${file} must start with: ${SCHEMA_LINE}`).toBe(SCHEMA_LINE);
  });

  it.each(SCENARIOS)("%s fits the schema's top level and its design", (file) => {
    const schema = JSON.parse(schemaText()) as ObjectSchema;
    const scenario = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const problems = [
      ...objectProblems(schema, scenario, file),
      ...objectProblems(schema.properties.design as ObjectSchema, scenario.design, `${file}: design`),
    ];
    expect(problems).toEqual([]);
  });

  it("would be caught if a required key were missing or an unknown key were added", () => {
    const schema = JSON.parse(schemaText()) as ObjectSchema;
    const scenario = parse(readFileSync("scenarios/region-outage-2am.yaml", "utf8")) as Record<string, unknown>;
    const { duration: _duration, ...withoutDuration } = scenario;
    expect(objectProblems(schema, { ...withoutDuration, colour: "blue" }, "x")).toEqual([
      'x: missing required key "duration"',
      'x: key "colour" is not in the schema\'s properties',
    ]);
  });
});
