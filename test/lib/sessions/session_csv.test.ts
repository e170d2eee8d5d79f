/**
 * The session export, as a file: the exact text of a small month worked out by hand, headers in
 * each language, names that say what the file holds, cells safe from formulas, and a TOTAL line
 * that is the sum of the printed lines.
 */
import { describe, expect, it } from "vitest";
import { wallTimeMs } from "../../../lib/energy/calendar.ts";
import type { ChargeSession } from "../../../lib/db/models.ts";
import { en } from "../../../lib/i18n/en.ts";
import { fr } from "../../../lib/i18n/fr.ts";
import { nl } from "../../../lib/i18n/nl.ts";
import {
  fileNamePart,
  periodName,
  sessionCsv,
  textCell,
} from "../../../lib/sessions/session_csv.ts";

const at = (day: string, hour: number, minute = 0) => wallTimeMs(day, hour, minute)!;

function session(
  id: string,
  startMs: number,
  minutes: number | null,
  fields: Partial<ChargeSession>,
) {
  return {
    id,
    siteId: "site",
    deviceId: "c1",
    chargerName: "Oprit",
    startMs,
    endMs: minutes === null ? null : startMs + minutes * 60_000,
    energyKWh: 0,
    updatedAt: 1,
    ...fields,
  } satisfies ChargeSession;
}

const S1 = session("S1", at("2025-03-30", 23, 30), 75, {
  owner: "Acme BV",
  idTag: "04A2",
  address: "Kerkstraat 1; bus 2, 2000 Antwerpen",
  meterStartKWh: 1520.25,
  meterStopKWh: 1527.75,
  energyKWh: 7.5,
  kmAdded: 41.7,
  solarKWh: 2.5,
  costEur: 2,
  cregEurPerKWh: 0.2822,
  reimbursementEur: 2.12,
});
const S2 = session("S2", at("2025-03-31", 18), 90, {
  owner: "=cmd|' /C calc'!A0",
  idTag: "TAG1",
  energyKWh: 10.001,
  kmAdded: 55.6,
  solarKWh: 0,
  costEur: 3.33,
  cregEurPerKWh: 0.2822,
  reimbursementEur: 2.82,
});
/** Still charging: not in an export. */
const RUNNING = session("S3", at("2025-03-31", 21), null, { owner: "Acme BV", energyKWh: 4 });
/** Another charger, and another month. */
const OTHER_CHARGER = session("S4", at("2025-03-12", 9), 60, { deviceId: "c2", energyKWh: 3 });
const APRIL = session("S5", at("2025-04-01", 0, 15), 60, { owner: "Acme BV", energyKWh: 2 });
const ALL = [APRIL, S2, OTHER_CHARGER, RUNNING, S1];

