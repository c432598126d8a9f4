// `npm run bench` (build first: it imports dist/). Each section is a function that prints its
// numbers and records targets; the summary prints PASS/MISS per target. Timing lives here, never
// in a test (ARCHITECTURE.md, "Determinism rules").

import { execFileSync } from "node:child_process";
import { batchMeans, erlangC } from "./erlang.js";
import { runEngine } from "./mmc-engine.js";
import { runReference } from "./mmc-reference.js";

const MMC = { lambda: 2.4, mu: 1, servers: 3, seed: 1 };
const CUSTOMERS = 1_000_000;
const WARM_UP_CUSTOMERS = 100_000;
const THROUGHPUT_RATIO_MIN = 0.5;
const WQ_SIGMAS = 4;
const SCENARIO_RATIO_MIN = 0.25;
const SIM_SECONDS_PER_WALL_SECOND_MIN = 3600;
const REGION_OUTAGE_RUNS = 3;

/** Results of earlier sections, by section letter, for later ratios. */
const results = {};
const targets = [];

function target(name, pass, detail) {
  targets.push({ name, pass, detail });
  console.log(`  ${pass ? "PASS" : "MISS"}  ${name}: ${detail}`);
}

const rate = (count, wallMs) => Math.round(count / (wallMs / 1000)).toLocaleString("en-US");

function printRun(label, result) {
  const { mean, stdErr } = batchMeans(result.batchSums, result.batchCounts);
  console.log(
    `  ${label}: ${rate(result.customers, result.wallMs)} customers/s, ${rate(result.events, result.wallMs)} events/s, ` +
      `${Math.round(result.simulatedS / (result.wallMs / 1000)).toLocaleString("en-US")} simulated s per wall s ` +
      `(${result.customers.toLocaleString("en-US")} customers in ${result.wallMs.toFixed(0)} ms)`,
  );
  console.log(`  Wq = ${mean.toFixed(4)} ± ${stdErr.toFixed(4)} (batch-means standard error)`);
  return { mean, stdErr };
}

function checkAgainstErlangC(label, wq) {
  const truth = erlangC(MMC.lambda, MMC.mu, MMC.servers);
  const sigmas = Math.abs(wq.mean - truth.meanWait) / wq.stdErr;
  target(
    `${label} Wq matches Erlang C`,
    sigmas <= WQ_SIGMAS,
    `${wq.mean.toFixed(4)} vs ${truth.meanWait.toFixed(4)} (${sigmas.toFixed(1)} standard errors; limit ${WQ_SIGMAS})`,
  );
}

function sectionReference() {
  console.log(`(a) M/M/c reference loop: lambda ${MMC.lambda}, mu ${MMC.mu}, c ${MMC.servers}, FIFO, seed ${MMC.seed}`);
  runReference({ ...MMC, customers: WARM_UP_CUSTOMERS });
  const result = runReference({ ...MMC, customers: CUSTOMERS });
  results.a = result;
  checkAgainstErlangC("(a)", printRun("(a)", result));
}

function sectionEngine() {
  console.log("(b) the same model on faultline's engine (Simulator + RandomStreams from dist/)");
  runEngine({ ...MMC, customers: WARM_UP_CUSTOMERS });
  const result = runEngine({ ...MMC, customers: CUSTOMERS });
  results.b = result;
  checkAgainstErlangC("(b)", printRun("(b)", result));
  const ratio = results.a.wallMs / result.wallMs;
  target(
    `(b) throughput >= ${THROUGHPUT_RATIO_MIN}x (a)`,
    ratio >= THROUGHPUT_RATIO_MIN,
    `${ratio.toFixed(2)}x (${rate(result.customers, result.wallMs)} vs ${rate(results.a.customers, results.a.wallMs)} customers/s)`,
  );
  // Same seeds, same (time, sequence) order, same draws: the engine must follow the same path.
  target(
    "(b) follows the reference's sample path",
    result.meanWaitInQueue === results.a.meanWaitInQueue && result.events === results.a.events,
    `Wq ${result.meanWaitInQueue} vs ${results.a.meanWaitInQueue}, events ${result.events} vs ${results.a.events}`,
  );
}

