/**
 * The CREG rate: the most an employer may pay back per kWh for charging a company car at home
 * without a taxable benefit in kind (circular 2024/C/77 and its addenda), per quarter and per
 * region of the employee's home. The FOD Financiën publishes it per quarter from the CREG's
 * all-in residential price (a household with a digital meter, an EV, 8,000 kWh a year) of
 * earlier months; an employer may pay less, or the actual cost.
 *
 * The table holds only figures with a source. A quarter that is not in it has no rate here:
 * `cregRate` says so instead of taking a neighbouring quarter's.
 */
import { localDayOf } from "../energy/calendar.ts";
import type { Region } from "../db/models.ts";

/** A calendar quarter, `YYYY-Qn`, of Brussels local time. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

export interface CregRate {
  quarter: Quarter;
  region: Region;
  eurPerKWh: number;
  /** Where the figure was read. */
  source: string;
}

const DEGAND =
  "Degand & Partners, “Vergoeding laadkosten bedrijfswagens thuis” (table of 2025), blog.degandpartners.com/nl/article/…/28508";
const REFERENCE =
  "Circular 2024/C/77, Q1 2025 rates as quoted by kpmg.com taxnewsflash 2024/12 and mbrella.eu (reference/ev_solar_optimiser_community.md §A)";
const CLB =
  "CLB Group, “Terugbetaling elektriciteitskosten voor het thuisladen: bedragen derde kwartaal 2025”, clbgroup.be (22-05-2025)";
const PMG =
  "PMG newsletter, “Lagere terugbetaling elektriciteit thuisladen Q4 2025”, viewer.pmg.be";

/** Rates in € per kWh (all-in, VAT included). */
export const CREG_RATES: readonly CregRate[] = [
  { quarter: "2025-Q1", region: "flanders", eurPerKWh: 0.2822, source: `${REFERENCE}; ${DEGAND}` },
  { quarter: "2025-Q1", region: "brussels", eurPerKWh: 0.3294, source: `${REFERENCE}; ${DEGAND}` },
  { quarter: "2025-Q1", region: "wallonia", eurPerKWh: 0.3256, source: `${REFERENCE}; ${DEGAND}` },
  { quarter: "2025-Q2", region: "flanders", eurPerKWh: 0.3194, source: DEGAND },
  { quarter: "2025-Q2", region: "brussels", eurPerKWh: 0.3585, source: DEGAND },
  { quarter: "2025-Q2", region: "wallonia", eurPerKWh: 0.3617, source: DEGAND },
  { quarter: "2025-Q3", region: "flanders", eurPerKWh: 0.3456, source: `${CLB}; ${DEGAND}` },
  { quarter: "2025-Q3", region: "brussels", eurPerKWh: 0.3787, source: `${CLB}; ${DEGAND}` },
  { quarter: "2025-Q3", region: "wallonia", eurPerKWh: 0.3843, source: `${CLB}; ${DEGAND}` },
  { quarter: "2025-Q4", region: "flanders", eurPerKWh: 0.3070, source: `${PMG}; ${DEGAND}` },
  { quarter: "2025-Q4", region: "brussels", eurPerKWh: 0.3356, source: `${PMG}; ${DEGAND}` },
  { quarter: "2025-Q4", region: "wallonia", eurPerKWh: 0.3457, source: `${PMG}; ${DEGAND}` },
];

/** The quarter an instant falls in, by the Brussels calendar (a session at 00:30 on 1 April, local time, is in Q2). */
export function quarterOf(ms: number): Quarter {
  const day = localDayOf(ms);
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return `${Number(day.slice(0, 4))}-Q${quarter as 1 | 2 | 3 | 4}`;
}

export type CregLookup =
  | { known: true; quarter: Quarter; eurPerKWh: number; source: string }
  | { known: false; quarter: Quarter };

/**
 * The rate for a session that started at `startMs` at a home in `region`. A session is priced
 * at the quarter it started in (one that runs past midnight of a new quarter keeps its start's).
 */
export function cregRate(region: Region, startMs: number): CregLookup {
  const quarter = quarterOf(startMs);
  const found = CREG_RATES.find((r) => r.quarter === quarter && r.region === region);
  return found
    ? { known: true, quarter, eurPerKWh: found.eurPerKWh, source: found.source }
    : { known: false, quarter };
}

/**
 * What the employer pays back: the session's kWh (to the Wh) × the rate (to 0.01 c€), to the
 * cent, half up — counted in whole Wh and hundredths of a cent, so no float noise decides a cent.
 */
export function reimbursementEur(energyKWh: number, eurPerKWh: number): number {
  const wh = Math.round(energyKWh * 1000);
  const rate = Math.round(eurPerKWh * 10_000);
  // wh × rate is in 1e-7 €: cents are that ÷ 1e5.
  return Math.round((wh * rate) / 100_000) / 100;
}
