// Mechanics of the edge: ddos floods, token-bucket rate limits and the CDN.
//
// A rate-limit rule is a token bucket that starts full (`burst` tokens) and refills at `rate`. A
// flood far above the rate drains it at once and then gets exactly one request per refilled
// token, so over a flood of T seconds the edge admits burst + rate·T requests, less the fraction
// of a token left over at the end and the token refilled after the last request (at most 2):
// that check is exact. Poisson counts (the flood's size, the users' requests) allow 5 standard
// deviations.

import { describe, expect, it } from "vitest";
import { runYaml } from "../support/scenarios.js";

function edgeYaml(options: { edge: string; faults: string; client?: string }): string {
  return `
name: edge
duration: 60s
design:
  network: { sameZone: 0us, crossZone: 0us, crossRegion: 0us, client: ${options.client ?? "0us"}, jitter: 0% }
  regions: [{ name: r, zones: [a] }]
  services:
    - name: api
      concurrency: 256
      serviceTime: { distribution: constant, mean: 1ms }
  edge: ${options.edge}
workload:
  clients:
    - { name: users, region: r, service: api, rate: 100/s }
    - { name: botnet, region: r, service: api, rate: 0/s, malicious: true }
faults:
${options.faults}
`;
}

const flood = (at: string) => `  - { kind: ddos, client: botnet, rate: 5000/s, at: ${at}, for: 10s }`;
const admitted = (result: ReturnType<typeof runYaml>) => result.attack.served + result.attack.failed;

describe("ddos against an edge rate limit", () => {
  const result = runYaml(
    edgeYaml({ edge: "{ rateLimits: [{ clients: [botnet], rate: 50/s, burst: 100 }] }", faults: flood("20s") }),
  );

  it("floods at the fault's rate instead of the class's own", () => {
    const total = admitted(result) + result.attack.blocked;
    expect(Math.abs(total - 50_000)).toBeLessThan(5 * Math.sqrt(50_000));
  });

  it("admits exactly the bucket's burst plus its rate × the flood's length", () => {
    expect(admitted(result)).toBeLessThanOrEqual(100 + 50 * 10);
    expect(admitted(result)).toBeGreaterThanOrEqual(100 + 50 * 10 - 2);
  });

  it("never counts attack traffic as user requests, and leaves users of other rules alone", () => {
    expect(Math.abs(result.requests.total - 6_000)).toBeLessThan(5 * Math.sqrt(6_000));
    expect(result.requests.failed).toBe(0);
  });

  it("refills the bucket after a flood only up to its burst", () => {
    // Two floods 10 s apart: 500 tokens would refill, the burst caps them at 100.
    const twice = runYaml(
      edgeYaml({
        edge: "{ rateLimits: [{ clients: [botnet], rate: 50/s, burst: 100 }] }",
        faults: `${flood("10s")}\n${flood("30s")}`,
      }),
    );
    expect(admitted(twice)).toBeLessThanOrEqual(2 * (100 + 50 * 10));
    expect(admitted(twice)).toBeGreaterThanOrEqual(2 * (100 + 50 * 10) - 4);
  });
});

describe("a rate limit shared by users and attackers", () => {
  it("turns users away as rate-limited once the flood has taken the tokens", () => {
    const result = runYaml(
      edgeYaml({
        edge: "{ rateLimits: [{ clients: [users, botnet], rate: 200/s, burst: 100 }] }",
        faults: flood("20s"),
      }),
    );
    // Before and after the flood the users' 100/s stay under 200/s. During it, 2,100 tokens are
    // shared by 5,100 requests/s of which the users send 1 in 51: ~1,000 × (1 − 2,100/51,000) fail.
    const failed = result.failuresByReason["rate-limited"] ?? 0;
    expect(Math.abs(failed - 1_000 * (1 - 2_100 / 51_000))).toBeLessThan(5 * Math.sqrt(1_000));
    expect(result.requests.failed).toBe(failed);
  });
});

describe("the CDN", () => {
  it("answers users at the edge in one client round trip, but never attack traffic", () => {
    const result = runYaml(
      edgeYaml({
        client: "7ms",
        edge: "{ cacheHitRatio: 100% }",
        faults: `  - { kind: region-outage, region: r, at: 0s }\n  - { kind: ddos, client: botnet, rate: 100/s, at: 10s, for: 10s }`,
      }),
    );
    // The origin region is down all run: users still all succeed, the attack all fails.
    expect(result.requests.failed).toBe(0);
    expect(result.latencyMs.max).toBe(14);
    expect(result.attack.served).toBe(0);
    expect(Math.abs(result.attack.failed - 1_000)).toBeLessThan(5 * Math.sqrt(1_000));
  });
});