function sectionScenario() {
  console.log("(c) the same model as a scenario file through the CLI: faultline run bench/mmc.yaml --format json");
  const startedMs = performance.now();
  const output = execFileSync(
    process.execPath,
    ["bin/faultline.js", "run", "bench/mmc.yaml", "--format", "json", "--no-progress"],
    {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const wallMs = performance.now() - startedMs;
  const report = JSON.parse(output);
  const customers = report.requests.total;
  const wqS = report.queueing.meanWaitMs / 1000;
  const truth = erlangC(MMC.lambda, MMC.mu, MMC.servers);
  console.log(
    `  (c): ${rate(customers, wallMs)} customers/s, ${rate(report.simulated.events, wallMs)} events/s, ` +
      `${Math.round(report.simulated.durationS / (wallMs / 1000)).toLocaleString("en-US")} simulated s per wall s ` +
      `(${customers.toLocaleString("en-US")} customers in ${wallMs.toFixed(0)} ms, process start included)`,
  );
  // One run has no batch means here; the reference's standard error is the yardstick.
  const stdErr = batchMeans(results.a.batchSums, results.a.batchCounts).stdErr;
  const sigmas = Math.abs(wqS - truth.meanWait) / stdErr;
  target(
    "(c) Wq matches Erlang C",
    sigmas <= WQ_SIGMAS,
    `${wqS.toFixed(4)} vs ${truth.meanWait.toFixed(4)} (${sigmas.toFixed(1)} standard errors of (a); limit ${WQ_SIGMAS})`,
  );
  const aRate = results.a.customers / results.a.wallMs;
  const ratio = customers / wallMs / aRate;
  target(`(c) throughput >= ${SCENARIO_RATIO_MIN}x (a)`, ratio >= SCENARIO_RATIO_MIN, `${ratio.toFixed(2)}x`);
}

function sectionRegionOutage() {
  const runs = REGION_OUTAGE_RUNS;
  console.log(
    `region-outage-2am: scenarios/region-outage-2am.yaml, ${runs} runs, each in a fresh process (runScenario, one core)`,
  );
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, ["bench/region-outage.js"], { encoding: "utf8" });
    samples.push(JSON.parse(output));
  }
  samples.sort((x, y) => x.wallMs - y.wallMs);
  const median = samples[Math.floor(samples.length / 2)];
  const simPerWall = median.durationS / (median.wallMs / 1000);
  const requestsPerS = median.requests / median.durationS;
  console.log(
    `  median ${(median.wallMs / 1000).toFixed(2)} s wall (runs: ${samples.map((s) => (s.wallMs / 1000).toFixed(2)).join(", ")}), ` +
      `${median.events.toLocaleString("en-US")} events, ${rate(median.events, median.wallMs)} events/s, ` +
      `${Math.round(simPerWall).toLocaleString("en-US")} simulated s per wall s, ` +
      `${median.requests.toLocaleString("en-US")} requests (${requestsPerS.toFixed(0)}/s simulated), trace ${median.traceHash}`,
  );
  results.regionOutage = median;
  target("region-outage-2am traffic >= 500 requests/s", requestsPerS >= 500, `${requestsPerS.toFixed(0)}/s`);
  target(
    `region-outage-2am >= ${SIM_SECONDS_PER_WALL_SECOND_MIN} simulated s per wall s (median)`,
    simPerWall >= SIM_SECONDS_PER_WALL_SECOND_MIN,
    `${Math.round(simPerWall)}`,
  );
}

const WORKER_SPEEDUP_MIN = 1.8;
const YEARS_TARGET = 1000;
const YEARS_TARGET_S = 60;
const YEARS_AIM_S = 10;
const SWEEP_FIXTURE = "bench/fixtures/year-2am-design.yaml";

