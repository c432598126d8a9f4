// The package as a user gets it (issue 13): `npm pack` of a copy of this checkout (so the pack's
// clean build never touches the dist/ other tests use), installed into an empty folder from the
// tarball, then `npx faultline` from there. Slow (a build and an install), so it is one test.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const NOT_COPIED = new Set(["node_modules", "dist", ".git", "coverage", ".vitest-results.json"]);
const SCENARIO = "scenarios/latency-spike.yaml";

const work = mkdtempSync(join(tmpdir(), "faultline-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment without npm's own variables from a surrounding `npm test`. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")));
}

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: cleanEnv(), encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const { status, stdout, stderr } = error as { status?: number; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} exited ${status} in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

describe("the npm package", () => {
  it("packs with its build and scenarios, installs from the tarball into an empty folder, and runs with npx", () => {
    const source = join(work, "source");
    cpSync(ROOT, source, {
      recursive: true,
      filter: (path) => !NOT_COPIED.has(relative(ROOT, path).split(/[\\/]/)[0]),
    });
    symlinkSync(join(ROOT, "node_modules"), join(source, "node_modules"), "dir");

    const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], source)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(["bin/faultline.js", "dist/cli/bin.js", "dist/cli/check/worker.js", SCENARIO]),
    );
    expect(files.filter((file) => /^(src|test|bench)\//.test(file))).toEqual([]);

    const app = join(work, "app");
    cpSync(join(work, packed.filename), join(app, packed.filename));
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "app", private: true })}\n`);
    // The dependencies come from npm's cache when `npm ci` has filled it; the registry otherwise.
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${packed.filename}`], app);

    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(run("npx", ["--no", "--", "faultline", "--version"], app)).toBe(`${version}\n`);

    const installed = `node_modules/faultline/${SCENARIO}`;
    const report = JSON.parse(run("npx", ["--no", "--", "faultline", "run", installed, "--format", "json"], app)) as {
      scenario: { name: string };
      traceHash: string;
      version: string;
    };
    // The installed build simulates exactly as this checkout does: same trace for the same file.
    const here = JSON.parse(
      run(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "run", SCENARIO, "--format", "json"], ROOT),
    ) as { traceHash: string };
    expect(report).toMatchObject({ scenario: { name: "latency-spike" }, version, traceHash: here.traceHash });
  }, 300_000);
});
