// The HTML report: one self-contained page with a scorecard, one success chart (plus a latency
// chart and RTO phase bars) per scenario, fault markers and incident shading where they belong.

import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { formatHtml } from "../../src/report/html/index.js";
import { formatCount, formatPercent } from "../../src/report/index.js";
import { summarizeScenario } from "../../src/scenario/index.js";
import { buildCheck, buildDependencyCheck, IMPOSSIBLE_FILE, judge, ZONE_OUTAGE_FILE } from "./fixture.js";

const result = buildCheck();
const html = formatHtml(result);
const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

const count = (text: string, needle: string) => text.split(needle).length - 1;
const sections = [...html.matchAll(/<section class="scenario [^"]*" id="[^"]*">[\s\S]*?<\/section>/g)].map((m) => m[0]);
const svgs = (text: string, kind: string) =>
  [...text.matchAll(new RegExp(`<svg class="${kind}"[\\s\\S]*?</svg>`, "g"))].map((m) => m[0]);
const [zone, impossible] = sections;

describe("HTML report", () => {
  it("is one page with a section per scenario, in check order", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    expect(sections).toHaveLength(result.scenarios.length);
    expect(zone).toContain("<h2>zone-outage ");
    expect(impossible).toContain("<h2>impossible-latency ");
  });

  it("contains exactly one success-ratio chart per scenario", () => {
    expect(count(html, '<svg class="chart success"')).toBe(result.scenarios.length);
    for (const section of sections) {
      expect(count(section, '<svg class="chart success"')).toBe(1);
      expect(count(section, '<svg class="chart latency"')).toBe(1);
    }
  });

  it("writes every SVG as well-formed XML", () => {
    const all = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    expect(all.length).toBeGreaterThanOrEqual(2 * result.scenarios.length);
    for (const svg of all) expect(XMLValidator.validate(svg)).toBe(true);
  });

  it("marks the fault's start and end and shades the incident where the scenario has them", () => {
    const [success] = svgs(zone, "chart success");
    expect(count(success, 'class="fault-marker fault-start"')).toBe(1);
    expect(count(success, 'class="fault-marker fault-end"')).toBe(1);
    expect(success).toContain(">zone-outage eu/b · 02:03–02:05 (2m00s)</text>");
    expect(count(success, '<rect class="incident"')).toBe(result.scenarios[0].runs[0].incidents.length);
    expect(count(success, '<rect class="incident"')).toBeGreaterThan(0);
    // Times of day on the axis, from the scenario's 02:00 start.
    expect(success).toContain(">02:00</text>");
    expect(success).toContain(">02:10</text>");
  });

  it("has no fault marker or incident shading where there was neither", () => {
    expect(impossible).not.toContain("fault-marker");
    expect(impossible).not.toContain('class="incident"');
    expect(impossible).not.toContain('<svg class="phases"');
  });

  it("draws a stacked RTO phase bar per incident", () => {
    const [phases] = svgs(zone, "phases");
    const incident = result.scenarios[0].runs[0].incidents[0];
    const drawn = ["detect", "failover", "propagate", "recover"].filter(
      (name) => incident.phases[`${name}S` as keyof typeof incident.phases] > 0,
    );
    expect(drawn.length).toBeGreaterThan(0);
    for (const name of drawn) expect(phases).toContain(`<rect class="phase ${name}"`);
    expect(phases).toContain(">#1 02:03:00</text>");
  });

  it("charts the worst seed of a multi-seed scenario and says which seed it is", () => {
    const runs = result.scenarios[1].runs;
    const worst = runs.reduce((a, b) => (b.availability < a.availability ? b : a));
    expect(impossible).toContain(`seed ${worst.seed}, the lowest availability of 2 seeds`);
    expect(impossible).toContain("Worst value over 2 seeds.");
  });

  it("shows each target with ✓/✗, the measured value, the worst seed and the replay command", () => {
    const [passing, failing] = result.scenarios[1].targets;
    const rows = [...impossible.matchAll(/<tr class="(pass|fail)">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<span class="mark pass">✓</span>');
    expect(rows[1]).toContain('<span class="mark fail">✗</span>');
    expect(rows[1]).toContain(`${failing.actualText}`);
    expect(rows[1]).toContain("&lt;= 1ms");
    expect(rows[1]).toContain(`<td class="num">${failing.worstSeed} `);
    expect(rows[1]).toContain(`faultline run ${IMPOSSIBLE_FILE} --seed ${failing.worstSeed}`);
    expect(rows[0]).toContain(passing.actualText);
    expect(zone).toContain(`faultline run ${ZONE_OUTAGE_FILE} --seed 3`);
  });

  it("has a scorecard with availability, RPO and writes lost, RTO, TTD and latency", () => {
    const titles = [...zone.matchAll(/<div class="tile-title">([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(titles).toEqual(["Availability", "RPO", "RTO", "Time to detect", "Latency p50 / p99"]);
    expect(zone).toContain("acknowledged writes lost");
    // The latency tile of the scenario whose p99 target failed is marked as failing.
    expect(impossible).toMatch(/<div class="tile fail"><div class="tile-title">Latency p50 \/ p99/);
  });

  it("lists input errors and baseline changes", () => {
    for (const issue of result.errors) expect(html).toContain(`${issue.file}:${issue.line}:${issue.column}`);
    expect(html).toMatch(
      /<tr class="regression"><td>zone-outage<\/td><td>availability<\/td><td class="num">99\.999%<\/td>/,
    );
    expect(html).toContain("<code>retired-scenario</code>");
  });

  it("opens offline: no script, stylesheet link, import, url() or URL but the SVG namespace", () => {
    const urls = [...html.matchAll(/(?:https?:)?\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set([SVG_NAMESPACE]));
    for (const forbidden of ["<script", "<link", "@import", "url(", "src=", "//cdn", "<img", "<iframe", "@font-face"]) {
      expect(html, forbidden).not.toContain(forbidden);
    }
  });

  it("escapes names and messages", () => {
    const tampered = {
      ...result,
      scenarios: result.scenarios.map((s) => ({ ...s, name: `<script>alert("x")</script>` })),
    };
    const out = formatHtml(tampered);
    expect(out).not.toContain("<script>");
    expect(out).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});

describe("HTML report: dependencies and degraded responses", () => {
  const check = buildDependencyCheck();
  const page = formatHtml(check);
  const run = check.scenarios[0].runs[0];

  it("has a Dependencies table with a row per service and dependency, and what the defences did", () => {
    expect(run.dependencies.map((d) => `${d.service}→${d.dependency}`)).toEqual(["shop→payments", "shop→recs"]);
    const payments = run.dependencies[0];
    // Every column has something to show in this run.
    for (const key of ["calls", "retries", "fastFails", "failedCalls", "breakerOpens", "retriesDenied"] as const) {
      expect(payments[key], key).toBeGreaterThan(0);
    }
    expect(page).toContain("<h3>Dependencies ");
    const [table] = [...page.matchAll(/<table class="dependencies">[\s\S]*?<\/table>/g)].map((m) => m[0]);
    const rows = [...table.matchAll(/<tbody>[\s\S]*<\/tbody>/g)][0][0]
      .split("</tr>")
      .filter((row) => row.includes("<td"));
    expect(rows).toHaveLength(2);
    const cells = (row: string) =>
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
    expect(cells(rows[0])).toEqual([
      "shop → payments",
      formatCount(payments.calls),
      ((payments.calls + payments.retries) / payments.calls).toFixed(2),
      `${formatCount(payments.failedCalls)} ${formatPercent(payments.failedCalls / payments.calls, 1)}`,
      formatCount(payments.fastFails),
      formatCount(payments.breakerOpens),
      formatCount(payments.retriesDenied),
    ]);
    const recs = run.dependencies[1];
    expect(cells(rows[1])).toEqual([
      "shop → recs",
      formatCount(recs.calls),
      "1.00",
      `${formatCount(recs.failedCalls)} ${formatPercent(recs.failedCalls / recs.calls, 1)}`,
      "0",
      "0",
      "0",
    ]);
    expect(XMLValidator.validate(table)).toBe(true);
  });

  it("leaves the table out of a scenario without dependencies", () => {
    expect(zone).not.toContain("Dependencies");
    expect(zone).not.toContain('class="dependencies"');
  });

  it("shows degraded responses in the availability tile when there are any", () => {
    expect(run.requests.degraded).toBeGreaterThan(0);
    const tile = (text: string) =>
      text.match(/<div class="tile[^"]*"><div class="tile-title">Availability[\s\S]*?<\/div><\/div>/)?.[0];
    expect(tile(page)).toContain(
      `${formatCount(run.requests.failed)} requests failed · ${formatCount(run.requests.degraded)} degraded`,
    );
    expect(tile(zone)).not.toContain("degraded");
  });

  it("marks faults from the result's list of faults, one outlasting the run without an end", () => {
    const [verdict] = result.scenarios;
    const relabelled = {
      ...result,
      scenarios: [
        {
          ...verdict,
          runs: verdict.runs.map((r) => ({
            ...r,
            faults: [{ index: 0, label: "listed in the result", startS: 60, endS: 3600 }],
          })),
        },
      ],
    };
    const [success] = svgs(formatHtml(relabelled), "chart success");
    expect(success).toContain(">listed in the result · from 02:01</text>");
    expect(success).not.toContain("zone-outage eu/b");
    expect(count(success, 'class="fault-marker fault-start"')).toBe(1);
    expect(count(success, 'class="fault-marker fault-end"')).toBe(0);
  });
});

/** A queue whose consumers stop, a cached service, and an async replica that loses writes. */
const STATEFUL = `
name: stateful
seed: 2
seeds: 2
duration: 5m
design:
  regions: [{ name: r, zones: [a, b] }]
  queues:
    - name: mails
      consumers: { concurrency: 4, processTime: 20ms }
  services:
    - name: shop
      concurrency: 32
      serviceTime: { distribution: constant, mean: 2ms }
      cache: { hitRatio: 80%, latency: 1ms }
      database: { name: orders, timeout: 500ms }
      publishesTo: mails
  databases:
    - name: orders
      primary: r/a
      replicas: [{ zone: r/b, mode: async, lag: 1s }]
      failover: { heartbeat: 1s, missedHeartbeats: 2, promotion: 5s }
workload:
  clients: [{ region: r, service: shop, rate: 100/s, writeRatio: 50% }]
faults:
  - { kind: consumer-outage, queue: mails, at: 30s, for: 1m }
  - { kind: zone-outage, zone: r/a, at: 2m }
`;

describe("HTML report: queues, caches and data loss, as in the text report", () => {
  const verdict = judge(STATEFUL, "scenarios/stateful.yaml");
  const page = formatHtml({ version: "test", scenarios: [verdict], errors: [], pass: true });
  const charted = verdict.runs.reduce((a, b) => (b.availability < a.availability ? b : a));
  const rowsOf = (table: string) =>
    (new RegExp(`<table class="${table}">[\\s\\S]*?</tbody>`).exec(page)?.[0] ?? "")
      .replace("</tbody>", "")
      .split("<tr>")
      .slice(2);

  it("has a Queues table with what was published and processed and the largest backlog", () => {
    const [queue] = charted.queues;
    expect(queue.backlogMax).toBeGreaterThan(10);
    const [row] = rowsOf("queues");
    expect(row).toContain("<td>mails</td>");
    expect(row).toContain(`<td class="num">${formatCount(queue.published)}</td>`);
    expect(row).toContain(`<td class="num">${formatCount(queue.processed)}</td>`);
    expect(row).toContain(`${formatCount(queue.backlogMax)} <span class="aside">at `);
  });

  it("has a Caches table with each service's hit ratio, hits and misses", () => {
    const [cache] = charted.caches;
    expect(rowsOf("caches")).toEqual([
      `<td>shop</td><td class="num">${formatPercent(cache.hitRatio, 2)}</td><td class="num">${formatCount(cache.hits)}</td><td class="num">${formatCount(cache.misses)}</td></tr>`,
    ]);
  });

  it("has a Data loss table for the seed that lost the most, agreeing with the RPO tile", () => {
    const most = verdict.runs.reduce((a, b) => (b.rpo.lostWrites > a.rpo.lostWrites ? b : a));
    const [loss] = most.rpo.losses;
    expect(loss.lostWrites).toBeGreaterThan(0);
    expect(page).toContain(
      `<h3>Data loss <span class="aside">seed ${most.seed}, the most writes lost of 2 seeds</span>`,
    );
    const [row] = rowsOf("losses");
    expect(row).toContain(`<td>orders</td><td class="num">${formatCount(loss.lostWrites)}</td>`);
    expect(row).toContain("failover: the promoted replica lacked them");
    expect(page).toContain(`${formatCount(most.rpo.lostWrites)} acknowledged writes lost`);
  });

  it("says no write was lost where a database lost none, and leaves out what a design does not have", () => {
    const zoneSection = sections[0];
    expect(zoneSection).not.toContain("<h3>Data loss");
    expect(zoneSection).not.toContain('<table class="queues">');
    expect(zoneSection).not.toContain('<table class="caches">');
    const safe = judge(STATEFUL.replace("mode: async", "mode: sync").replace("seeds: 2", "seeds: 1"), "s.yaml");
    expect(formatHtml({ version: "test", scenarios: [safe], errors: [], pass: true })).toMatch(
      /<h3>Data loss <span class="aside">seed 2<\/span><\/h3>\n<p class="aside">None: no acknowledged write was lost \([\d,]+ acknowledged\)\.<\/p>/,
    );
  });
});

describe("HTML report: the overview table", () => {
  it("lets long scenario names wrap and puts lost writes under the RPO only when there are any", () => {
    expect(html).toContain(`<td class="name"><a href="#scenario-1-zone-outage">zone-outage</a></td>`);
    expect(html).toMatch(/\.overview-table td\.name \{ white-space: normal; overflow-wrap: anywhere;/);
    const overview = /<table class="overview-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
    expect(overview).not.toContain(" lost");
    const lossy = judge(STATEFUL, "scenarios/stateful.yaml");
    const lost = formatCount(summarizeScenario(lossy).lostWrites);
    expect(formatHtml({ version: "test", scenarios: [lossy], errors: [], pass: true })).toMatch(
      new RegExp(`<td class="num">[^<]+<span class="aside lost">${lost} writes lost</span></td>`),
    );
  });
});
