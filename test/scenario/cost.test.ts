// What a design costs (ARCHITECTURE.md, "Cost"): totals a person can compute by hand from the
// stated prices and the design, instance-hours that are the integral of the instances the
// autoscaler ran, the same cost in both fidelities, and price errors at their line and column.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BYTES_PER_GB, MONTH_HOURS } from "../../src/metrics/index.js";
import {
  formatCheckJson,
  formatHtml,
  formatJson,
  formatMarkdown,
  formatText,
  parseBaseline,
} from "../../src/report/index.js";
import {
  type InputIssue,
  judgeScenario,
  loadScenario,
  monthlyCost,
  PRICE_TABLES,
  runScenario,
} from "../../src/scenario/index.js";
import { aggregateSweep, runSweepRun, sweepHeader } from "../../src/sweep/index.js";
import { inputIssues } from "../support/scenarios.js";

const PRICES = {
  instanceHour: 0.1,
  databaseNodeHour: 0.3,
  storageGbMonth: 0.125,
  backupGbMonth: 0.05,
  loadBalancerHour: 0.025,
  crossZoneGb: 0.01,
  crossRegionGb: 0.02,
  internetOutGb: 0.09,
  internetInGb: 0.004,
  downtimeMinute: 0,
  lostWrite: 0,
};

/** Two regions; api runs 2 instances in each of 3 zones; orders has a replica in another zone and one in another region. */
const SMALL = `
name: small-priced
duration: 1h
design:
  regions:
    - { name: east, zones: [a, b, c] }
    - { name: west, zones: [a] }
  services:
    - name: api
      regions: [east]
      instancesPerZone: 2
      concurrency: 16
      serviceTime: { distribution: constant, mean: 2ms }
      database: { name: orders, reads: primary, timeout: 1s }
  databases:
    - name: orders
      primary: east/a
      size: 40GB
      replicas:
        - { zone: east/b, mode: async, lag: 100ms }
        - { zone: west/a, mode: async, lag: 1s }
      backups: { snapshotEvery: 24h }
workload:
  clients: [{ region: east, service: api, rate: 50/s, writeRatio: 40% }]
cost:
  prices: ${JSON.stringify(PRICES)}
  recordSize: 2KB
  requestSize: 1KB
  responseSize: 10KB
`;

function issuesOf(yaml: string): InputIssue[] {
  const issues = inputIssues(yaml, "priced.yaml");
  if (issues.length === 0) throw new Error("expected an input error");
  return issues;
}

