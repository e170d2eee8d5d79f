/** `deno task bench`: prints the figures each issue sets goals for. */
import { benchParse } from "./p1_parse.ts";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const parse = benchParse();
console.log(
  `P1 parse, Belgian fixtures (${fmt(parse.telegrams)} telegrams, ${
    fmt(parse.bytes / 1e6, 1)
  } MB), with CRC:`,
);
console.log(
  `  full decode   ${fmt(parse.telegramsPerSecond)} telegrams/s  ${
    fmt(parse.megabytesPerSecond, 1)
  } MB/s  (goal ≥ 100,000 telegrams/s)`,
);
console.log(`  CRC only      ${fmt(parse.telegrams / (parse.crcOnlyMs / 1000))} telegrams/s`);
console.log(`  framing+CRC   ${fmt(parse.telegrams / (parse.framingMs / 1000))} telegrams/s`);
console.log(`  ratio full / CRC-only ${fmt(parse.ratioToCrcOnly, 2)}×  (goal ≤ 3×)`);
for (const c of parse.chunked) {
  console.log(`  in ${c.chunkBytes}-byte chunks  ${fmt(c.telegramsPerSecond)} telegrams/s`);
}
