// When `faultline run` shows the UI and when it prints the plain report, and that Ink, React and
// src/tui are only ever loaded by a dynamic import() (importing Ink costs ~0.4 s).

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunCommandOptions, wantsUi } from "../../src/cli/commands/run.js";
import type { CliContext } from "../../src/cli/context.js";
import { main } from "../../src/cli/main.js";
import { stripComments } from "../architecture/source-text.js";
import { TINY_YAML, tempFolder } from "../cli/harness.js";
import { stripAnsi } from "./support.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function context(stdoutIsTTY: boolean, env: Record<string, string | undefined> = {}) {
  let text = "";
  const stdout = {
    isTTY: stdoutIsTTY,
    columns: 120,
    rows: 40,
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const cli: CliContext = { stdout, stderr: stdout, env, version: "test" };
  return { cli, text: () => text };
}

describe("choosing the UI", () => {
  const tty = () => ({ isTTY: true });
  const pipe = () => ({ isTTY: undefined });
  const base: RunCommandOptions = { format: "text" };

  it("shows it when stdout and stdin are terminals and nothing else was asked for", () => {
    expect(wantsUi(base, context(true).cli, tty)).toBe(true);
  });

  it("prints the report when either end is not a terminal, CI is set, or --format/--output is given", () => {
    expect(wantsUi(base, context(false).cli, tty)).toBe(false);
    expect(wantsUi(base, context(true).cli, pipe)).toBe(false);
    for (const CI of ["true", "1", ""]) expect(wantsUi(base, context(true, { CI }).cli, tty), `CI=${CI}`).toBe(false);
    expect(wantsUi({ ...base, formatGiven: true }, context(true).cli, tty)).toBe(false);
    expect(wantsUi({ ...base, output: "report.txt" }, context(true).cli, tty)).toBe(false);
  });

  it("treats CI=false and CI=0 as not CI, as Ink does", () => {
    expect(wantsUi(base, context(true, { CI: "false" }).cli, tty)).toBe(true);
    expect(wantsUi(base, context(true, { CI: "0" }).cli, tty)).toBe(true);
  });

  it("obeys --ui and --no-ui over everything else", () => {
    expect(wantsUi({ ...base, ui: true }, context(false, { CI: "1" }).cli, pipe)).toBe(true);
    expect(wantsUi({ ...base, ui: false }, context(true).cli, tty)).toBe(false);
  });
});

describe("faultline run in a terminal, in-process", () => {
  let folder: ReturnType<typeof tempFolder>;
  let stdinWasTTY: boolean | undefined;

  beforeAll(() => {
    folder = tempFolder({ "tiny.yaml": TINY_YAML });
    stdinWasTTY = process.stdin.isTTY;
    // Pretend stdin is a terminal, so only the options decide.
    Object.defineProperty(process.stdin, "isTTY", { value: true, configurable: true, writable: true });
  });

  afterAll(() => {
    Object.defineProperty(process.stdin, "isTTY", { value: stdinWasTTY, configurable: true, writable: true });
    folder.cleanup();
  });

  afterEach(() => {
    process.exitCode = undefined;
  });

  for (const [label, argv, env] of [
    ["--format text given explicitly", ["--format", "text"], {}],
    ["--no-ui", ["--no-ui"], {}],
    ["CI set", [], { CI: "true" }],
  ] as const) {
    it(`prints the plain report with ${label}`, async () => {
      const { cli, text } = context(true, env);
      const code = await main(["run", folder.path("tiny.yaml"), ...argv], cli);
      expect(code).toBe(0);
      expect(stripAnsi(text())).toMatch(/^PASS\s+tiny/);
      expect(stripAnsi(text())).toContain("replay: faultline run");
    });
  }

  it("prints JSON with --format json", async () => {
    const { cli, text } = context(true);
    expect(await main(["run", folder.path("tiny.yaml"), "--format", "json"], cli)).toBe(0);
    expect(JSON.parse(text()).scenario.name).toBe("tiny");
  });

  it("lists --ui and --no-ui in run's help", async () => {
    const { cli, text } = context(false);
    await main(["run", "--help"], cli);
    expect(text()).toMatch(/--ui\s+show the run in the terminal UI/);
    expect(text()).toMatch(/--no-ui\s+print the report instead/);
  });
});

describe("loading Ink", () => {
  const sources = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
      .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));

  // Static imports and re-exports; `import("…")` is the one allowed way in.
  const STATIC = /\b(?:import|export)\s[^'"`;()=]*?\bfrom\s*(["'])([^"'\n]+)\1|\bimport\s*(["'])([^"'\n]+)\3/g;

  it("happens only through a dynamic import(): nothing outside src/tui imports ink, react or src/tui statically", () => {
    const offenders: string[] = [];
    for (const file of sources("src").filter((path) => !path.startsWith("src/tui/"))) {
      const code = stripComments(readFileSync(join(ROOT, file), "utf8"));
      for (const match of code.matchAll(STATIC)) {
        const specifier = match[2] ?? match[4];
        if (/^(?:ink|react)(?:\/|$)/.test(specifier) || /(?:^|\/)tui(?:\/|$)/.test(specifier)) {
          offenders.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
    const run = readFileSync(join(ROOT, "src/cli/commands/run.ts"), "utf8");
    expect(run).toMatch(/await import\("\.\.\/\.\.\/tui\/index\.js"\)/);
  });
});
