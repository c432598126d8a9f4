// One timed run of scenarios/region-outage-2am.yaml in a fresh process (so the JIT state of
// other benchmark sections cannot help or hurt it); prints its figures as JSON.
import { readFileSync } from "node:fs";
import { loadScenario, runScenario } from "../dist/scenario/index.js";

const file = "scenarios/region-outage-2am.yaml";
const scenario = loadScenario(readFileSync(file, "utf8"), file);
const startedMs = performance.now();
const result = runScenario(scenario, { version: "bench" });
const wallMs = performance.now() - startedMs;
console.log(
  JSON.stringify({
    wallMs,
    events: result.simulated.events,
    durationS: result.simulated.durationS,
    requests: result.requests.total,
    traceHash: result.traceHash,
  }),
);
