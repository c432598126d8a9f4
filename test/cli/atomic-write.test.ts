// Atomic report writes (ARCHITECTURE.md, "Inputs and files"; issue 13 class 6) with the real CLI as a child process,
// stopped at a chosen point of its write by FAULTLINE_TEST_PAUSE_WRITE: killed outright (SIGKILL)
// it leaves the previous report intact and never a partial one; stopped by SIGINT or SIGTERM it
// removes its temporary file too; a stale temporary file is never read as a report, and the
// next write clears it away.

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LONG_YAML, runCli, tempFolder } from "./harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OLD_REPORT = '{ "an": "older report" }\n';

let folder: ReturnType<typeof tempFolder>;
let report: string;

beforeEach(() => {
  // A long run's JSON report is a few hundred kilobytes: "half written" is a real half.
  folder = tempFolder({ "long.yaml": LONG_YAML, "report.json": OLD_REPORT });
  report = folder.path("report.json");
});
afterEach(() => folder.cleanup());

/** Temporary files in the folder (names starting with ".report.json."). */
function temporaries(): string[] {
  return readdirSync(folder.dir).filter((name) => name.startsWith(".report.json."));
}

interface Paused {
  child: ChildProcess;
  temporary: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts the CLI from source and resolves once it has paused at `pause` of writing the report. */
function startPaused(argv: string[], pause: "mid-write" | "before-rename"): Promise<Paused> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...argv], {
    cwd: ROOT,
    env: { ...process.env, FAULTLINE_TEST_PAUSE_WRITE: pause, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const match = /^faultline: paused (?:mid-write|before-rename) of (.+) \(FAULTLINE_TEST_PAUSE_WRITE\)$/m.exec(
        stderr,
      );
      if (match) resolve({ child, temporary: match[1], exited });
    });
    exited.then(({ code }) => reject(new Error(`the CLI exited (${code}) before pausing:\n${stderr}`)));
  });
}

const writeReport = () => ["run", folder.path("long.yaml"), "--format", "json", "--output", report];

describe("atomic report writes", () => {
  it.each(["mid-write", "before-rename"] as const)(
    "leaves the previous report intact when killed outright %s",
    async (pause) => {
      const { child, temporary, exited } = await startPaused(writeReport(), pause);
      // Paused where asked: the temporary file holds half of the new report, or all of it.
      const partial = readFileSync(temporary, "utf8");
      expect(partial.startsWith('{\n  "schemaVersion": 1')).toBe(true);
      if (pause === "mid-write") expect(() => JSON.parse(partial)).toThrow(SyntaxError);
      else expect(JSON.parse(partial)).toMatchObject({ schemaVersion: 1, seed: 3 });
      expect(readFileSync(report, "utf8")).toBe(OLD_REPORT);

      child.kill("SIGKILL");
      expect((await exited).signal).toBe("SIGKILL");
      expect(readFileSync(report, "utf8")).toBe(OLD_REPORT);
      // The stale temporary file is left behind by the kill; it is never taken for the report...
      expect(temporaries()).toEqual([temporary.slice(folder.dir.length + 1)]);
      // ...and the next write replaces the report whole and clears the stale file away.
      const again = await runCli(writeReport());
      expect(again.code).toBe(0);
      expect(JSON.parse(readFileSync(report, "utf8"))).toMatchObject({ schemaVersion: 1, seed: 3 });
      expect(temporaries()).toEqual([]);
    },
    60_000,
  );

  it.each([
    ["SIGTERM", "mid-write"],
    ["SIGINT", "before-rename"],
    ["SIGHUP", "mid-write"],
  ] as const)(
    "removes its temporary file when stopped by %s (%s)",
    async (signal, pause) => {
      const { child, temporary, exited } = await startPaused(writeReport(), pause);
      expect(existsSync(temporary)).toBe(true);
      child.kill(signal);
      const { signal: endedBy } = await exited;
      expect(endedBy).toBe(signal);
      expect(existsSync(temporary)).toBe(false);
      expect(temporaries()).toEqual([]);
      expect(readFileSync(report, "utf8")).toBe(OLD_REPORT);
    },
    60_000,
  );

  it("never reads a stale temporary file as the baseline", async () => {
    // What a killed --update-baseline leaves: a complete report under the temporary name only.
    const baseline = folder.path("baseline.json");
    writeFileSync(folder.path(".baseline.json.faultline-4194305-0a1b2c3d.tmp"), OLD_REPORT);
    const { code, stderr } = await runCli(["check", folder.path("long.yaml"), "--baseline", baseline]);
    expect(code).toBe(2);
    expect(stderr).toContain(`baseline ${baseline} does not exist`);
  });
});
