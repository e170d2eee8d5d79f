/**
 * Belgian grid connection points are identified by a GS1 EAN-18: 18 digits, starting with the
 * Belgian prefix `54`, the last digit a mod-10 check digit (weights 3, 1, 3, … from the right).
 */

export type EanProblem = "length" | "digits" | "prefix" | "checkDigit";

/** The GS1 check digit of the digits before it. */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** What is wrong with an EAN, or `null` if it is a valid Belgian EAN-18. */
export function eanProblem(ean: string): EanProblem | null {
  if (!/^\d*$/.test(ean)) return "digits";
  if (ean.length !== 18) return "length";
  if (!ean.startsWith("54")) return "prefix";
  if (gs1CheckDigit(ean.slice(0, 17)) !== ean.charCodeAt(17) - 48) return "checkDigit";
  return null;
}
