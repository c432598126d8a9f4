// A keyed TTL cache against its theory. Reads arrive as a Poisson process spread uniformly over
// N keys, so each key sees Poisson reads at λ = R/N. A miss fills the entry for T; the reads in
// the next T are hits; then the next read misses. Each cycle is T plus an exponential wait of
// mean 1/λ, holding λT hits on average, so the steady-state hit ratio is λT / (1 + λT).
//
// Tolerance: 0.01 absolute. The run starts warm but not in steady state (every entry present,
// remaining TTLs uniform); settling costs at most one hit or miss per key over and above the
// steady state (N = 5,000 of 1.8 M reads, a bias below 0.3%). Fills happen when the database read completes, ~2 ms after the miss: a further
// λ × 2 ms < 0.1% of the cycle. The statistical error is ~0.05% (1.8 M reads, correlated within a
// key's cycle). So 0.01 is about twice the worst bias plus many standard errors.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function cacheYaml(options: {
  perSecond: number;
  keys: number;
  ttl: string;
  jitter?: string;
  duration?: string;
  faults?: string;
}) {
  return `
name: ttl-cache
duration: ${options.duration ?? "1h"}
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 64
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 1s }
      cache: { ttl: ${options.ttl}, keys: ${options.keys}, ttlJitter: ${options.jitter ?? "0%"} }
  databases: [{ name: db, primary: r/a, readTime: 1ms }]
workload:
  clients: [{ region: r, service: api, rate: ${options.perSecond}/s, writeRatio: 0% }]
faults: [${options.faults ?? ""}]
`;
}

const hitRatioOf = (yaml: string) => {
  const result = runYaml(yaml);
  expect(result.caches).toHaveLength(1);
  return result.caches[0].hitRatio;
};

describe("a keyed TTL cache", () => {
  it("hits λT / (1 + λT) of the reads: λT = 1 gives 1/2", () => {
    // 500 reads/s over 5,000 keys: λ = 0.1/s per key; T = 10 s.
    expect(Math.abs(hitRatioOf(cacheYaml({ perSecond: 500, keys: 5000, ttl: "10s" })) - 0.5)).toBeLessThan(0.01);
  });

  it("hits λT / (1 + λT) of the reads: λT = 4 gives 4/5", () => {
    // λ = 0.1/s per key; T = 40 s.
    expect(Math.abs(hitRatioOf(cacheYaml({ perSecond: 500, keys: 5000, ttl: "40s" })) - 0.8)).toBeLessThan(0.01);
  });

  it("with TTL jitter J uses the mean TTL T(1 − J/2)", () => {
    // T = 40 s shortened uniformly by up to 50%: mean 30 s, λT = 3, hit ratio 3/4 (cycles are
    // independent renewals, so only the mean TTL matters).
    const ratio = hitRatioOf(cacheYaml({ perSecond: 500, keys: 5000, ttl: "40s", jitter: "50%" }));
    expect(Math.abs(ratio - 0.75)).toBeLessThan(0.01);
  });

  it("warms up from cold only when something stops the stampede from overwhelming the database", () => {
    // A flush, then 1,000 reads/s all missing the empty cache, against a database that serves 400/s. Warm, the
    // cache would take 99.8% of them (λT = 300). With 1,024 slots every read reaches the
    // database, which is past its capacity: most time out and fill nothing. With 64 slots the
    // service sheds what it cannot hold, the database stays within capacity, and every read it
    // serves fills an entry.
    const cold = (slots: number) =>
      runYaml(
        cacheYaml({
          perSecond: 1000,
          keys: 2000,
          ttl: "10m",
          duration: "5m",
          faults: "{ kind: cache-flush, service: api, at: 1s }",
        })
          .replace("readTime: 1ms", "readTime: 10ms, capacity: 4")
          .replace("timeout: 1s", "timeout: 500ms")
          .replace("concurrency: 64", `concurrency: ${slots}`),
      );
    const flooded = cold(1024);
    const throttled = cold(64);
    expect(flooded.caches[0].hitRatio).toBeLessThan(0.5);
    expect(throttled.caches[0].hitRatio).toBeGreaterThan(0.95);
    expect(throttled.availability - flooded.availability).toBeGreaterThan(0.3);
  });
});
