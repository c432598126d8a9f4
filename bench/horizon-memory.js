// A whole `faultline sweep --years N` of bench/fixtures/year-2am-design.yaml in this process
// (its worker threads included), then its wall time and peak memory (resident set) as JSON: does
// memory grow with the horizon? Each year is a run whose memory is freed when it ends; what stays
// is one summary per run.
import { main } from "../dist/cli/main.js";

const file = "bench/fixtures/year-2am-design.yaml";
const years = process.argv[2] ?? "1";
const workers = process.argv[3] ?? "2";
const sink = { write: () => true, isTTY: false };
const startedMs = performance.now();
const code = await main(["sweep", file, "--years", years, "--workers", workers, "--no-progress", "--format", "json"], {
  stdout: sink,
  stderr: sink,
  env: {},
  version: "bench",
});
const wallMs = performance.now() - startedMs;
console.log(
  JSON.stringify({
    years: Number(years),
    workers: Number(workers),
    code,
    wallMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
