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
