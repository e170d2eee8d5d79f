import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        // Preact's JSX, as in the app's build (a test may import a .tsx module).
        oxc: { jsx: { importSource: "preact" } },
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          globalSetup: ["test/setup/postgres.ts"],
          // A hang guard, not a speed goal: tests that start processes (the gateway's CLI, the
          // server) take several seconds on a loaded 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
