// One run of scenarios/year-two-regions.yaml for the duration given, in a fresh process; prints
// its wall time and peak memory (resident set) as JSON: does memory grow with the horizon?
import { readFileSync } from "node:fs";
import { loadScenario, runScenario } from "../dist/scenario/index.js";

const file = "scenarios/year-two-regions.yaml";
const duration = process.argv[2] ?? "30d";
const scenario = loadScenario(readFileSync(file, "utf8"), file, { duration });
const startedMs = performance.now();
const result = runScenario(scenario, { version: "bench" });
const wallMs = performance.now() - startedMs;
console.log(
  JSON.stringify({
    duration,
    wallMs,
    events: result.simulated.events,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
