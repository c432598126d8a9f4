// Shared by the CLI tests: tiny, fast scenario files in a temporary folder, and an in-process
// run of `main()` whose output streams are captured as text.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";

/** One region, one zone, one minute at 50 requests/s: runs in a fraction of a second. */
export const TINY_YAML = `name: tiny
seed: 3
duration: 60s
design:
  regions:
    - name: r1
      zones: [a]
  services:
    - name: api
      concurrency: 8
      serviceTime: { mean: 5ms }
workload:
  clients:
    - region: r1
      service: api
      rate: 50/s
slo:
  availability: ">= 99%"
`;

/** TINY with a p99 latency target no network can meet (the client link alone is 10 ms). */
export const IMPOSSIBLE_YAML = TINY_YAML.replace('availability: ">= 99%"', 'latencyP99: "<= 1ms"');

/** A tab used for indentation on line 4: a YAML syntax error. */
export const BROKEN_YAML = `name: broken
duration: 60s
design:
\tregions: []
`;

/** Three days at 2 requests/s: a few hundred kilobytes of JSON, more than a pipe buffers. */
export const LONG_YAML = TINY_YAML.replace("duration: 60s", "duration: 72h").replace("rate: 50/s", "rate: 2/s");

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export const VERSION = "9.8.7-test";

/** Runs the CLI in-process; neither stream is a terminal. `now` replaces the wall clock. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  now?: () => number,
): Promise<Captured> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await main(argv, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env,
    version: VERSION,
    ...(now ? { now } : {}),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function captureStream(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = "";
  const stream = {
    isTTY: false,
    columns: 80,
    write(chunk: string | Uint8Array): boolean {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

/** A fresh temporary folder with the given files; `cleanup` removes it. */
export function tempFolder(files: Record<string, string>): {
  dir: string;
  path: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "faultline-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
