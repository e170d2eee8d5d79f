/**
 * A PostgreSQL server for the tests: `TEST_DATABASE_URL` when set, otherwise a private cluster
 * (`pg_cluster.ts`), stopped after the run.
 */
import type { TestProject } from "vitest/node";
import { startCluster } from "./pg_cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let stop: (() => Promise<void>) | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = Deno.env.get("TEST_DATABASE_URL");
  if (given) {
    project.provide("postgresUrl", given);
    return;
  }
  const cluster = await startCluster();
  stop = cluster.stop;
  project.provide("postgresUrl", cluster.url);
}

export async function teardown(): Promise<void> {
  await stop?.();
}