describe("the session CSV", () => {
  it("writes one charger's month exactly as worked out by hand", () => {
    const csv = sessionCsv(ALL, {
      scope: { kind: "charger", deviceId: "c1" },
      from: "2025-03-01",
      to: "2025-03-31",
      texts: nl.sessionsCsv,
    });
    expect(csv.fileName).toBe("laadsessies_oprit_2025-03.csv");
    expect(csv.sessions).toBe(2);
    // S1: 23:30 on the short spring day to 00:45; 2.00 € / 7.5 kWh = 0.2667 €/kWh; 2.5 / 7.5 = 33 %.
    // S2: 3.33 / 10.001 = 0.33297 → 0.3330 €/kWh; its owner would be a formula: prefixed and quoted.
    // TOTAL: 17.501 kWh; 1:15 + 1:30 = 2:45; 97.3 km; 2.5 / 17.501 = 14 %; 5.33 €;
    // 5.33 / 17.501 = 0.30455 → 0.3046 €/kWh; refunds 2.12 + 2.82 = 4.94 €.
    expect(csv.text).toBe(
      "\uFEFF" + [
        "Begin;Einde;Laadpaal;Eigenaar;Laadpas (RFID);Adres;Meterstand begin (kWh);" +
        "Meterstand einde (kWh);Geladen energie (kWh);Duur (u:mm);Bijgeladen bereik (km);" +
        "Zonne-energie (%);Kost (€);Prijs (€/kWh);CREG-tarief (€/kWh);Terugbetaling (€)",
        '30-03-2025 23:30;31-03-2025 00:45;Oprit;Acme BV;04A2;"Kerkstraat 1; bus 2, 2000 Antwerpen";' +
        "1520,250;1527,750;7,500;1:15;41,7;33;2,00;0,2667;0,2822;2,12",
        `31-03-2025 18:00;31-03-2025 19:30;Oprit;"'=cmd|' /C calc'!A0";TAG1;;;;` +
        "10,001;1:30;55,6;0;3,33;0,3330;0,2822;2,82",
        "TOTAAL;;;;;;;;17,501;2:45;97,3;14;5,33;0,3046;;4,94",
      ].join("\r\n") + "\r\n",
    );
  });

  it("exports per owner and per address, headers and file names in the chosen language", () => {
    const owner = sessionCsv(ALL, {
      scope: { kind: "owner", owner: "owner:Acme BV" },
      from: "2025-03-24",
      to: "2025-04-06",
      texts: fr.sessionsCsv,
    });
    // S1 (30 March) and April's S5; the running S3 is left out.
    expect(owner.sessions).toBe(2);
    expect(owner.fileName).toBe("sessions-de-recharge_acme-bv_2025-03-24_2025-04-06.csv");
    const rows = owner.text.slice(1).split("\r\n");
    expect(rows[0].split(";").slice(0, 3)).toEqual(["Début", "Fin", "Borne"]);
    expect(rows.map((r) => r.slice(0, 16))).toEqual([
      "Début;Fin;Borne;",
      "30-03-2025 23:30",
      "01-04-2025 00:15",
      "TOTAL;;;;;;;;9,5",
      "",
    ]);
    const address = sessionCsv(
      [session("X", at("2025-06-02", 20), 60, {
        address: "Rue de l'Église 5, 1000 Bruxelles",
        owner: "Élodie Dupré",
        energyKWh: 1,
      })],
      {
        scope: { kind: "address", address: "Rue de l'Église 5, 1000 Bruxelles" },
        from: "2025-06-02",
        to: "2025-06-08",
        texts: en.sessionsCsv,
      },
    );
    expect(address.fileName).toBe(
      "charging-sessions_rue-de-l-eglise-5-1000-bruxelles_2025-W23.csv",
    );
    expect(address.text).toContain(";Élodie Dupré;;Rue de l'Église 5, 1000 Bruxelles;");
    expect(address.text.startsWith("\uFEFFStart;End;Charger;Owner;Charge card (RFID);")).toBe(true);
  });

  it("writes an empty period as a header and a zero total", () => {
    const csv = sessionCsv(ALL, {
      scope: { kind: "owner", owner: "tag:NOBODY" },
      from: "2025-01-01",
      to: "2025-12-31",
      texts: nl.sessionsCsv,
    });
    expect(csv.sessions).toBe(0);
    expect(csv.fileName).toBe("laadsessies_nobody_2025.csv");
    expect(csv.text.split("\r\n")[1]).toBe("TOTAAL;;;;;;;;0,000;0:00;0,0;;0,00;;;0,00");
  });

  it("adds up the printed lines to the TOTAL line, over many sessions", () => {
    // 60 sessions with figures in every last decimal: the totals are those of the printed cells.
    const many: ChargeSession[] = [];
    for (let i = 0; i < 60; i++) {
      const energyKWh = ((i * 7919) % 40_000) / 1000 + 0.001;
      many.push(session(`M${i}`, at("2025-05-01", 0) + i * 11 * 3_600_000, 37 + i, {
        owner: "Acme BV",
        energyKWh,
        kmAdded: ((i * 131) % 2000) / 10,
        solarKWh: Math.min(energyKWh, ((i * 53) % 9000) / 1000),
        costEur: ((i * 977) % 1500) / 100,
        reimbursementEur: ((i * 389) % 1200) / 100,
      }));
    }
    const csv = sessionCsv(many, {
      scope: { kind: "owner", owner: "owner:Acme BV" },
      from: "2025-05-01",
      to: "2025-05-31",
      texts: nl.sessionsCsv,
    });
    const rows = csv.text.slice(1).trimEnd().split("\r\n").map((r) => r.split(";"));
    const body = rows.slice(1, -1);
    const total = rows.at(-1)!;
    expect(body.length).toBe(csv.sessions);
    expect(body.length).toBeGreaterThan(20);
    /** A printed cell in its last decimal's units (a whole number): `12,345` → 12345. */
    const units = (cell: string) => Number(cell.replace(",", "").replace(/^0+(?=\d)/, ""));
    for (const [column, name] of [[8, "kWh"], [10, "km"], [12, "€"], [15, "refund"]] as const) {
      const sum = body.reduce((n, row) => n + units(row[column]), 0);
      expect(units(total[column]), name).toBe(sum);
    }
    const minutes = body.reduce((n, row) => {
      const [h, m] = row[9].split(":").map(Number);
      return n + h * 60 + m;
    }, 0);
    expect(total[9]).toBe(`${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`);
  });
});

describe("cells and names", () => {
  it("keeps Excel from running a cell as a formula, and quotes what must be", () => {
    expect(textCell("Acme BV")).toBe("Acme BV");
    expect(textCell("=1+1")).toBe(`"'=1+1"`);
    expect(textCell("+32 470 12 34 56")).toBe(`"'+32 470 12 34 56"`);
    expect(textCell("-Acme")).toBe(`"'-Acme"`);
    expect(textCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(textCell("\tx")).toBe(`"'\tx"`);
    expect(textCell('Het "Hof"')).toBe(`"Het ""Hof"""`);
    expect(textCell("a;b")).toBe(`"a;b"`);
    expect(textCell("A-1")).toBe("A-1");
    expect(textCell(null)).toBe("");
  });

  it("makes file-name parts of any name, and names whole periods by their key", () => {
    expect(fileNamePart("Oprit links", "x")).toBe("oprit-links");
    expect(fileNamePart("Élodie Dupré — Société", "x")).toBe("elodie-dupre-societe");
    expect(fileNamePart("../../etc/passwd", "x")).toBe("etc-passwd");
    expect(fileNamePart("🚗", "onbekend")).toBe("onbekend");
    expect(fileNamePart("a".repeat(39) + " b", "x")).toBe("a".repeat(39));
    expect(periodName("2025-02-01", "2025-02-28")).toBe("2025-02");
    expect(periodName("2024-01-01", "2024-12-31")).toBe("2024");
    expect(periodName("2024-12-30", "2025-01-05")).toBe("2025-W01");
    expect(periodName("2025-02-01", "2025-02-27")).toBe("2025-02-01_2025-02-27");
  });
});
