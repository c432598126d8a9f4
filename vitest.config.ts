import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Simulation tests run whole scenarios; a generous per-test limit keeps shared machines from
    // turning slowness into failures (speed is measured in `npm run bench`, never here).
    testTimeout: 120_000,
    // Ink paints only the final frame when it believes it runs in CI (is-in-ci reads CI once, at
    // import). The UI tests check frames as a terminal shows them, so they run as in a terminal
    // even under .ci/run; CLI code under test gets its environment injected, not from here.
    env: { CI: "false" },
    hookTimeout: 120_000,
  },
});
