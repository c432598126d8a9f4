// Process entry: wires the real streams, handles EPIPE (`faultline run ... | head`), and sets
// the exit code without calling process.exit deep inside.

import { main } from "./main.js";
import { readVersion } from "./version.js";

for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version: readVersion(),
});