/** Wall milliseconds of `faultline sweep` with the given arguments (process start included). */
function sweepWallMs(args) {
  const startedMs = performance.now();
  execFileSync(process.execPath, ["bin/faultline.js", "sweep", ...args, "--no-progress", "--format", "json"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - startedMs;
}

/**
 * A whole sweep of `years` in a fresh process: its wall time and peak memory (bench/horizon-memory.js),
 * with V8's own heap sizing or with its old space capped (then peak memory is what the runs keep).
 */
function sweepMemory(years, workers, nodeFlags = []) {
  const out = execFileSync(
    process.execPath,
    [...nodeFlags, "bench/horizon-memory.js", String(years), String(workers)],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out);
}

function sectionSweep() {
  console.log(
    `(d) faultline sweep ${SWEEP_FIXTURE} (region-outage-2am's design, ~600 requests/s, random failures of every domain; fluid)`,
  );
  // Both at the full thousand years: a fluid year is tens of milliseconds, so at a hundred years
  // the threads' start (about a second) would be much of what is compared.
  const one = sweepWallMs([SWEEP_FIXTURE, "--years", String(YEARS_TARGET), "--workers", "1"]);
  const thousand = sweepWallMs([SWEEP_FIXTURE, "--years", String(YEARS_TARGET), "--workers", "2"]);
  console.log(
    `  --years ${YEARS_TARGET}: 1 worker ${(one / 1000).toFixed(2)} s, 2 workers ${(thousand / 1000).toFixed(2)} s`,
  );
  target(
    `(d) 2 workers >= ${WORKER_SPEEDUP_MIN}x one`,
    one / thousand >= WORKER_SPEEDUP_MIN,
    `${(one / thousand).toFixed(2)}x`,
  );
  target(
    `(d) ${YEARS_TARGET} simulated years <= ${YEARS_TARGET_S} s on 2 workers (aim ${YEARS_AIM_S} s)`,
    thousand / 1000 <= YEARS_TARGET_S,
    `${(thousand / 1000).toFixed(1)} s`,
  );
  if (results.regionOutage) {
    const replay = results.regionOutage.durationS / (results.regionOutage.wallMs / 1000);
    const sweep = (YEARS_TARGET * 365 * 86_400) / (thousand / 1000);
    console.log(
      `  simulated seconds per wall second, the same design: the fluid sweep ${Math.round(sweep).toLocaleString("en-US")} (2 workers), ` +
        `the per-request 6-hour replay ${Math.round(replay).toLocaleString("en-US")} (one core): ${Math.round(sweep / replay).toLocaleString("en-US")}x`,
    );
  }
  console.log("  peak memory of a whole sweep as the horizon grows (one worker, fresh process each):");
  const capped = ["--max-old-space-size=64"];
  const points = [1, 10, 100].map((years) => ({ free: sweepMemory(years, 1), capped: sweepMemory(years, 1, capped) }));
  for (const p of points) {
    console.log(
      `    ${String(p.free.years).padStart(4)} years: ${(p.free.wallMs / 1000).toFixed(2)} s, ${Math.round(p.free.maxRssMb)} MB peak; ` +
        `${Math.round(p.capped.maxRssMb)} MB with V8's old space capped at 64 MB`,
    );
  }
  // With V8 sizing its heap freely, peak memory settles (about 200 MB by 100 years, +5% to 400);
  // capped, what the runs keep shows: nothing per year.
  const growth = points[2].capped.maxRssMb / points[0].capped.maxRssMb;
  target(
    "(d) peak memory flat as the horizon grows (100 years within 1.2x of 1, old space capped)",
    growth <= 1.2,
    `${growth.toFixed(2)}x`,
  );
}

const EXPLORE_SCHEDULES_PER_S_MIN = 20;

function sectionExplore() {
  console.log(
    "(e) faultline explore scenarios/region-outage-2am.yaml: every domain, every pair, 200 search steps and shrinking (fluid, one core, fresh process)",
  );
  const output = execFileSync(process.execPath, ["bench/explore.js", "200"], { encoding: "utf8" });
  const run = JSON.parse(output);
  const perS = run.schedules / (run.wallMs / 1000);
  console.log(
    `  ${run.schedules.toLocaleString("en-US")} schedules (${run.domains} domains, ${run.searchSteps} search steps, ${run.findings} findings) in ${(run.wallMs / 1000).toFixed(2)} s: ${perS.toFixed(0)} schedules tried per second`,
  );
  target(
    `(e) explore >= ${EXPLORE_SCHEDULES_PER_S_MIN} schedules tried per second`,
    perS >= EXPLORE_SCHEDULES_PER_S_MIN,
    `${perS.toFixed(0)}/s`,
  );
}

const SECTIONS = [sectionReference, sectionEngine, sectionScenario, sectionRegionOutage, sectionSweep, sectionExplore];
/** `node bench/run.js explore`: only the sections named (by function name without "section", any case). */
const only = process.argv.slice(2).map((name) => name.toLowerCase());
const chosen =
  only.length === 0 ? SECTIONS : SECTIONS.filter((s) => only.includes(s.name.replace(/^section/, "").toLowerCase()));

console.log(
  `faultline bench — node ${process.version}, ${CUSTOMERS.toLocaleString("en-US")} customers per M/M/c run\n`,
);
for (const section of chosen) {
  await section();
  console.log("");
}
const missed = targets.filter((t) => !t.pass).length;
console.log(`targets: ${targets.length - missed} PASS, ${missed} MISS`);
