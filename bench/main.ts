/** `deno task bench`: prints the figures each issue sets goals for, and their ratios. */
import { measureBundle } from "./bundle_size.ts";
import { benchHistory } from "./history_browser.ts";
import { benchHomeLoad, CPU_SLOWDOWN, type HomeLoad, PHONE } from "./home_load.ts";
import { benchParse } from "./p1_parse.ts";
import { benchCost } from "./tariff_cost.ts";
import { benchSolarForecast } from "./solar_forecast.ts";
import { benchPeakShaving } from "./peak_shaving.ts";
import { benchWhatIfYear } from "./what_if_year.ts";
import { benchEvDecision, benchEvReplay, CAPACITY_EUR_PER_KW_YEAR } from "./ev_replay.ts";
import { benchGatewayLatency } from "./gateway_latency.ts";
import { benchSyncLoad } from "./sync_load.ts";
import { benchGatewayFailsafe } from "./gateway_failsafe.ts";
import { benchAccountTiming } from "./account_timing.ts";

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const parse = benchParse();
const perSecond = (ms: number) => parse.telegrams / (ms / 1000);
console.log(
  `P1 parse, Belgian fixtures with CRC (${fmt(parse.telegrams)} telegrams, ${
    fmt(parse.bytes / 1e6, 1)
  } MB, median of 7 runs):`,
);
console.log(
  `  full decode    ${fmt(parse.telegramsPerSecond)} telegrams/s  ${
    fmt(parse.megabytesPerSecond, 1)
  } MB/s   goal ≥ 100,000 telegrams/s: ${parse.telegramsPerSecond >= 100_000 ? "met" : "NOT met"}`,
);
console.log(
  `  CRC only       ${
    fmt(perSecond(parse.crcOnlyMs))
  } telegrams/s  (bare CRC loop, telegram bounds known)`,
);
console.log(
  `  framing + CRC  ${
    fmt(perSecond(parse.framingMs))
  } telegrams/s  (a CRC-only pass that finds the telegrams itself)`,
);
const ratioToFraming = parse.parseMs / parse.framingMs;
console.log(
  `  full / framing+CRC ${fmt(ratioToFraming, 2)}×   goal ≤ 3×: ${
    ratioToFraming <= 3 ? "met" : "NOT met"
  }`,
);
console.log(
  `  full / bare CRC    ${fmt(parse.ratioToCrcOnly, 2)}×   goal ≤ 3×: ${
    parse.ratioToCrcOnly <= 3 ? "met" : "NOT met"
  }`,
);
for (const c of parse.chunked) {
  console.log(`  fed in ${c.chunkBytes}-byte chunks  ${fmt(c.telegramsPerSecond)} telegrams/s`);
}

const bundle = measureBundle();
console.log(`Dashboard route, initial JavaScript (${bundle.initialFiles.join(", ")}):`);
console.log(
  `  ${kb(bundle.initialBytes)} minified, ${
    kb(bundle.initialGzipBytes)
  } gzip   goal ≤ 60 KB gzip, one language: ${
    bundle.initialGzipBytes <= 60 * 1024 ? "met" : "NOT met"
  } (${fmt(bundle.initialGzipBytes / (60 * 1024) * 100, 0)} % of budget)`,
);
console.log(`  all JavaScript incl. lazy chunks: ${kb(bundle.allJsGzipBytes)} gzip`);

