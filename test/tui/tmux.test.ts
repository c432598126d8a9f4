// End to end in a real terminal: tmux runs `node bin/faultline.js run <scenario> --ui` in a
// 120×40 pane, the test sends keys and reads the pane: the UI must start, advance, pause, scrub
// and quit with exit code 0, or 1 when an SLO target failed. Skipped where tmux is absent.
// The launcher runs from a private build (same sources, same tsconfig, its own outDir), so the
// shared dist/ is never rewritten while another test or a benchmark is running it.

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFolder } from "../cli/harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TMUX = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].find((path) => existsSync(path));
const SOCKET = `faultline-tui-test-${process.pid}`;
const FIXTURE = join(ROOT, "test/tui/fixtures/two-region.yaml");

let folder: ReturnType<typeof tempFolder>;
/** bin/faultline.js of the private install (package.json, bin/, dist/, a link to node_modules). */
let launcher: string;

function tmux(...args: string[]): string {
  return execFileSync(TMUX as string, ["-L", SOCKET, ...args], { encoding: "utf8" });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the pane until `test` passes on its text; returns that text. */
async function waitForPane(session: string, test: (pane: string) => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let pane = "";
  while (Date.now() < deadline) {
    pane = tmux("capture-pane", "-p", "-t", session);
    if (test(pane)) return pane;
    await pause(100);
  }
  throw new Error(`timed out waiting for ${what}; the pane shows:\n${pane}`);
}

async function waitForExit(file: string, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8").trim();
      if (text !== "") return Number(text);
    }
    await pause(100);
  }
  throw new Error(`the UI did not exit within ${timeoutMs} ms`);
}

/** Seconds since midnight of the header's simulated clock. */
function clockOf(pane: string): number {
  const match = pane.split("\n")[0].match(/(\d\d):(\d\d):(\d\d)/);
  if (!match) throw new Error(`no clock in the header:\n${pane}`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Starts the UI in a detached 120×40 session; its exit code lands in `exitFile`. */
function start(session: string, scenario: string, exitFile: string): void {
  // A clean environment: CI variables would make Ink draw only its last frame.
  const command = [
    `cd '${ROOT}'`,
    `env -i PATH='${process.env.PATH}' HOME='${process.env.HOME ?? "/tmp"}' TERM=xterm-256color LANG=C.UTF-8 node '${launcher}' run '${scenario}' --ui`,
    `echo $? > '${exitFile}'`,
    "sleep 600",
  ].join("; ");
  tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command);
}

describe.skipIf(TMUX === undefined)("the UI in a real terminal (tmux)", () => {
  beforeAll(() => {
    folder = tempFolder({
      "failing.yaml": readFileSync(FIXTURE, "utf8").replace('rto: "<= 5m"', 'rto: "<= 10s"'),
    });
    const install = folder.path("faultline");
    mkdirSync(join(install, "bin"), { recursive: true });
    copyFileSync(join(ROOT, "package.json"), join(install, "package.json"));
    copyFileSync(join(ROOT, "bin/faultline.js"), join(install, "bin/faultline.js"));
    symlinkSync(join(ROOT, "node_modules"), join(install, "node_modules"), "dir");
    const outDir = join(install, "dist");
    const build = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json", "--outDir", outDir], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (build.status !== 0)
      throw new Error(`the build failed, so the UI cannot be run:\n${build.stdout}${build.stderr}`);
    launcher = join(install, "bin/faultline.js");
  }, 120_000);

  afterAll(() => {
    if (TMUX) spawnSync(TMUX, ["-L", SOCKET, "kill-server"]);
    // kill-server leaves the socket file behind.
    const uid = process.getuid?.() ?? 0;
    rmSync(join(process.env.TMUX_TMPDIR ?? "/tmp", `tmux-${uid}`, SOCKET), { force: true });
    folder?.cleanup();
  });

  it("starts, advances, pauses, scrubs, steps and quits with exit code 0", async () => {
    const exitFile = folder.path("pass.exit");
    start("pass", FIXTURE, exitFile);
    const first = await waitForPane("pass", (pane) => /two-region-outage.+▶ playing/.test(pane), "the first frame");
    expect(first).toContain("╭─ Topology");
    expect(first).toMatch(/east ● healthy/);

    const t0 = clockOf(first);
    const moving = await waitForPane("pass", (pane) => clockOf(pane) >= t0 + 120, "the clock to advance two minutes");
    expect(moving).toMatch(/east ✗ down/); // 01:58 + 2 min: the region died at 02:00

    tmux("send-keys", "-t", "pass", "Space");
    const paused = await waitForPane("pass", (pane) => pane.includes("❚❚ paused"), "pause");
    const t1 = clockOf(paused);
    await pause(1500);
    expect(clockOf(tmux("capture-pane", "-p", "-t", "pass"))).toBe(t1);

    tmux("send-keys", "-t", "pass", "]");
    await waitForPane("pass", (pane) => clockOf(pane) === t1 + 30, "] to scrub 30 s forwards");
    tmux("send-keys", "-t", "pass", "[", "[", "[");
    await waitForPane("pass", (pane) => clockOf(pane) === t1 - 60, "[ to scrub 90 s backwards");

    tmux("send-keys", "-t", "pass", "Home", "Right");
    const stepped = await waitForPane("pass", (pane) => clockOf(pane) === 2 * 3600, "→ to step to the outage at 02:00");
    expect(stepped).toMatch(/▶ 02:00:00 {2}fault started: region-outage east/);

    tmux("send-keys", "-t", "pass", "q");
    expect(await waitForExit(exitFile)).toBe(0);
    const after = await waitForPane("pass", (pane) => pane.includes("replay: "), "the verdict after quitting");
    expect(after).toMatch(/PASS {2}two-region-outage {2}seed 7/);
    expect(after).toContain("replay: faultline run");
    expect(after).not.toContain("╭─ Topology"); // the alternate screen is gone
  });

  it("quits with exit code 1 when an SLO target failed, and says which", async () => {
    const exitFile = folder.path("fail.exit");
    start("fail", folder.path("failing.yaml"), exitFile);
    await waitForPane("fail", (pane) => pane.includes("▶ playing"), "the first frame");
    tmux("send-keys", "-t", "fail", "End");
    const end = await waitForPane("fail", (pane) => pane.includes("Scorecard · FAIL"), "the end of the run");
    expect(end).toMatch(/✗ rto\s+\S+ {2}<= 10s/);
    tmux("send-keys", "-t", "fail", "q");
    expect(await waitForExit(exitFile)).toBe(1);
    const after = await waitForPane("fail", (pane) => pane.includes("replay: "), "the verdict after quitting");
    expect(after).toMatch(/FAIL {2}two-region-outage/);
    expect(after).toMatch(/✗ rto\s+\S+\s+target <= 10s/);
  });
});
