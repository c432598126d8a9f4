// The Ink app from a fixed run (test/tui/fixtures/two-region.yaml, run once): what the topology,
// event log and scorecard show at given instants, and how keys and the injected ticker move the
// playback. No real timer is involved: time passes only when the test calls `tick`.

import { cleanup, render } from "ink-testing-library";
import { createElement } from "react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatValue } from "../../src/metrics/index.js";
import { formatDuration, formatPercent, toJsonReport } from "../../src/report/index.js";
import type { RunResult } from "../../src/scenario/index.js";
import { App, type AppProps, ManualTicker, type PreparedRun, prepareRun } from "../../src/tui/index.js";
import { at, KEYS, renderInTerminal, rowStarting, runFixture, settle, stripAnsi } from "./support.js";

let result: RunResult;
let run: PreparedRun;

beforeAll(() => {
  result = runFixture("two-region.yaml");
  run = prepareRun(result);
});

afterEach(() => cleanup());

/** ink-testing-library's terminal is 100 columns wide; 40 rows leave room for every panel. */
function renderApp(props: Partial<AppProps> = {}) {
  const ticker = new ManualTicker();
  const app = render(createElement(App, { run, ticker, size: { columns: 100, rows: 40 }, color: false, ...props }));
  const frame = () => stripAnsi(app.lastFrame() ?? "");
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      app.stdin.write(key);
      await settle();
    }
  };
  const tick = async (wallMs: number) => {
    ticker.tick(wallMs);
    await settle();
  };
  return { app, ticker, frame, press, tick };
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const header = (frame: string) => frame.split("\n")[0];
const clock = (frame: string) => header(frame).match(/\d\d:\d\d:\d\d/)?.[0];

describe("the topology panel", () => {
  it("shows the dead region as down after 02:00 and not before", async () => {
    const { frame, press, tick } = renderApp({ initial: { cursorUs: at(run, "01:59:00"), playing: false } });
    expect(clock(frame())).toBe("01:59:00");
    expect(rowStarting(frame(), "east ")).toMatch(/^│east ● healthy/);
    expect(rowStarting(frame(), "west ")).toMatch(/^│west ● healthy/);

    await press(" ");
    await tick(2000); // two wall seconds at 1 simulated minute per second
    expect(clock(frame())).toBe("02:01:00");
    expect(rowStarting(frame(), "east ")).toMatch(/^│east ✗ down {2}LB api ✗ down/);
    expect(rowStarting(frame(), "west ")).toMatch(/^│west ● healthy/);
    expect(frame()).toMatch(/├─ a ✗ {2}api ✗✗/);
  });

  it("turns the region down exactly at 02:00 as playback crosses it", async () => {
    const { frame, press, tick } = renderApp({ initial: { cursorUs: at(run, "01:59:30"), playing: false } });
    await press(" ");
    await tick(250); // 15 simulated seconds
    expect(clock(frame())).toBe("01:59:45");
    expect(rowStarting(frame(), "east ")).toMatch(/east ● healthy/);
    await tick(250);
    expect(clock(frame())).toBe("02:00:00");
    expect(rowStarting(frame(), "east ")).toMatch(/east ✗ down/);
    expect(rowStarting(frame(), "west ")).toMatch(/west ● healthy/);
  });

  it("marks the replica being promoted while the failover runs, then shows it as the primary", () => {
    const during = renderApp({ initial: { cursorUs: at(run, "02:00:10"), playing: false } }).frame();
    expect(during).toMatch(/├─ a ● {2}api ●● {2}orders ◆ promoting/);
    expect(rowStarting(during, "DB ")).toMatch(/orders: failing over east\/a ✗ → west\/a/);
    cleanup();
    const after = renderApp({ initial: { cursorUs: at(run, "02:00:30"), playing: false } }).frame();
    expect(rowStarting(after, "DB ")).toMatch(/primary west\/a ●/);
    expect(rowStarting(after, "DNS ")).toMatch(/east clients → west/);
  });

  it("shows a crashed instance as down until its load balancer ejects it, then out of rotation", async () => {
    // 120 columns: the load balancer's note does not fit in ink-testing-library's 100.
    const frameAt = async (time: string) => {
      const props = { run, size: undefined, color: false, initial: { cursorUs: at(run, time), playing: false } };
      const terminal = renderInTerminal(createElement(App, props), { columns: 120, rows: 40 });
      await settle();
      const frame = terminal.lastFrame();
      terminal.instance.unmount();
      return frame;
    };
    const crashed = await frameAt("02:14:05");
    expect(rowStarting(crashed, "west ")).toMatch(/LB api ◐ 4\/4 in rotation, 1 down/);
    expect(crashed).toMatch(/└─ b ◐ {2}api ●✗/);
    const ejected = await frameAt("02:14:20");
    expect(rowStarting(ejected, "west ")).toMatch(/LB api ◐ 3\/4 in rotation/);
    expect(rowStarting(ejected, "west ")).not.toMatch(/down/);
    // Restarted at 02:17:00, back in rotation once two health checks pass (02:17:05).
    const restarted = await frameAt("02:17:02");
    expect(restarted).toMatch(/└─ b ◐ {2}api ●○/);
    expect(rowStarting(restarted, "west ")).toMatch(/LB api ◐ 3\/4 in rotation/);
  });
});

