/** `deno task gateway`: a config file is checked, and a bad one is refused with the field named. */
import { describe, expect, it } from "vitest";

const MAIN = new URL("../../../app/gateway/main.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code, err: new TextDecoder().decode(stderr) };
}

describe("deno task gateway", () => {
  it("explains how to start it", async () => {
    expect(await run([])).toEqual({
      code: 1,
      err: "usage: deno task gateway --config gateway.json | --simulate\n",
    });
  });

  it("names the wrong field of a config file", async () => {
    const path = await Deno.makeTempFile({ suffix: ".json" });
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        p1: { kind: "tcp", host: "192.168.1.50", port: 8088 },
        device: { profile: "sofar-me3000sp", transport: "rtu", path: "/dev/ttyUSB1" },
        battery: { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: -5 },
        site: { mainFuseA: 40, phases: 3, inverterMaxW: 3000 },
      }),
    );
    const { code, err } = await run(["--config", path]);
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^${path}: battery\\.maxDischargeW: `));
  });
});
