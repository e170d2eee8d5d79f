import { describe, expect, it } from "vitest";
import {
  expectedHouseKW,
  type HouseProfile,
  recordQuarter,
} from "../../../../lib/control/ev/house_profile.ts";

// 18:00 Brussels (UTC+1) on a December day: slot 72.
const at = (day: number, hour = 17) => Date.UTC(2026, 11, day, hour);

describe("the house's learnt load per quarter-hour", () => {
  it("expects a busy day's load: the 80th percentile of the same quarter on earlier days", () => {
    let profile: HouseProfile = {};
    [0.5, 3.0, 0.8, 1.0, 2.0].forEach((kW, i) => (profile = recordQuarter(profile, at(i + 1), kW)));
    // Five days seen: sorted 0.5, 0.8, 1.0, 2.0, 3.0; the 80th percentile is the fifth's index 4.
    expect(expectedHouseKW(profile, at(6))).toBe(3.0);
    // Another quarter of the day has not been seen.
    expect(expectedHouseKW(profile, at(6, 3))).toBeNull();
  });

  it("needs three days, and forgets days older than two weeks", () => {
    let profile: HouseProfile = {};
    profile = recordQuarter(profile, at(1), 4);
    profile = recordQuarter(profile, at(2), 1);
    expect(expectedHouseKW(profile, at(3))).toBeNull();
    profile = recordQuarter(profile, at(3), 1);
    expect(expectedHouseKW(profile, at(4))).toBe(4);
    // On the 17th the two weeks before reach back to the 3rd: the 1st and 2nd are gone.
    profile = recordQuarter(profile, at(17), 1);
    expect(Object.keys(profile)).toEqual(["2026-12-03", "2026-12-17"]);
  });
});
