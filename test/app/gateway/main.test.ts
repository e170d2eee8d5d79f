/** `deno task gateway`: a config file is checked, and a bad one is refused with the field named. */
import { describe, expect, it } from "vitest";
import { GatewayState } from "../../../app/gateway/state.ts";

const MAIN = new URL("../../../app/gateway/main.ts", import.meta.url).pathname;

async function run(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code,
    out: new TextDecoder().decode(stdout),
    err: new TextDecoder().decode(stderr),
  };
}

describe("deno task gateway", () => {
  it("explains how to start it", async () => {
    expect(await run([])).toEqual({
      code: 1,
      out: "",
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

  it("names a PV source's missing field", async () => {
    const path = await Deno.makeTempFile({ suffix: ".json" });
    await Deno.writeTextFile(
      path,
      JSON.stringify({
        p1: { kind: "tcp", host: "192.168.1.50", port: 8088 },
        device: { profile: "sofar-me3000sp", transport: "rtu", path: "/dev/ttyUSB1" },
        battery: { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: 3000 },
        site: { mainFuseA: 40, phases: 3, inverterMaxW: 3000 },
        pv: { kind: "sunspec", port: 502 },
      }),
    );
    const { code, err } = await run(["--config", path]);
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`^${path}: pv\\.host: `));
  });

  it("lists the paired devices of a state file and revokes one", async () => {
    const dir = await Deno.makeTempDir();
    const state = new GatewayState(`${dir}/state.json`);
    const phone = state.pair(
      state.gatewayId,
      state.code,
      "Chrome · Android",
      Date.UTC(2026, 10, 3, 8),
    )!;
    state.pair(state.gatewayId, state.code, "Firefox · Linux", Date.UTC(2026, 10, 4, 9));
    const listed = await run(["devices", "--state", `${dir}/state.json`]);
    expect(listed.code).toBe(0);
    expect(listed.out.trim().split("\n")).toEqual([
      `${phone.id}  paired 2026-11-03T08:00  last seen 2026-11-03T08:00  Chrome · Android`,
      expect.stringMatching(
        /^\w{8} {2}paired 2026-11-04T09:00 {2}last seen 2026-11-04T09:00 {2}Firefox · Linux$/,
      ),
    ]);
    expect(listed.out).not.toContain(phone.token);
    expect(await run(["revoke", phone.id, "--state", `${dir}/state.json`])).toMatchObject({
      code: 0,
      out: `revoked ${phone.id}\n`,
    });
    expect(new GatewayState(`${dir}/state.json`).use(phone.token)).toBeNull();
    expect((await run(["revoke", "nobody", "--state", `${dir}/state.json`])).err).toBe(
      `no paired device nobody in ${dir}/state.json\n`,
    );
  });
});
