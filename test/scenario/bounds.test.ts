// Every number a scenario writes is bounded at validation (ARCHITECTURE.md, "Inputs and files"; issue 13 classes 2 and
// 3): each class is generated over every field of the README's annotated example (which uses
// every key), and each answer is an error at the field that broke the bound, saying the bound.

import { readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import { DURATION, RATE, TIME_OF_DAY } from "../../src/input/index.js";
import { type InputIssue, loadScenario, runScenario, ScenarioInputError } from "../../src/scenario/index.js";

const README_EXAMPLE =
  /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(readFileSync("README.md", "utf8"))?.[1] ?? "";

interface Leaf {
  path: (string | number)[];
  value: unknown;
  line: number;
  column: number;
}

/** Every scalar of the README example with its path and position. */
function leaves(yaml: string): Leaf[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(yaml, { lineCounter });
  const found: Leaf[] = [];
  visit(document, {
    Scalar(key, node, ancestors) {
      if (key === "key" || !node.range) return;
      const path: (string | number)[] = [];
      for (let i = 1; i < ancestors.length; i++) {
        const parent = ancestors[i - 1];
        const child = ancestors[i];
        if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
        else if (isMap(parent)) {
          const pair = child as { key?: unknown };
          if (isScalar(pair.key)) path.push(String(pair.key.value));
        }
      }
      const last = ancestors[ancestors.length - 1];
      if (isSeq(last)) path.push(last.items.indexOf(node));
      const { line, col } = lineCounter.linePos(node.range[0]);
      found.push({ path, value: node.value, line, column: col });
    },
  });
  return found;
}

/** The example with the scalar at `leaf` replaced by `text` (written as YAML). */
function withValue(yaml: string, leaf: Leaf, text: string): string {
  const document = parseDocument(yaml);
  document.setIn(leaf.path, parseDocument(text).contents);
  return document.toString();
}

function issuesOf(yaml: string): InputIssue[] {
  try {
    loadScenario(yaml, "bounds.yaml");
  } catch (error) {
    if (error instanceof ScenarioInputError) return error.issues;
    throw error;
  }
  return [];
}

/** The issue at the leaf's path (its line: setIn re-renders the file, so find the path's line). */
function issueAt(yaml: string, leaf: Leaf, issues: InputIssue[]): InputIssue | undefined {
  const moved = leaves(yaml).find((l) => JSON.stringify(l.path) === JSON.stringify(leaf.path));
  return issues.find((issue) => issue.line === moved?.line && issue.column === moved?.column);
}

const ALL = leaves(README_EXAMPLE);
const DURATIONS = ALL.filter(
  (l) => typeof l.value === "string" && DURATION.test(l.value) && !TIME_OF_DAY.test(l.value),
);
const COUNTS = ALL.filter((l) => typeof l.value === "number" && Number.isInteger(l.value));
const RATES = ALL.filter((l) => typeof l.value === "string" && RATE.test(l.value));

describe("the bounded fields", () => {
  it("are found in the README example", () => {
    expect(DURATIONS.length).toBeGreaterThan(40);
    expect(COUNTS.length).toBeGreaterThan(20);
    expect(RATES.length).toBeGreaterThan(3);
    expect(issuesOf(README_EXAMPLE)).toEqual([]);
  });
});

describe("values that would overflow simulated time (class 2)", () => {
  test.prop(
    [
      fc.constantFrom(...DURATIONS),
      fc.constantFrom("4000d", "99999999999h", `1${"0".repeat(400)}d`, "87600000h", "5000d1h"),
    ],
    { numRuns: 120 },
  )("a duration past its bound is refused at its field, naming the bound", (leaf, value) => {
    const yaml = withValue(README_EXAMPLE, leaf, value);
    const issues = issuesOf(yaml);
    const issue = issueAt(yaml, leaf, issues);
    expect(issue, `${leaf.path.join(".")}: ${value} gave ${JSON.stringify(issues)}`).toBeDefined();
    expect(issue?.message).toMatch(/too long: at most (\d+d|1h)/);
  });

  it("says one year for the run and an hour on a request's path", () => {
    const run = DURATIONS.find((l) => l.path.join(".") === "duration") as Leaf;
    const timeout = DURATIONS.find((l) => l.path.join(".") === "design.services.0.calls.0.timeout") as Leaf;
    expect(issuesOf(withValue(README_EXAMPLE, run, "400d"))[0].message).toContain("at most 366d");
    expect(issuesOf(withValue(README_EXAMPLE, timeout, "2h"))[0].message).toContain("at most 1h");
  });

  test.prop([fc.constantFrom(...RATES), fc.constantFrom("200M/s", "999999999k/s", `1${"0".repeat(400)}/s`)], {
    numRuns: 40,
  })("a rate past 100M/s is refused at its field", (leaf, value) => {
    const yaml = withValue(README_EXAMPLE, leaf, value);
    const issue = issueAt(yaml, leaf, issuesOf(yaml));
    expect(issue?.message).toContain("at most 100,000,000/s");
  });

  it("refuses a service time whose tail, times the slowdowns acting on it, passes ten years", () => {
    const yaml = SMALL.replace("mean: 5ms }", "mean: 1h, distribution: lognormal, sigma: 4 }");
    expect(issuesOf(yaml).map((i) => i.message)).toEqual([
      expect.stringMatching(/^design\.services\[0\]\.serviceTime: service "api" could draw a service time of .* years/),
    ]);
    const slowed = `${SMALL}faults:\n  - { kind: slow-node, node: api/r/a/1, factor: 1000, at: 1m }\n  - { kind: bad-deploy, service: api, slowdown: 1000, at: 2m }\n`;
    // The second fault completes the product, so the error points at it.
    expect(issuesOf(slowed.replace("mean: 5ms", "mean: 1h")).map((i) => i.message)).toEqual([
      expect.stringMatching(/^faults\[1\]: service "api" could draw .* × the slowdowns of faults \(×1000000\)/),
    ]);
  });

  it("runs a design at its bounds without an internal error", () => {
    const yaml = `${SMALL.replace("duration: 10m", "duration: 30m").replace("mean: 5ms }", "mean: 1ms, distribution: lognormal, sigma: 2 }")}faults:
  - { kind: slow-node, node: api/r/a/1, factor: 1000, at: 1m }
  - { kind: bad-deploy, service: api, slowdown: 1000, at: 2m }
  - { kind: random-crashes, service: api, mtbf: 3650d, mttr: 3650d, at: 0s }
`;
    const result = runScenario(loadScenario(yaml, "edge.yaml"), { version: "test" });
    expect(result.simulated.durationS).toBe(1800);
  });

  it("refuses a restore that cannot finish or would take longer than ten years", () => {
    const db = (rate: string, size: string) =>
      SMALL.replace(
        "workload:",
        `  databases:\n    - { name: db, primary: r/a, size: ${size}, backups: { snapshotEvery: 1h, restoreRate: ${rate} } }\nworkload:`,
      );
    expect(issuesOf(db("0GB/min", "100GB"))[0].message).toContain("a restore must make progress");
    expect(issuesOf(db("0.0001GB/h", "900TB"))[0].message).toContain("would take");
    expect(issuesOf(db("10GB/min", "9000TB"))[0].message).toContain("at most 1000TB");
  });
});

/** One region, one zone, one service: the base the size classes grow. */
const SMALL = `name: small
duration: 10m
design:
  regions:
    - name: r
      zones: [a]
  services:
    - name: api
      concurrency: 8
      serviceTime: { mean: 5ms }
workload:
  clients:
    - region: r
      service: api
      rate: 50/s
slo:
  availability: ">= 99%"
`;

describe("sizes that allocate from user input (class 3)", () => {
  test.prop([fc.constantFrom(...COUNTS), fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 1e15)], {
    numRuns: 150,
  })("a count past its ceiling is refused at its field; none wraps in 32 bits", (leaf, value) => {
    const yaml = withValue(README_EXAMPLE, leaf, String(value));
    const issues = issuesOf(yaml);
    const issue = issueAt(yaml, leaf, issues);
    const key = leaf.path.join(".");
    // Only the seed and the event limit may be that large: neither is kept in a 32-bit integer.
    if (issue === undefined) {
      expect(["seed", "limits.eventsMax"]).toContain(key);
      expect(value).toBeLessThanOrEqual(key === "seed" ? Number.MAX_SAFE_INTEGER : 1e12);
      return;
    }
    expect(issue.message).toMatch(/must be at most [\d,]+, got \d+/);
  });

  test.prop(
    [
      fc.constantFrom(
        { field: "cache: { ttl: 5m, keys: %N }", ceiling: 10_000_000 },
        { field: "instancesPerZone: %N", ceiling: 1_000 },
        { field: "queue: %N", ceiling: 1_000_000 },
        { field: "autoscaling: { maxInstancesPerZone: %N }", ceiling: 1_000 },
        { field: "calls: [{ to: x, breaker: { window: %N } }]", ceiling: 100_000 },
      ),
      fc.integer({ min: 1, max: 52 }),
    ],
    { numRuns: 60 },
  )("a size past its ceiling is refused before anything is allocated", ({ field, ceiling }, bits) => {
    const n = ceiling + 2 ** bits;
    const yaml = SMALL.replace("      concurrency: 8", `      concurrency: 8\n      ${field.replace("%N", String(n))}`)
      .replace(
        "workload:",
        "  databases: [{ name: d, primary: r/a }]\n  externals: [{ name: x, latency: { mean: 1ms } }]\nworkload:",
      )
      .replace("serviceTime: { mean: 5ms }", "serviceTime: { mean: 5ms }\n      database: { name: d }");
    const messages = issuesOf(yaml).map((i) => i.message);
    const written = String(ceiling).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    expect(
      messages.some((m) => m.includes(`must be at most ${written}, got ${n}`)),
      messages.join("\n"),
    ).toBe(true);
  });

  test.prop([fc.integer({ min: 2, max: 200 }), fc.integer({ min: 600_000, max: 1_000_000 })], { numRuns: 25 })(
    "sizes each under their ceiling but together past the memory budget are refused with the estimate and the knob",
    (classes, population) => {
      const clients = Array.from(
        { length: classes },
        (_, i) => `    - { name: c${i}, region: r, service: api, rate: 1/s, population: ${population} }`,
      ).join("\n");
      const yaml = SMALL.replace(/ {2}clients:\n[\s\S]*?rate: 50\/s\n/, `  clients:\n${clients}\n`);
      const issues = issuesOf(yaml);
      // About 25 MB more go to the run's counts and timeline, so the budget line itself is blurred.
      const dnsCaches = classes * population * 8;
      if (dnsCaches < 0.95e9) expect(issues).toEqual([]);
      if (dnsCaches < 1e9) return;
      expect(issues).toHaveLength(1);
      expect(issues[0].message).toMatch(
        /this run would need about [\d.]+ GB of memory before its first event, more than the 1 GB faultline allows \(client DNS caches [\d.]+ [GM]B\); lower workload\.clients\[\d+\]\.population/,
      );
    },
  );

  test.prop(
    [
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 1, max: 20_000_000 }),
    ],
    {
      numRuns: 60,
    },
  )("requests the instances can hold at once fit the events a run may keep pending", (instances, queue, pendingMax) => {
    const yaml = SMALL.replace(
      "      concurrency: 8",
      `      concurrency: 8\n      instancesPerZone: ${instances}\n      queue: ${queue}`,
    ).concat(`limits: { pendingEventsMax: ${pendingMax} }\n`);
    const held = instances * (8 + queue);
    const issues = issuesOf(yaml).filter((i) => i.message.includes("requests at once"));
    expect(issues.length).toBe(held > pendingMax ? 1 : 0);
    if (issues.length === 1) expect(issues[0].message).toContain("raise limits.pendingEventsMax");
  });

  it("refuses a traffic ramp too short to climb its steps", () => {
    const ramp = (span: string) =>
      `${SMALL}faults:\n  - { kind: traffic-ramp, client: r, to: 1000, for: ${span}, at: 1m }\n`;
    expect(issuesOf(ramp("1us"))[0].message).toContain('"1us" is too short: at least 1s');
    expect(issuesOf(ramp("1s"))).toEqual([]);
  });

  it("counts instance slots without naming them, and refuses too many at the largest service", () => {
    const services = Array.from(
      { length: 200 },
      (_, i) => `    - { name: s${i}, instancesPerZone: 1000, concurrency: 1, serviceTime: { mean: 1ms } }`,
    ).join("\n");
    const zones = Array.from({ length: 20 }, (_, i) => `z${i}`).join(", ");
    // 200 services × 20 zones × 1,000 instances: four million slots, each a name if expanded, and
    // a thousand node faults that would each list them all.
    const faults = Array.from(
      { length: 1000 },
      (_, i) => `  - { kind: node-crash, node: s0/r/z0/${i + 1}, at: 1m }`,
    ).join("\n");
    const yaml = SMALL.replace("zones: [a]", `zones: [${zones}]`)
      .replace(/ {2}services:\n[\s\S]*?mean: 5ms }\n/, `  services:\n${services}\n`)
      .replace("service: api", "service: s0")
      .concat(`faults:\n${faults}\n`);
    const issues = issuesOf(yaml);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringContaining(
        'the design has 4,000,000 instance slots (services × zones × instances per zone), more than the 10,000 faultline simulates; "s0" alone has 20,000',
      ),
    ]);
  });
});