describe("cost", () => {
  it("totals instances × hours × price, nodes, storage, balancers and transfer as computed by hand", () => {
    const result = runScenario(loadScenario(SMALL, "small.yaml"), { version: "test" });
    const cost = monthlyCost(result);
    if (cost === undefined) throw new Error("a scenario with cost: must report a cost");
    const writes = result.counts.writesCommitted;
    expect(writes).toBeGreaterThan(50_000); // 50/s × 40% × 3600 s: enough for transfer to weigh
    const scale = MONTH_HOURS / 1; // a one-hour run
    const gb = (bytes: number) => (bytes / BYTES_PER_GB) * scale;
    const expected = {
      "instances api": 6 * MONTH_HOURS * PRICES.instanceHour, // 2 per zone × 3 zones, never scaled
      "database nodes orders": 3 * MONTH_HOURS * PRICES.databaseNodeHour, // primary + 2 replicas
      "storage orders": 3 * 40 * PRICES.storageGbMonth, // a copy per node
      "backups orders": 40 * PRICES.backupGbMonth,
      "load balancers": 1 * MONTH_HOURS * PRICES.loadBalancerHour, // api in one region
      "transfer cross-zone (replication)": gb(writes * 2000) * PRICES.crossZoneGb, // east/a → east/b
      "transfer cross-region (replication)": gb(writes * 2000) * PRICES.crossRegionGb, // east/a → west/a
      "transfer internet in (requests)": gb(result.requests.total * 1000) * PRICES.internetInGb,
      "transfer internet out (responses)": gb(result.requests.succeeded * 10_000) * PRICES.internetOutGb,
    };
    const items = Object.fromEntries(cost.items.map((item) => [item.item, item.monthly]));
    expect(Object.keys(items)).toEqual(Object.keys(expected));
    for (const [item, amount] of Object.entries(expected)) expect(items[item], item).toBeCloseTo(amount, 9);
    const total = Object.values(expected).reduce((sum, amount) => sum + amount, 0);
    // Exact to a billionth of a dollar: only the order of the floating-point additions differs.
    expect(cost.monthlyTotal).toBeCloseTo(total, 9);
    expect(cost.assumptions.overridden).toEqual(Object.keys(PRICES));
  });

  it("prices downtime and lost writes apart from the infrastructure, scaled like the rest", () => {
    const yaml = `${SMALL.replace('"downtimeMinute":0,"lostWrite":0', '"downtimeMinute":100,"lostWrite":0.5')}
faults: [{ kind: region-outage, region: east, at: 20m, for: 10m }]
`;
    const result = runScenario(loadScenario(yaml, "small.yaml"), { version: "test" });
    const cost = monthlyCost(result);
    if (cost === undefined) throw new Error("no cost");
    const downtimeS = result.incidents.reduce((sum, incident) => sum + incident.rtoS, 0);
    expect(downtimeS).toBeGreaterThan(500);
    const failures = (downtimeS / 60) * MONTH_HOURS * 100 + result.rpo.lostWrites * MONTH_HOURS * 0.5;
    expect(cost.failuresMonthly).toBeCloseTo(failures, 6);
    expect(cost.monthlyTotal).toBeCloseTo(cost.infrastructureMonthly + failures, 6);
  });

  it("pays for exactly the integral of the instances the autoscaler ran, launch to removal", () => {
    const file = "scenarios/traffic-spike-autoscaling.yaml";
    const result = runScenario(loadScenario(readFileSync(file, "utf8"), file), { version: "test" });
    const endS = result.simulated.durationS;
    // From the trace alone: 3 instances from the start, each scale-out launches `added` until the
    // end, each removal stops one from its time to the end.
    let integralS = 3 * endS;
    for (const event of result.events) {
      const timeS = event.timeUs / 1e6;
      if (event.kind === "autoscaler.scaledOut") integralS += (event.data as { added: number }).added * (endS - timeS);
      if (event.kind === "node.removed") integralS -= endS - timeS;
    }
    expect(result.events.some((event) => event.kind === "node.removed")).toBe(true);
    const paidS = result.usage.instanceSeconds[0].seconds;
    expect(paidS).toBeGreaterThan(3 * endS * 1.1); // it did scale out
    expect(paidS).toBeCloseTo(integralS, 6);
    const cost = monthlyCost(result);
    const instances = cost?.items.find((item) => item.item === "instances search");
    expect(instances?.monthly).toBeCloseTo((paidS / 3600) * (MONTH_HOURS / (endS / 3600)) * 0.096, 9);
  });

  it("comes out the same in both fidelities: instance and node-hours exactly, transfer within noise", () => {
    const file = "scenarios/zone-outage.yaml";
    const text = `${readFileSync(file, "utf8")}\ncost: { prices: { downtimeMinute: 10 } }\n`;
    const run = (fidelity: "request" | "fluid") =>
      runScenario(loadScenario(text, file, { fidelity, duration: "1h" }), { version: "test" });
    const [perRequest, fluid] = [run("request"), run("fluid")];
    expect(fluid.simulated.fidelity).toBe("fluid");
    const a = monthlyCost(perRequest);
    const b = monthlyCost(fluid);
    if (a === undefined || b === undefined) throw new Error("no cost");
    const byItem = (items: typeof a.items) => Object.fromEntries(items.map((item) => [item.item, item.monthly]));
    const [x, y] = [byItem(a.items), byItem(b.items)];
    expect(Object.keys(y)).toEqual(Object.keys(x));
    for (const item of ["instances orders", "database nodes ordersdb", "storage ordersdb", "load balancers"])
      expect(y[item], item).toBe(x[item]);
    // 400/s over an hour is 1.44M requests and 432k writes: Poisson noise is about 0.15% (the
    // fluid counts are expectations), so 1% is several standard deviations (measured: 0.11%, 0.05%).
    const transfers = Object.keys(x).filter((name) => name.startsWith("transfer") && x[name] > 0);
    expect(transfers.length).toBeGreaterThanOrEqual(2); // replication within the region, responses
    for (const item of transfers) expect(Math.abs(y[item] / x[item] - 1), item).toBeLessThan(0.01);
    expect(Math.abs(b.infrastructureMonthly / a.infrastructureMonthly - 1)).toBeLessThan(0.01);
    // Downtime is incident time, whose ends are judged to the second: the fidelity-agreement
    // test's RTO tolerance, 5 s or 2% (here about 26 s against 25 s).
    const [down, fluidDown] = [perRequest.usage.downtimeS, fluid.usage.downtimeS];
    expect(down).toBeGreaterThan(0);
    expect(Math.abs(fluidDown - down)).toBeLessThanOrEqual(Math.max(5, 0.02 * down));
  });

  it("reports no cost without a cost section, and the section changes nothing simulated", () => {
    const file = "scenarios/zone-outage.yaml";
    const text = readFileSync(file, "utf8");
    const options = { duration: "35m" }; // through the start of the zone outage at 00:30
    const plain = runScenario(loadScenario(text, file, options), { version: "test" });
    const priced = runScenario(loadScenario(`${text}\ncost: {}\n`, file, options), { version: "test" });
    expect(plain.cost).toBeUndefined();
    expect(JSON.parse(formatJson(plain)).cost).toBeUndefined();
    expect(formatText(plain)).not.toContain("Cost per month");
    expect(priced.traceHash).toBe(plain.traceHash);
    expect(priced.cost?.assumptions.table.name).toBe("example-aws-2024");
    expect(priced.cost?.assumptions.prices).toEqual(PRICE_TABLES["example-aws-2024"].prices);
  });

  it("prints the total and every assumption in each format", () => {
    const scenario = loadScenario(SMALL, "small.yaml");
    const result = runScenario(scenario, { version: "test" });
    const check = { version: "test", scenarios: [judgeScenario(scenario, [result])], errors: [], pass: true };
    const total = `$${(result.cost?.monthlyTotal ?? 0).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
    const outputs = {
      text: formatText(result),
      markdown: formatMarkdown(check),
      html: formatHtml(check),
    };
    for (const [format, output] of Object.entries(outputs)) {
      expect(output, format).toContain(total);
      for (const assumption of ["730 h", "example-aws-2024", "2024-06", "not a bill", "2KB to each replica"])
        expect(output, `${format}: ${assumption}`).toContain(assumption);
    }
    expect(JSON.parse(formatJson(result)).cost.monthlyTotal).toBe(result.cost?.monthlyTotal);
    // A check report with a cost still reads back as a baseline.
    expect(parseBaseline(formatCheckJson(check), "baseline.json")[0].name).toBe("small-priced");
    expect(JSON.parse(formatCheckJson(check)).scenarios[0].cost.monthlyTotal).toBeCloseTo(
      result.cost?.monthlyTotal ?? 0,
      9,
    );
  });

  it("gives a sweep the mean of its runs' monthly costs, and the mean run's breakdown adds up to it", () => {
    const yaml = `${SMALL.replace("duration: 1h", "duration: 30d")}
faults: [{ kind: zone-outage, zone: east/a, recur: { mtbf: 2d, mttr: 1h } }]
`.replace('"downtimeMinute":0', '"downtimeMinute":20');
    const scenario = loadScenario(yaml, "small.yaml", { fidelity: "fluid" });
    const header = sweepHeader(scenario, 4, 1, "test", { fidelity: "fluid", obstacles: [] });
    const sweep = aggregateSweep(
      header,
      [0, 1, 2, 3].map((run) => runSweepRun(scenario, header, run)),
    );
    const alone = [1, 2, 3, 4].map(
      (seed) => monthlyCost(runScenario(scenario, { version: "test", seed }))?.monthlyTotal ?? 0,
    );
    expect(new Set(alone).size).toBeGreaterThan(1); // the runs differ, so the mean is a mean
    const mean = alone.reduce((sum, total) => sum + total, 0) / alone.length;
    expect(sweep.cost?.monthlyTotal.mean).toBeCloseTo(mean, 6);
    expect(sweep.cost?.breakdown.monthlyTotal).toBeCloseTo(mean, 6);
    // Cost per nine: the infrastructure over the nines of the mean availability.
    const nines = -Math.log10(1 - sweep.figures.availability.mean);
    expect(nines).toBeGreaterThan(0);
    expect(sweep.cost?.nines).toBeCloseTo(nines, 12);
    expect(sweep.cost?.infrastructurePerNine).toBeCloseTo(
      (sweep.cost?.breakdown.infrastructureMonthly ?? 0) / nines,
      9,
    );
  });

  it("prices a service's instances at its own price when the scenario gives one", () => {
    const yaml = SMALL.replace("  recordSize: 2KB", "  instanceHourByService: { api: 0.25 }\n  recordSize: 2KB");
    const cost = monthlyCost(runScenario(loadScenario(yaml, "small.yaml"), { version: "test" }));
    const instances = cost?.items.find((item) => item.item === "instances api");
    expect(instances?.monthly).toBeCloseTo(6 * MONTH_HOURS * 0.25, 9);
    expect(cost?.assumptions.instanceHourByService).toEqual([{ service: "api", instanceHour: 0.25 }]);
  });

  it("judges a cost target on the run's cost per month", () => {
    const base = runScenario(loadScenario(SMALL, "small.yaml"), { version: "test" });
    const total = base.cost?.monthlyTotal ?? 0;
    const judged = (target: string) =>
      runScenario(loadScenario(`${SMALL}slo: { cost: "${target}" }\n`, "small.yaml"), { version: "test" }).slo[0];
    const above = judged(`<= $${Math.ceil(total + 1).toLocaleString("en-US")}/month`);
    const below = judged(`<= ${Math.floor(total - 1)}`);
    expect(above).toMatchObject({ name: "cost", actual: total, pass: true });
    expect(below).toMatchObject({ name: "cost", actual: total, pass: false });
    expect(below.actualText).toBe(`${Number(total.toFixed(2))}/month`);
  });

  describe("input errors", () => {
    it("a per-service price for a service the design lacks is reported with the one it meant", () => {
      const yaml = SMALL.replace("  recordSize: 2KB", "  instanceHourByService:\n    apy: 0.25\n  recordSize: 2KB");
      const [issue] = issuesOf(yaml);
      expect(issue.line).toBe(yaml.split("\n").findIndex((text) => text.includes("apy:")) + 1);
      expect(issue.message).toContain('"apy"');
      expect(issue.message).toContain("api");
    });

    it("more per-service prices than a design can have services is one error, before any name is looked up", () => {
      const many = Array.from({ length: 300 }, (_, i) => `s${i}: 0.1`).join(", ");
      const yaml = SMALL.replace("  recordSize: 2KB", `  instanceHourByService: { ${many} }\n  recordSize: 2KB`);
      const issues = issuesOf(yaml);
      expect(issues).toHaveLength(1);
      expect(issues[0].message).toContain("at most 200 services");
    });

    it("a cost target without prices, or not an amount, is reported at the target", () => {
      const withoutPrices = SMALL.slice(0, SMALL.indexOf("cost:"));
      const [missing] = issuesOf(`${withoutPrices}slo:\n  cost: "<= $5000/month"\n`);
      expect(missing.line).toBe(withoutPrices.split("\n").length + 1);
      expect(missing.message).toContain("add a cost: section");
      const [bad] = issuesOf(`${SMALL}slo:\n  cost: "<= cheap"\n`);
      expect(bad.line).toBe(SMALL.split("\n").length + 1);
      expect(bad.message).toContain('"$5000/month"');
    });

    it("a price that is not a number is reported at its line and column", () => {
      const yaml = SMALL.replace(`  prices: ${JSON.stringify(PRICES)}`, '  prices:\n    instanceHour: "cheap"');
      const [issue] = issuesOf(yaml);
      const line = yaml.split("\n").findIndex((text) => text.includes('instanceHour: "cheap"')) + 1;
      expect(issue).toMatchObject({ file: "priced.yaml", line, column: 19 });
      expect(issue.message).toContain("cost.prices.instanceHour");
      expect(issue.message).toContain("expected a number");
    });

    it("a misspelt price is reported with the one it most likely meant", () => {
      const yaml = SMALL.replace(`  prices: ${JSON.stringify(PRICES)}`, "  prices:\n    instanceHours: 0.2");
      const [issue] = issuesOf(yaml);
      const line = yaml.split("\n").findIndex((text) => text.includes("instanceHours:")) + 1;
      expect(issue).toMatchObject({ line, column: 5 });
      expect(issue.message).toContain("did you mean instanceHour?");
    });

    it("a negative price, an unknown table and a size without a unit each name their place", () => {
      const yaml = SMALL.replace(
        `  prices: ${JSON.stringify(PRICES)}\n  recordSize: 2KB`,
        "  table: example-aws-2023\n  prices:\n    crossZoneGb: -0.01\n  recordSize: 2 kilobytes",
      );
      const issues = issuesOf(yaml);
      const lineOf = (needle: string) => yaml.split("\n").findIndex((text) => text.includes(needle)) + 1;
      expect(issues.map((issue) => issue.line)).toEqual([
        lineOf("example-aws-2023"),
        lineOf("crossZoneGb"),
        lineOf("kilobytes"),
      ]);
      expect(issues[0].message).toContain("example-aws-2024");
      expect(issues[1].message).toContain("at least 0");
      expect(issues[2].message).toContain('"1KB"');
    });
  });
});
