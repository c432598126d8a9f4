#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
import("../dist/cli/bin.js").catch((error) => {
  if (error && error.code === "ERR_MODULE_NOT_FOUND") {
    process.stderr.write("faultline: dist/ is missing; run `npm install` (or `npm run build`) first\n");
    process.exitCode = 3;
    return;
  }
  throw error;
});
