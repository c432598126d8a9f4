// The CLI's connection to the outside world, injectable so tests can run commands in-process.

export interface CliContext {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  version: string;
  /** Wall-clock milliseconds for progress lines; Date.now unless a test injects a clock. */
  now?: () => number;
}
