import { describe, expect, it } from "vitest";
import { bucketsToCsv } from "../../../lib/energy/csv_export.ts";
import { emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";

describe("CSV export", () => {
  const bucket = emptyBucket("local", "grid", "2023-10-29");
  bucket.imported[8] = 0.063;
  bucket.exported[8] = 0;
  bucket.quality[8] = Quality.validated;
  bucket.register[8] = Register.night;
  bucket.imported[12] = 1.5;
  bucket.exported[12] = 0.25;
  bucket.quality[12] = Quality.measured;
  bucket.register[12] = Register.day;

  it("writes Belgian Excel style: semicolons, decimal comma, local time", () => {
    const lines = bucketsToCsv([bucket], "be").split("\r\n");
    expect(lines[0]).toBe("start;end;import_kWh;export_kWh;quality;register");
    expect(lines.length).toBe(1 + 100 + 1); // the autumn day has 100 quarters
    expect(lines[1 + 8]).toBe("29-10-2023 02:00;29-10-2023 02:15;0,063;0,000;validated;night");
    expect(lines[1 + 12]).toBe("29-10-2023 02:00;29-10-2023 02:15;1,500;0,250;measured;day");
    expect(lines[1 + 9]).toBe("29-10-2023 02:15;29-10-2023 02:30;;;missing;");
  });

  it("writes ISO style: commas and instants with their offset", () => {
    const lines = bucketsToCsv([bucket], "iso").split("\r\n");
    expect(lines[0]).toBe("start,end,import_kWh,export_kWh,quality,register");
    expect(lines[1 + 8]).toBe(
      "2023-10-29T02:00:00+02:00,2023-10-29T02:15:00+02:00,0.063,0.000,validated,night",
    );
    expect(lines[1 + 12]).toBe(
      "2023-10-29T02:00:00+01:00,2023-10-29T02:15:00+01:00,1.500,0.250,measured,day",
    );
  });
});