describe("the event log", () => {
  it("lists the failover in order, with times", () => {
    const frame = renderApp({ initial: { cursorUs: at(run, "02:01:00"), playing: false } }).frame();
    const entries = frame
      .split("\n")
      .map((line) => line.match(/[▶ ] (\d\d:\d\d:\d\d) {2}(.+?)\s*│$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    const index = (text: string) => entries.findIndex((entry) => entry.includes(text));
    expect(entries).toContain("02:00:00 fault started: region-outage east");
    for (const step of ["fault started", "alert fired", "DNS failed over api: east→west", "replica promoted"]) {
      expect(index(step), step).toBeGreaterThanOrEqual(0);
    }
    expect(index("fault started")).toBeLessThan(index("alert fired"));
    expect(index("alert fired")).toBeLessThan(index("DNS failed over"));
    expect(index("DNS failed over")).toBeLessThan(index("replica promoted"));
    expect(entries.find((e) => e.includes("replica promoted"))).toMatch(/^02:00:24 replica promoted: orders\/west\/a/);
  });

  it("synthesises 'SLI recovered' from the incidents, at their recovery time", () => {
    const incident = result.incidents[0];
    const recoveredAt = run.story.find((event) => event.kind === "sli.recovered");
    expect(recoveredAt?.timeUs).toBe((incident.recoveredS as number) * 1e6);
    const frame = renderApp({ initial: { cursorUs: recoveredAt?.timeUs, playing: false } }).frame();
    expect(frame).toContain(`SLI recovered: incident #1 over, RTO ${formatDuration(incident.rtoS)}`);
  });
});

describe("the scorecard", () => {
  it("shows the JSON report's numbers exactly at the end of the run", async () => {
    const json = toJsonReport(result) as ReturnType<typeof toJsonReport> & {
      availability: number;
      rpo: { maxS: number; lostWrites: number };
      rto: { maxS: number };
      ttd: { maxS: number };
      latencyMs: { p50: number; p95: number; p99: number; max: number };
      incidents: {
        rtoS: number;
        phases: { detectS: number; failoverS: number; propagateS: number; recoverS: number };
      }[];
      slo: { name: string; actual: number; pass: boolean; target: string }[];
      expectations: { name: string; actual: number; pass: boolean; target: string }[];
      pass: boolean;
      replay: string;
    };
    const { frame, press } = renderApp();
    await press(KEYS.end);
    const text = frame();
    expect(text).toContain(`Scorecard · ${json.pass ? "PASS" : "FAIL"}`);
    expect(text).toContain(`availability ${formatPercent(json.availability)}`);
    expect(text).toContain(`RPO ${formatDuration(json.rpo.maxS)} · ${json.rpo.lostWrites} writes lost`);
    expect(text).toContain(`RTO ${formatDuration(json.rto.maxS)} · ${json.incidents.length} incidents`);
    const longest = json.incidents.reduce((a, b) => (b.rtoS > a.rtoS ? b : a));
    const p = longest.phases;
    expect(text).toContain(
      `detect ${formatDuration(p.detectS)} → failover ${formatDuration(p.failoverS)} → propagate ${formatDuration(p.propagateS)} → recover ${formatDuration(p.recoverS)}`,
    );
    expect(text).toContain(`TTD ${formatDuration(json.ttd.maxS)}`);
    expect(text).toContain(`latency p99 ${json.latencyMs.p99}ms · p50 ${json.latencyMs.p50}ms`);
    const units: Record<string, "fraction" | "seconds" | "count"> = {
      availability: "fraction",
      rpo: "seconds",
      rto: "seconds",
      incidents: "count",
      promotions: "count",
    };
    for (const target of [...json.slo, ...json.expectations]) {
      const mark = target.pass ? "✓" : "✗";
      const actual = formatValue(target.actual, units[target.name]);
      expect(text, target.name).toMatch(
        new RegExp(`${mark} ${target.name}\\s+${literal(actual)} {2}${literal(target.target)}`),
      );
    }
    expect(text).toContain(`replay: ${json.replay}`);
  });

  it("shows the numbers so far while the run plays, and no verdict yet", () => {
    const text = renderApp({ initial: { cursorUs: at(run, "02:00:30"), playing: false } }).frame();
    expect(text).toContain("Scorecard · so far at 02:00:30");
    expect(text).not.toMatch(/[✓✗] availability/);
    expect(text).toMatch(/RTO running 30s · propagate under way/);
    expect(text).toContain(
      `RPO ${formatDuration(result.rpo.losses[0].rpoS)} · ${result.rpo.losses[0].lostWrites} writes lost`,
    );
    const before = renderApp({ initial: { cursorUs: at(run, "01:59:00"), playing: false } }).frame();
    expect(before).toContain("RPO 0s · no write lost so far");
    expect(before).toContain("RTO none: no incident so far");
  });
});

describe("playback", () => {
  it("starts playing shortly before the first event at 1 simulated minute per wall second", async () => {
    const { frame, tick } = renderApp();
    expect(clock(frame())).toBe("01:58:00");
    expect(header(frame())).toMatch(/▶ playing · 1m\/s/);
    await tick(1000);
    expect(clock(frame())).toBe("01:59:00");
    await tick(500);
    expect(clock(frame())).toBe("01:59:30");
  });

  it("pauses and resumes with space; a paused clock ignores ticks", async () => {
    const { frame, press, tick } = renderApp();
    await press(" ");
    expect(header(frame())).toMatch(/❚❚ paused/);
    await tick(5000);
    expect(clock(frame())).toBe("01:58:00");
    await press(" ");
    await tick(1000);
    expect(clock(frame())).toBe("01:59:00");
  });

  it("changes speed with + and -, within bounds", async () => {
    const { frame, press, tick } = renderApp();
    await press("+");
    expect(header(frame())).toMatch(/· 2m\/s/);
    await tick(1000);
    expect(clock(frame())).toBe("02:00:00");
    await press("-", "-", "-");
    expect(header(frame())).toMatch(/· 15s\/s/);
    await press("-", "-", "-", "-", "-");
    expect(header(frame())).toMatch(/· 1s\/s/);
    await press(..."++++++++++++++".split(""));
    expect(header(frame())).toMatch(/· 1h\/s/);
  });

  it("steps between notable events with ←/→ and pauses there", async () => {
    const { frame, press } = renderApp();
    await press(KEYS.right);
    expect(clock(frame())).toBe("02:00:00");
    expect(header(frame())).toMatch(/❚❚ paused/);
    await press(KEYS.right, KEYS.right);
    expect(clock(frame())).toBe("02:00:10");
    await press(KEYS.left);
    expect(clock(frame())).toBe("02:00:04");
  });

  it("scrubs backwards and forwards with [ and ], exactly, state included", async () => {
    const { frame, press } = renderApp({ initial: { cursorUs: at(run, "02:00:15"), playing: false } });
    await press("]");
    expect(clock(frame())).toBe("02:00:45");
    expect(rowStarting(frame(), "DB ")).toMatch(/primary west\/a/);
    await press("[", "[");
    expect(clock(frame())).toBe("01:59:45");
    expect(rowStarting(frame(), "DB ")).toMatch(/primary east\/a ●/);
    expect(rowStarting(frame(), "east ")).toMatch(/east ● healthy/);
    await press(...Array<string>(22).fill("["));
    expect(clock(frame())).toBe("01:50:00");
  });

  it("restarts with r, jumps with Home/End, and plays again from the end with space", async () => {
    const { frame, press, tick } = renderApp();
    await press(KEYS.end);
    expect(header(frame())).toMatch(/■ end of run/);
    expect(clock(frame())).toBe("02:20:00");
    await tick(1000);
    expect(clock(frame())).toBe("02:20:00");
    await press(KEYS.home);
    expect(clock(frame())).toBe("01:50:00");
    await press("r");
    expect(clock(frame())).toBe("01:58:00");
    expect(header(frame())).toMatch(/▶ playing/);
    await press(KEYS.end, " ");
    expect(clock(frame())).toBe("01:58:00");
    expect(header(frame())).toMatch(/▶ playing/);
  });

  it("stops at the end of the run and shows the verdict", async () => {
    const { frame, tick } = renderApp();
    await tick(60_000);
    expect(clock(frame())).toBe("02:20:00");
    expect(header(frame())).toMatch(/■ end of run/);
    expect(frame()).toContain(`Scorecard · ${result.pass ? "PASS" : "FAIL"}`);
  });

  it("quits on q: the app unmounts and stops listening to the clock", async () => {
    const { ticker, press } = renderApp();
    expect(ticker.subscribers).toBe(1);
    await press("q");
    expect(ticker.subscribers).toBe(0);
  });

  it("survives any input: garbage, pasted text, escape sequences, control characters", async () => {
    const { frame, press } = renderApp();
    const inputs = [
      "x",
      "\u001b",
      "\u001b[",
      "\u001b[Z",
      "\u001b[1;5C",
      "\t",
      "\r",
      "\u007f",
      "é",
      "🙂",
      "[[]]++--",
      "\u0000",
    ];
    // Every other character the terminal can send, except the ones that quit.
    for (let code = 0; code < 0x2fff; code += 37) {
      const character = String.fromCharCode(code);
      if (!"qQ\u0003".includes(character)) inputs.push(character);
    }
    await press(...inputs);
    expect(header(frame())).toMatch(/faultline\s+two-region-outage/);
    expect(frame().split("\n").length).toBeGreaterThan(20);
  });
});
