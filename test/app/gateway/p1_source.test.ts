/** The gateway's serial P1 source on a socat pseudo-terminal: telegrams written at one end arrive parsed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serialSource } from "../../../app/gateway/p1_source.ts";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { p1Fixture } from "../../fixtures/p1.ts";

let socat: Deno.ChildProcess;
let dir = "";

beforeAll(async () => {
  dir = await Deno.makeTempDir();
  socat = new Deno.Command("socat", {
    args: [`pty,raw,echo=0,link=${dir}/dongle`, `pty,raw,echo=0,link=${dir}/meter`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      await Deno.stat(`${dir}/meter`);
      await Deno.stat(`${dir}/dongle`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});
afterAll(async () => {
  socat?.kill("SIGTERM");
  await socat?.status;
});

describe("P1 over a serial line", () => {
  it("reads telegrams from the device file at 115200 8N1, in whatever pieces they come", async () => {
    const readings: Reading[] = [];
    const source = serialSource(`${dir}/dongle`, "115200-8N1", (r) => readings.push(r));
    await new Promise((r) => setTimeout(r, 300)); // the source sets the line up and opens it
    const meter = await Deno.open(`${dir}/meter`, { write: true });
    const telegram = p1Fixture("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt");
    for (let at = 0; at < telegram.length; at += 100) {
      await meter.write(telegram.subarray(at, at + 100));
    }
    await meter.write(telegram);
    const end = Date.now() + 5000;
    while (readings.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    source.stop();
    meter.close();
    expect(readings.length).toBe(2);
    // The same bytes decoded in-process give the same reading as they do over the line.
    const direct: Reading[] = [];
    new P1Decoder((r) => direct.push(r)).push(telegram);
    expect(readings[0]).toEqual(direct[0]);
    expect(readings[0]).toMatchObject({ crcValid: true, equipmentId: "1SAG3101021605" });
  });
});
