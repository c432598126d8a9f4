// The breakdown by client region in every report: a block in the text report, a small table
// per scenario in Markdown and HTML, a field in the JSON, only when users send from more than
// one region.

import { describe, expect, it } from "vitest";
import { formatHtml, formatMarkdown, formatText, toJsonReport } from "../../src/report/index.js";
import { checkPassed } from "../../src/scenario/index.js";
import { buildPassingCheck, judge } from "./fixture.js";

const TWO_REGIONS = `
name: two-client-regions
description: eu dies for two minutes; its users move to us, whose own users notice nothing.
seed: 5
duration: 10m
design:
  regions: [{ name: eu, zones: [a] }, { name: us, zones: [a] }]
  services:
    - name: web
      instancesPerZone: 2
      concurrency: 16
      serviceTime: { distribution: exponential, mean: 5ms }
      healthCheck: { interval: 2s, unhealthyThreshold: 2, healthyThreshold: 2 }
  routing:
    dns: { ttl: 30s, healthCheck: { interval: 5s, unhealthyThreshold: 2, healthyThreshold: 2 } }
workload:
  clients:
    - { region: eu, service: web, rate: 50/s }
    - { region: us, service: web, rate: 50/s }
faults:
  - { kind: region-outage, region: eu, at: 3m, for: 2m }
`;

const verdict = judge(TWO_REGIONS, "scenarios/two-client-regions.yaml");
const check = { version: "test", scenarios: [verdict], errors: [], pass: checkPassed([verdict], []) };
const run = verdict.runs[0];

describe("reports by client region", () => {
  it("puts eu's failures on eu's users and none on us's", () => {
    const [eu, us] = run.byClientRegion;
    expect([eu.region, us.region]).toEqual(["eu", "us"]);
    expect(eu.availability).toBeLessThan(0.99);
    expect(us.availability).toBe(1);
    expect(eu.requests + us.requests).toBe(run.requests.total);
  });

  it("shows a block in the text report, and the field in the JSON", () => {
    const text = formatText(run);
    expect(text).toMatch(
      /By client region\n {2}eu {2}availability \d+(\.\d+)?% of [\d,]+ requests · p50 [\d.]+ms · p99 [\d.]+ms\n {2}us {2}availability 100% of/,
    );
    expect(toJsonReport(run).byClientRegion).toEqual(run.byClientRegion);
  });

  it("gives Markdown and HTML a small table per scenario", () => {
    const markdown = formatMarkdown(check);
    expect(markdown).toContain("### By client region");
    expect(markdown).toMatch(
      /\| Client region \| Availability \| p50 \| p99 \| Lost writes \|\n\|---\|--:\|--:\|--:\|--:\|\n\| eu \| [\d.]+% \| [\d.]+ms \| [\d.]+ms \| 0 \|\n\| us \| 100% \|/,
    );
    const html = formatHtml(check);
    expect(html).toContain('<table class="client-regions">');
    expect(html).toMatch(/<tr><td>us<\/td><td class="num">100%<\/td>/);
  });

  it("says nothing of lost writes in the text when the run lost none", () => {
    expect(formatText(run)).not.toMatch(/\n {2}(eu|us) {2}availability[^\n]*writes lost/);
  });

  it("shows nothing of it when users send from one region", () => {
    const single = buildPassingCheck();
    expect(formatText(single.scenarios[0].runs[0])).not.toContain("By client region");
    expect(formatMarkdown(single)).not.toContain("By client region");
    expect(formatHtml(single)).not.toContain("client-regions");
  });
});

/**
 * Users in both regions write to a primary in eu (async replica in us, 2 s behind); eu dies and
 * the replica is promoted without the last 2 s of both regions' writes.
 */
const LOSSY = `
name: two-client-regions-lossy
seed: 3
duration: 6m
design:
  regions: [{ name: eu, zones: [a, b] }, { name: us, zones: [a, b] }]
  services:
    - name: web
      concurrency: 32
      serviceTime: { distribution: exponential, mean: 2ms }
      database: { name: db, timeout: 1s }
  databases:
    - name: db
      primary: eu/a
      replicas: [{ zone: us/a, mode: async, lag: 2s }]
      failover: { heartbeat: 1s, missedHeartbeats: 3, promotion: 10s }
workload:
  clients:
    - { region: eu, service: web, rate: 100/s, writeRatio: 100% }
    - { region: us, service: web, rate: 50/s, writeRatio: 100% }
faults:
  - { kind: region-outage, region: eu, at: 3m }
`;

describe("reports lost writes by client region", () => {
  const lossy = judge(LOSSY, "scenarios/two-client-regions-lossy.yaml");
  const lossyCheck = { version: "test", scenarios: [lossy], errors: [], pass: checkPassed([lossy], []) };
  const result = lossy.runs[0];
  const [eu, us] = result.byClientRegion;

  it("has rows that add up to the run's lost writes, both regions losing some", () => {
    expect(eu.lostWrites).toBeGreaterThan(0);
    expect(us.lostWrites).toBeGreaterThan(0);
    expect(eu.lostWrites + us.lostWrites).toBe(result.rpo.lostWrites);
  });

  it("shows each region's lost writes in the text, JSON, Markdown and HTML", () => {
    const text = formatText(result);
    expect(text).toMatch(new RegExp(`\\n {2}eu {2}availability [^\\n]* · ${eu.lostWrites} writes lost\\n`));
    expect(text).toMatch(new RegExp(`\\n {2}us {2}availability [^\\n]* · ${us.lostWrites} writes lost\\n`));
    const json = JSON.parse(JSON.stringify(toJsonReport(result))) as { byClientRegion: { lostWrites: number }[] };
    expect(json.byClientRegion.map((row) => row.lostWrites)).toEqual([eu.lostWrites, us.lostWrites]);
    expect(formatMarkdown(lossyCheck)).toMatch(new RegExp(`\\| us \\| [^\\n]* \\| ${us.lostWrites} \\|\\n`));
    expect(formatHtml(lossyCheck)).toMatch(
      new RegExp(`<tr><td>eu</td>(<td class="num">[^<]*</td>){3}<td class="num">${eu.lostWrites}</td></tr>`),
    );
  });
});
