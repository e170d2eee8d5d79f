import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../app/shared/rate_limiter.ts";

describe("RateLimiter", () => {
  it("refuses a key past its limit until the window slides past the first attempts", () => {
    const limiter = new RateLimiter(2, 1000);
    expect(limiter.attempt("a", 0)).toBe(true);
    expect(limiter.attempt("a", 400)).toBe(true);
    expect(limiter.attempt("a", 500)).toBe(false);
    expect(limiter.attempt("b", 500)).toBe(true);
    // The attempt at 0 has left the window; the one at 400 has not.
    expect(limiter.attempt("a", 1000)).toBe(true);
    expect(limiter.attempt("a", 1100)).toBe(false);
  });

  it("forgets a key on reset", () => {
    const limiter = new RateLimiter(1, 1000);
    expect(limiter.attempt("a", 0)).toBe(true);
    expect(limiter.attempt("a", 1)).toBe(false);
    limiter.reset("a");
    expect(limiter.attempt("a", 2)).toBe(true);
  });
});