const [load1] = Deno.loadavg();
const home = await benchHomeLoad();
const ms = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${fmt(sorted[Math.floor(sorted.length / 2)])} ms (${
    values.map((v) => fmt(v)).join(", ")
  })`;
};
const goal = (values: number[], budgetMs: number) => {
  const m = median(values);
  return `goal ≤ ${fmt(budgetMs)} ms: ${m <= budgetMs ? "met" : "NOT met"} (${
    fmt(m / budgetMs * 100)
  } % of budget)`;
};
console.log(
  `Home screen on a phone: Chromium with its CPU ${CPU_SLOWDOWN}× slower, ${PHONE.width}×${PHONE.height} at ${PHONE.deviceScaleFactor}×, touch, loopback network; ${home.demoUrlCold.length} cold loads (fresh profile, no service worker yet) and ${home.demoUrlWarm.length} warm (a later visit, under the service worker) each; this machine's load average ${
    fmt(load1, 1)
  } at the start:`,
);
const pick = (runs: HomeLoad[], key: "lcpMs" | "valueMs" | "tapMs") =>
  runs.map((run) => run[key] ?? NaN);
console.log(
  `  largest contentful paint of /, cold: ${ms(pick(home.tapCold, "lcpMs"))}   ${
    goal(pick(home.tapCold, "lcpMs"), 1500)
  }`,
);
console.log(`    warm: ${ms(pick(home.tapWarm, "lcpMs"))}`);
console.log(
  `  first live value, /?demo (navigation → the frame that paints the demo's first net power), cold: ${
    ms(pick(home.demoUrlCold, "valueMs"))
  }   ${goal(pick(home.demoUrlCold, "valueMs"), 2500)}`,
);
console.log(`    warm: ${ms(pick(home.demoUrlWarm, "valueMs"))}`);
console.log(
  `    its largest contentful paint (the live dashboard), cold: ${
    ms(pick(home.demoUrlCold, "lcpMs"))
  }; warm: ${ms(pick(home.demoUrlWarm, "lcpMs"))}`,
);
console.log(
  `  tapping "Demo zonder meter" on / as soon as it shows, cold: tap at ${
    ms(pick(home.tapCold, "tapMs"))
  }, first value at ${ms(pick(home.tapCold, "valueMs"))}`,
);
console.log(
  `    warm: tap at ${ms(pick(home.tapWarm, "tapMs"))}, first value at ${
    ms(pick(home.tapWarm, "valueMs"))
  }`,
);

const cost = benchCost();
console.log(
  `Cost of one year under a quarter-hour dynamic tariff (${
    fmt(cost.slots)
  } quarters, median of 9): ${fmt(cost.medianMs, 1)} ms   goal ≤ 50 ms: ${
    cost.medianMs <= 50 ? "met" : "NOT met"
  } (total € ${fmt(cost.totalEur, 2)})`,
);

const solar = benchSolarForecast();
console.log(
  `48-hour quarter-hour forecast for ${solar.groups} groups (${solar.slots} quarters, sun once per quarter, median of 201): ${
    fmt(solar.medianMs, 2)
  } ms   goal ≤ 5 ms: ${solar.medianMs <= 5 ? "met" : "NOT met"} (${fmt(solar.kWh, 1)} kWh)`,
);

const shaving = benchPeakShaving();
console.log(
  `Peak shaving simulated over one year (${fmt(shaving.quarters)} quarters, median of 5): ${
    fmt(shaving.medianMs, 1)
  } ms   goal ≤ 1,000 ms: ${shaving.medianMs <= 1000 ? "met" : "NOT met"} (year's peak ${
    fmt(shaving.peakCutKW, 2)
  } kW lower)`,
);

const whatIf = benchWhatIfYear();
console.log(
  `What-if year: ${
    fmt(whatIf.quarters)
  } quarters under ${whatIf.variants} variants (as is, +4 kWp, +10 kWh battery, another contract), with the yield model built from the stored year, median of 7 after 3 warm-up runs: ${
    fmt(whatIf.medianMs, 1)
  } ms   goal ≤ 100 ms: ${whatIf.medianMs <= 100 ? "met" : "NOT met"} (first, cold run ${
    fmt(whatIf.firstMs, 1)
  } ms; +4 kWp saves € ${fmt(whatIf.savedEur, 2)} a year)`,
);

const ev = benchEvReplay();
console.log(
  `EV charging replayed over a year of quarter-hours, per minute (${fmt(ev.houseKWh)} kWh house, ${
    fmt(ev.sessions)
  } weekday evening sessions of 8–25 kWh, 11 kW car; ${fmt(ev.replayMs / 1000, 1)} s):`,
);
console.log(
  `  months whose peak charging raised, default settings: ${ev.monthsRaisedDefault} (largest ${
    fmt(ev.largestRaiseDefaultKW, 3)
  } kW)   goal 0: ${
    ev.monthsRaisedDefault === 0 ? "met" : "NOT met"
  }; under "fast": ${ev.monthsRaisedFast}`,
);
console.log(
  `  departure goals met: ${fmt(ev.goalsMetPct, 1)} %   goal ≥ 95 %: ${
    ev.goalsMetPct >= 95 ? "met" : "NOT met"
  }; missed ${
    ev.missedFlagged + ev.missedUnflagged
  }, of which reported out of reach before departure ${ev.missedFlagged}${
    ev.missedFlaggedMedianLeadH === null
      ? ""
      : ` (median ${fmt(ev.missedFlaggedMedianLeadH, 1)} h ahead)`
  }; under "fast": ${fmt(ev.fastGoalsMetPct, 1)} %`,
);
console.log(
  `  capacity tariff at € ${CAPACITY_EUR_PER_KW_YEAR}/kW/year (mean of 12 monthly peaks ≥ 2.5 kW): house alone ${
    fmt(ev.capacityKW.house, 2)
  } kW € ${fmt(ev.capacityEurPerYear.house)}, default ${fmt(ev.capacityKW.default, 2)} kW € ${
    fmt(ev.capacityEurPerYear.default)
  }, fast ${fmt(ev.capacityKW.fast, 2)} kW € ${fmt(ev.capacityEurPerYear.fast)}: € ${
    fmt(ev.savedEurPerYear)
  }/year saved against "fast"`,
);
const evDecision = benchEvDecision();
console.log(
  `  one decision for ${evDecision.chargers} chargers (goals planned over 2 days of prices and a forecast): p50 ${
    fmt(evDecision.p50Ms, 2)
  } ms, p99 ${fmt(evDecision.p99Ms, 2)} ms   goal p99 ≤ 20 ms: ${
    evDecision.p99Ms <= 20 ? "met" : "NOT met"
  } (load average ${fmt(evDecision.load1, 1)})`,
);

const latency = await benchGatewayLatency();
console.log(
  `Gateway: telegram in → Modbus command out, loopback (${latency.count} telegrams): p50 ${
    fmt(latency.p50Ms, 2)
  } ms, p99 ${fmt(latency.p99Ms, 2)} ms   goal p99 ≤ 50 ms: ${
    latency.p99Ms <= 50 ? "met" : "NOT met"
  }`,
);

const failsafe = await benchGatewayFailsafe();
console.log(
  `Gateway fail-safe over a socat RTU pair: last telegram → "auto" at the inverter ${
    fmt(failsafe.delayMs)
  } ms (watchdog ${fmt(failsafe.watchdogMs)} ms)   goal ≤ 10,000 ms: ${
    failsafe.delayMs <= 10_000 ? "met" : "NOT met"
  }`,
);

const history = await benchHistory();
console.log(
  `Fluvius import and history views with costs, headless Chromium (IndexedDB through RxDB/Dexie):`,
);
console.log(
  `  one-year export (${fmt(history.yearRows)} rows): import ${
    fmt(history.yearImportMs)
  } ms (parse in worker ${fmt(history.yearParseMs)} ms)   goal ≤ 1,500 ms: ${
    history.yearImportMs <= 1500 ? "met" : "NOT met"
  } (${fmt(history.yearImportMs / 1500 * 100)} % of budget)`,
);
const yearView = median(history.yearViewMs);
const monthView = median(history.monthViewMs);
console.log(
  `  year view from IndexedDB: median ${fmt(yearView)} ms of ${
    history.yearViewMs.map((v) => fmt(v)).join(", ")
  }   goal ≤ 200 ms: ${yearView <= 200 ? "met" : "NOT met"}`,
);
console.log(
  `  year view right after a reload (loads the database code, opens IndexedDB): ${
    fmt(history.coldYearViewMs)
  } ms`,
);
console.log(
  `  month view from IndexedDB: median ${fmt(monthView)} ms of ${
    history.monthViewMs.map((v) => fmt(v)).join(", ")
  }   goal ≤ 100 ms: ${monthView <= 100 ? "met" : "NOT met"}`,
);
const heapMB = history.threeYearPeakHeapBytes / 1_048_576;
console.log(
  `  three-year export (${fmt(history.threeYearRows)} rows): import ${
    fmt(history.threeYearImportMs)
  } ms, peak JS heap (page + ${history.threeYearWorkersSampled} worker) ${
    fmt(heapMB, 1)
  } MB   goal ≤ 200 MB: ${heapMB <= 200 ? "met" : "NOT met"}`,
);

console.log(
  "Sign-up and reset request, an address with an account vs one without (SMTP taking 900 ms), median of 9:",
);
for (const t of await benchAccountTiming()) {
  console.log(`  ${t.name}: ${fmt(t.knownMs, 1)} ms vs ${fmt(t.unknownMs, 1)} ms`);
}

console.log(
  "Sync load on loopback: 1,000 households, each pushing a day of 96 quarter-hours to its own site (server in its own process):",
);
for (const f of await benchSyncLoad()) {
  const goal = f.label.startsWith("SQLite") && f.label.includes("open loop at 3000/s")
    ? `   goal ≥ 3,000 pushes/s with p99 ≤ 100 ms: ${
      f.pushesPerSecond >= 3000 && f.p99Ms <= 100 ? "met" : "NOT met"
    }`
    : "";
  console.log(
    `  ${f.label}: ${fmt(f.pushesPerSecond)} pushes/s, p50 ${fmt(f.p50Ms)} ms, p99 ${
      fmt(f.p99Ms)
    } ms (${fmt(f.pushes)} pushes in ${fmt(f.seconds, 1)} s, ${f.failed} failed)${goal}`,
  );
}
