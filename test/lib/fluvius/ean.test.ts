import { describe, expect, it } from "vitest";
import { eanProblem, gs1CheckDigit } from "../../../lib/fluvius/ean.ts";

describe("EAN-18", () => {
  it("accepts a Belgian EAN with the right GS1 check digit", () => {
    // Weights 3, 1, 3, … from the rightmost of the 17 digits: the weighted sum is 131, and
    // 131 + 9 is a multiple of ten, so the check digit is 9.
    expect(gs1CheckDigit("54144882004415922")).toBe(9);
    expect(eanProblem("541448820044159229")).toBeNull();
  });

  it("names what is wrong", () => {
    expect(eanProblem("541448820044159228")).toBe("checkDigit");
    expect(eanProblem("54144882004415922")).toBe("length");
    expect(eanProblem("5414488200441592299")).toBe("length");
    expect(eanProblem("871448820044159229")).toBe("prefix");
    expect(eanProblem("54144882004415922X")).toBe("digits");
  });
});
