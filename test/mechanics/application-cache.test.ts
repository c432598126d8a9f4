// Mechanics of the fixed-hit-ratio application cache and of the two cache faults.
//
// The trick: the service's database is down for the whole run (node-crash with failover off), so
// a read succeeds only when the cache answers it. Each 10 s window's success ratio then *is* the
// cache's hit ratio over that window, and the promised shapes can be checked window by window:
// 80% warm; after a flush, 0 climbing linearly to 80% over `warmup`; while the cache is down,
// nothing; when it comes back, empty and warming up as after a flush.
//
// Tolerance: a window holds ~2,000 reads at 200/s, each a hit with probability p: the ratio's
// s.d. is at most √(0.25/2000) ≈ 0.011; each check allows 5 of them (0.056).

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function cacheYaml(faults: string, writeRatio = "0%"): string {
  return `
name: application-cache
duration: 4m
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: 0us, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 256
      serviceTime: { distribution: constant, mean: 1ms }
      database: { name: db, timeout: 20ms }
      cache: { hitRatio: 80%, latency: 2ms, warmup: 100s }
  databases:
    - { name: db, primary: r/a, readTime: 5ms, failover: { mode: none } }
workload:
  clients: [{ region: r, service: api, rate: 200/s, writeRatio: ${writeRatio} }]
faults:
  - { kind: node-crash, node: db/r/a, at: 0s }
${faults}
`;
}

const TOLERANCE = 5 * Math.sqrt(0.25 / 2000);

/** Success ratio of the 10 s window starting at `startS`. */
function windowRatio(result: ReturnType<typeof runYaml>, startS: number): number {
  const point = result.timeline.points.find((p) => p.startS === startS);
  if (!point) throw new Error(`no window at ${startS}s`);
  return point.successRatio;
}

/** The promised hit ratio averaged over a window: linear warm-up from `fromS` over 100 s. */
function warmingRatio(startS: number, fromS: number): number {
  const midS = startS + 5 - fromS;
  return 0.8 * Math.min(1, Math.max(0, midS / 100));
}

describe("a fixed-hit-ratio cache", () => {
  const result = runYaml(cacheYaml(""));

  it("answers its share of reads without the database, at its own latency", () => {
    expect(result.caches).toHaveLength(1);
    const { hits, misses, hitRatio } = result.caches[0];
    // 48,000 reads: s.d. of the ratio ≈ 0.0018; allow 5.
    expect(Math.abs(hitRatio - 0.8)).toBeLessThan(5 * Math.sqrt(0.16 / 48_000));
    // Every hit succeeds and every miss fails, except the few still in flight at the end.
    const inFlight = result.counts.inFlight;
    expect(hits - result.requests.succeeded).toBeGreaterThanOrEqual(0);
    expect(misses - (result.failuresByReason["database-unavailable"] ?? 0)).toBeGreaterThanOrEqual(0);
    expect(hits + misses - result.requests.total).toBeGreaterThanOrEqual(0);
    expect(hits + misses - result.requests.total).toBeLessThanOrEqual(inFlight);
    expect(result.latencyMs.max).toBe(3); // 1 ms of work + 2 ms of cache, no database call
  });

  it("never answers a write: writes always go to the database", () => {
    const mixed = runYaml(cacheYaml("", "50%"));
    const reads = mixed.caches[0].hits + mixed.caches[0].misses;
    // Only reads consult the cache; every write fails against the dead database.
    expect(mixed.caches[0].hits - mixed.requests.succeeded).toBeGreaterThanOrEqual(0);
    expect(mixed.caches[0].hits - mixed.requests.succeeded).toBeLessThanOrEqual(mixed.counts.inFlight);
    expect(Math.abs(reads - mixed.requests.total / 2)).toBeLessThan(5 * Math.sqrt(mixed.requests.total / 4));
  });
});

describe("cache-flush", () => {
  const result = runYaml(cacheYaml("  - { kind: cache-flush, service: api, at: 60s }"));

  it("empties the cache at once and climbs back linearly over the warm-up", () => {
    expect(result.events.find((e) => e.kind === "cache.flushed")?.timeUs).toBe(60e6);
    for (let startS = 0; startS < 240; startS += 10) {
      const expected = startS < 60 ? 0.8 : warmingRatio(startS, 60);
      expect(Math.abs(windowRatio(result, startS) - expected), `window at ${startS}s`).toBeLessThan(TOLERANCE);
    }
  });

  it("sends the lost hits to the database: 200/s × 0.8 × warmup/2 extra misses", () => {
    const expectedMisses = 48_000 * 0.2 + 200 * 0.8 * 50;
    expect(Math.abs(result.caches[0].misses - expectedMisses)).toBeLessThan(5 * Math.sqrt(expectedMisses));
  });
});

describe("cache-failure", () => {
  const result = runYaml(cacheYaml("  - { kind: cache-failure, service: api, at: 60s, for: 40s }"));

  it("sends every read to the database while it is down", () => {
    for (let startS = 60; startS < 100; startS += 10) {
      // Only reads begun in the last 21 ms before 60 s can finish in the window at 60 s as hits.
      expect(windowRatio(result, startS), `window at ${startS}s`).toBeLessThan(0.005);
    }
    const kinds = result.events.filter((e) => e.kind.startsWith("cache."));
    expect(kinds.map((e) => [e.kind, e.timeUs])).toEqual([
      ["cache.failed", 60e6],
      ["cache.restored", 100e6],
    ]);
  });

  it("comes back empty and warms up as after a flush", () => {
    for (let startS = 100; startS < 240; startS += 10) {
      expect(Math.abs(windowRatio(result, startS) - warmingRatio(startS, 100)), `window at ${startS}s`).toBeLessThan(
        TOLERANCE,
      );
    }
    for (let startS = 0; startS < 60; startS += 10) {
      expect(Math.abs(windowRatio(result, startS) - 0.8)).toBeLessThan(TOLERANCE);
    }
  });
});
