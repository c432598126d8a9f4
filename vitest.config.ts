import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Simulation tests run whole scenarios; a generous per-test limit keeps shared machines from
    // turning slowness into failures (speed is measured in `npm run bench`, never here).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
