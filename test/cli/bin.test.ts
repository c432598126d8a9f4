// The real launcher as a child process: bin/faultline.js → dist/, exit codes as the shell sees
// them, and no EPIPE stack trace when the reader of a pipe goes away early.

import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROKEN_YAML, IMPOSSIBLE_YAML, LONG_YAML, TINY_YAML, tempFolder } from "./harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LAUNCHER = "bin/faultline.js";
const STACK_FRAME = "    at ";

let folder: ReturnType<typeof tempFolder>;

beforeAll(() => {
  // Always rebuild: dist/ may be stale, and the build takes about a second.
  try {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "pipe", encoding: "utf8" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the build failed, so the launcher cannot be tested:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  folder = tempFolder({
    "tiny.yaml": TINY_YAML,
    "impossible.yaml": IMPOSSIBLE_YAML,
    "broken.yaml": BROKEN_YAML,
    "long.yaml": LONG_YAML,
  });
}, 60_000);

afterAll(() => folder?.cleanup());

/** Runs the launcher with pipes, not a terminal, for stdout and stderr. */
function launch(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [LAUNCHER, ...argv], { cwd: ROOT, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the faultline launcher", () => {
  it("exits 0 when every target is met", () => {
    const { code, stdout, stderr } = launch("run", folder.path("tiny.yaml"));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toMatch(/^PASS\s+tiny/);
  });

  it("exits 1 when a target fails", () => {
    const { code, stdout } = launch("run", folder.path("impossible.yaml"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ latencyP99/);
  });

  it("exits 2 on bad input without a stack trace", () => {
    const broken = launch("run", folder.path("broken.yaml"));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:4:1: YAML syntax/);
    expect(broken.stderr).not.toContain(STACK_FRAME);
    const missing = launch("run", folder.path("absent.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toContain(STACK_FRAME);
    expect(launch("run", folder.path("tiny.yaml"), "--seed", "x").code).toBe(2);
  });

  it("prints package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const { code, stdout } = launch("--version");
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it("stops quietly when the reader of its output goes away (| head)", () => {
    const file = folder.path("long.yaml");
    // The report is larger than a pipe's buffer, so faultline is still writing when head exits.
    const script = `set -o pipefail; '${process.execPath}' ${LAUNCHER} run '${file}' --format json | head -c 10`;
    const result = spawnSync("bash", ["-c", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stdout).toBe('{\n  "schem');
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  }, 30_000);
});
