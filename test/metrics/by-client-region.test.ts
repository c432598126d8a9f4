// Availability and latency per client region (ARCHITECTURE.md, "Metrics"): in the 2AM region
// outage, the users in us-west barely notice (only their writes during the promotion fail) while
// those in us-east carry the failures, in both fidelities; the rows add up to the totals.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario, type RunResult, runScenario, withFidelity } from "../../src/scenario/index.js";

const path = "scenarios/region-outage-2am.yaml";
const scenario = loadScenario(readFileSync(path, "utf8"), path);
const runs: [string, RunResult][] = [
  ["request", runScenario(scenario, { version: "test" })],
  ["fluid", runScenario(withFidelity(scenario, "fluid"), { version: "test" })],
];

describe.each(runs)("the 2AM region outage by client region (%s)", (fidelity, result) => {
  const row = (region: string) => {
    const found = result.byClientRegion.find((r) => r.region === region);
    if (found === undefined) throw new Error(`no row for ${region}`);
    return found;
  };

  it("lists each region a client sends from, in the design's order", () => {
    expect(result.byClientRegion.map((r) => r.region)).toEqual(["us-east", "us-west"]);
  });

  it("adds up to the totals", () => {
    const requests = result.byClientRegion.reduce((sum, r) => sum + r.requests, 0);
    const succeeded = result.byClientRegion.reduce((sum, r) => sum + r.requests * r.availability, 0);
    expect(requests).toBeCloseTo(result.requests.total, 3);
    expect(succeeded / result.requests.succeeded).toBeCloseTo(1, 9);
  });

  it("leaves us-west's users all but untouched while us-east's carry the failures", () => {
    const east = row("us-east");
    const west = row("us-west");
    const eastFailed = east.requests * (1 - east.availability);
    const westFailed = west.requests * (1 - west.availability);
    // Not quite 100%, and why: us-west's reads stay local, but its writes (20%) go to the primary
    // in us-east, and fail from the region's death until the promotion (5 missed 1 s heartbeats
    // from a random phase, + 30 s, + the 1 s database timeout of writes in flight: 35–37 s). At
    // 02:00 us-west sends 180 + 420 (1 + cos(2π · −15 h / 24 h)) / 2 ≈ 241.5/s: between 25 s
    // and 40 s of its writes fail, nothing else, out of ≈ 4.9 million requests (≥ 99.95%).
    const westWritesPerS = 0.2 * (180 + (420 * (1 + Math.cos((2 * Math.PI * -15) / 24))) / 2);
    expect(westFailed).toBeGreaterThan(25 * westWritesPerS);
    expect(westFailed).toBeLessThan(40 * westWritesPerS);
    expect(west.availability).toBeGreaterThanOrEqual(0.9995);
    // us-east's users hit a dead region until DNS moves them (3 failed 10 s checks + a 60 s TTL),
    // every request, not just writes: at least 85% of all failures are theirs.
    expect(eastFailed).toBeGreaterThan(0.85 * (eastFailed + westFailed));
    expect(east.availability).toBeLessThan(0.999);
  });

  it(fidelity === "fluid" ? "reports no latency (a fluid run has none)" : "reports each region's latency", () => {
    for (const r of result.byClientRegion) {
      if (fidelity === "fluid") expect(r.latencyMs).toBeNull();
      else {
        expect(r.latencyMs).not.toBeNull();
        expect(r.latencyMs?.p99).toBeGreaterThanOrEqual(r.latencyMs?.p50 ?? Number.POSITIVE_INFINITY);
      }
    }
  });
});
