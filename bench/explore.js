// One timed exploration of scenarios/region-outage-2am.yaml in a fresh process: single points of
// failure, every pair, 200 search steps and the shrinking of what they find (fluid, one core);
// prints its figures as JSON. The figure is schedules tried per second: every simulated run.
import { readFileSync } from "node:fs";
import { exploreScenario, prepareBase } from "../dist/explore/index.js";

const file = "scenarios/region-outage-2am.yaml";
const runs = Number(process.argv[2] ?? 200);
const startedMs = performance.now();
const base = prepareBase(readFileSync(file, "utf8"), file);
const result = exploreScenario(base, { seed: 1, version: "bench", runs });
const wallMs = performance.now() - startedMs;
console.log(
  JSON.stringify({
    wallMs,
    schedules: result.runs,
    searchSteps: result.search.steps,
    domains: result.domains.length,
    findings: result.findings.length,
    fidelity: result.fidelity,
  }),
);
