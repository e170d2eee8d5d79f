import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import { storeFluviusImport } from "../../../lib/db/fluvius_store.ts";
import { type DeletionPlan, deletionTargets, planDeletion } from "../../../lib/db/local_data.ts";
import type { Meter } from "../../../lib/db/models.ts";
import { parseFluviusText } from "../../../lib/fluvius/import.ts";
import { loadMessages, type Locale, type Messages } from "../../../lib/i18n/messages.ts";
import {
  deletedSentence,
  deletionView,
  exportFileName,
  holdsSentence,
  periodText,
  rawExportLabel,
  restoredSentence,
  targetLabel,
  wipeView,
} from "../../../lib/views/settings_page.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";

const M = {
  nl: await loadMessages("nl"),
  fr: await loadMessages("fr"),
  en: await loadMessages("en"),
} as Record<Locale, Messages>;
/** French puts a (narrow) no-break space in numbers and before colons; compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

const open: EnergyDatabase[] = [];
let n = 0;
afterEach(async () => {
  for (const db of open.splice(0)) await db.remove();
});

async function springPlan(from: string, to: string): Promise<DeletionPlan> {
  const db = await openEnergyDatabase(getRxStorageMemory(), `settings-view${n++}`, false);
  open.push(db);
  await storeFluviusImport(db, parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file)), 1);
  return planDeletion(db, "local", "grid", from, to);
}

const EAN = "541448820044159229";
const fluviusMeter: Meter = {
  id: EAN,
  siteId: "local",
  ean: EAN,
  kind: "electricity",
  source: "fluvius",
  updatedAt: 1,
};
const p1Meter: Meter = {
  id: "p1:E0043007",
  siteId: "local",
  kind: "electricity",
  source: "p1",
  equipmentId: "E0043007",
  updatedAt: 1,
};

/** A plan as `planDeletion` makes it, for counts no sample file has. */
function plan(partial: Partial<DeletionPlan>): DeletionPlan {
  return {
    siteId: "local",
    channel: "grid",
    from: "2024-03-01",
    to: "2024-03-31",
    firstDay: "2024-03-01",
    lastDay: "2024-03-31",
    ids: ["x"],
    slots: { quarters: 0, hours: 0, days: 0 },
    meters: [fluviusMeter],
    raw: { meterIds: [], fromMs: 0, toMs: 0 },
    ...partial,
  };
}

describe("the confirmation of a deletion", () => {
  it("says how many quarter-hours of which meter over which days go, in each language", async () => {
    const march = await springPlan("2024-03-01", "2024-03-31");
    const nl = deletionView(M.nl, "nl", march, 0, "device", "Thuis");
    expect(nl).toEqual({
      hasData: true,
      sentence:
        `284 kwartieren van meter ${EAN} van 29 maart tot en met 31 maart 2024 worden gewist.`,
      raw: null,
      reach: "Dit gebeurt alleen op dit toestel; er is geen server bij betrokken.",
      allowed: true,
    });
    expect(plain(deletionView(M.fr, "fr", march, 0, "device", "Thuis").sentence)).toBe(
      `Effacement de 284 quarts d'heure du compteur ${EAN} du 29 mars au 31 mars 2024.`,
    );
    expect(deletionView(M.en, "en", march, 0, "device", "Thuis").sentence).toBe(
      `284 quarter-hours of meter ${EAN} from 29 March to 31 March 2024 will be deleted.`,
    );
  });

  it("writes big counts as the language does, one in the singular, a single day as a day", () => {
    const full = plan({ slots: { quarters: 2972, hours: 0, days: 0 } });
    expect(deletionView(M.nl, "nl", full, 0, "device", "").sentence).toBe(
      `2.972 kwartieren van meter ${EAN} van 1 maart tot en met 31 maart 2024 worden gewist.`,
    );
    expect(deletionView(M.en, "en", full, 0, "device", "").sentence).toBe(
      `2,972 quarter-hours of meter ${EAN} from 1 March to 31 March 2024 will be deleted.`,
    );
    const one = plan({
      firstDay: "2024-03-31",
      lastDay: "2024-03-31",
      slots: { quarters: 1, hours: 0, days: 0 },
    });
    expect(deletionView(M.nl, "nl", one, 0, "device", "").sentence).toBe(
      `1 kwartier van meter ${EAN} op 31 maart 2024 wordt gewist.`,
    );
    const mixed = plan({
      firstDay: "2023-12-30",
      lastDay: "2024-01-02",
      slots: { quarters: 96, hours: 0, days: 3 },
      meters: [fluviusMeter, p1Meter],
    });
    expect(deletionView(M.nl, "nl", mixed, 0, "device", "").sentence).toBe(
      `96 kwartieren en 3 dagtotalen van de meters ${EAN} en E0043007 van 30 december 2023 tot en met 2 januari 2024 worden gewist.`,
    );
    const gateway = plan({ meters: [], slots: { quarters: 10, hours: 0, days: 0 } });
    expect(deletionView(M.en, "en", gateway, 0, "device", "").sentence).toBe(
      "10 quarter-hours of the grid from 1 March to 31 March 2024 will be deleted.",
    );
  });

  it("names the one-second readings that go with it, and who the deletion reaches", () => {
    const march = plan({ slots: { quarters: 2972, hours: 0, days: 0 }, meters: [p1Meter] });
    const view = deletionView(M.nl, "nl", march, 744, "everywhere", "Zomerhuis");
    expect(view.raw).toBe("Ook 744 uur seconde-metingen van die dagen.");
    expect(view.reach).toBe(
      "Zomerhuis synchroniseert: deze gegevens worden ook op de server en op de andere toestellen van de site gewist.",
    );
    expect(view.allowed).toBe(true);
    expect(deletionView(M.en, "en", march, 1, "device", "").raw).toBe(
      "Also 1 hour of one-second readings of those days.",
    );
    const refused = deletionView(M.nl, "nl", march, 0, "refused", "Zomerhuis");
    expect([refused.allowed, refused.reach]).toEqual([
      false,
      "Metingen van Zomerhuis wissen kan alleen de eigenaar of installateur van de site, aangemeld: de server moet het weten.",
    ]);
  });

  it("says there is nothing when the period holds no data", async () => {
    const empty = await springPlan("2024-05-01", "2024-05-31");
    const view = deletionView(M.nl, "nl", empty, 0, "device", "Thuis");
    expect([view.hasData, view.sentence]).toEqual([
      false,
      `Tussen die dagen staan geen gegevens van meter ${EAN}.`,
    ]);
  });

  it("says afterwards what went", () => {
    const march = plan({ slots: { quarters: 2972, hours: 0, days: 0 } });
    expect(deletedSentence(M.nl, "nl", march, 12)).toBe(
      "Gewist: 2.972 kwartieren en 12 uur seconde-metingen.",
    );
    expect(deletedSentence(M.en, "en", march, 0)).toBe("Deleted: 2,972 quarter-hours.");
  });
});

describe("the list of data to delete", () => {
  it("names each channel by its meters and period", async () => {
    const db = await openEnergyDatabase(getRxStorageMemory(), `settings-view${n++}`, false);
    open.push(db);
    await storeFluviusImport(db, parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file)), 1);
    const [target] = await deletionTargets(db, "local");
    expect(targetLabel(M.nl.settings, "nl", target)).toBe(
      `Elektriciteit — meter ${EAN} (29 maart 2024 – 1 april 2024)`,
    );
    expect(targetLabel(M.fr.settings, "fr", { ...target, meters: [] })).toBe(
      "Électricité (29 mars 2024 – 1 avril 2024)",
    );
    expect(periodText(M.fr.settings, "fr", "2024-03-29", "2024-04-01")).toBe(
      "du 29 mars au 1 avril 2024",
    );
  });
});

describe("what the device holds, and deleting all of it", () => {
  const contents = {
    sites: 1,
    meters: 1,
    energyDays: 4,
    tariffVersions: 1,
    priceDays: 0,
    otherSitesEnergyDays: 0,
  };

  it("lists what is there, leaving out what is not", () => {
    expect(holdsSentence(M.nl, "nl", contents, 0)).toBe(
      "Op dit toestel: 4 dagen meetgegevens, 1 meter en 1 tariefversie.",
    );
    expect(holdsSentence(M.en, "en", { ...contents, meters: 2 }, 1200)).toBe(
      "On this device: 4 days of readings, 2 meters, 1 tariff version and 1,200 hours of one-second readings.",
    );
    const none = { ...contents, meters: 0, energyDays: 0, tariffVersions: 0 };
    expect(holdsSentence(M.nl, "nl", none, 0)).toBe("Er staan nog geen gegevens op dit toestel.");
  });

  it("says what goes and what stays on the server", () => {
    expect(wipeView(M.nl, "nl", contents, 24, true)).toEqual({
      sentence:
        "Alles op dit toestel wordt gewist: 4 dagen meetgegevens, 1 meter, 1 tariefversie, 24 uur seconde-metingen en je instellingen.",
      server:
        "Op de server wordt niets gewist. Je blijft aangemeld; open je een site van je account opnieuw, dan haalt dit toestel zijn gegevens weer op.",
      keeps: "Je taalkeuze blijft.",
    });
    expect(wipeView(M.en, "en", contents, 0, false).server).toBe(
      "This device syncs with no server: what is deleted here is gone.",
    );
    // Signed out, with days of a synced site: they are still on the server.
    expect(wipeView(M.en, "en", { ...contents, otherSitesEnergyDays: 3 }, 0, false).server).toBe(
      "Nothing is deleted on the server: your sites' data comes back when you sign in again. What was only on this device is gone.",
    );
  });

  it("says what a restore brought back", () => {
    const summary = { sites: 0, meters: 1, energyDays: 4, tariffVersions: 0, priceDays: 2 };
    expect(restoredSentence(M.nl, "nl", summary, 0)).toBe(
      "Teruggezet: 4 dagen meetgegevens, 1 meter en 2 dagen dagprijzen.",
    );
    const nothing = { sites: 0, meters: 0, energyDays: 0, tariffVersions: 0, priceDays: 0 };
    expect(restoredSentence(M.fr, "fr", nothing, 0)).toBe(
      "Tout le contenu de ce fichier était déjà là.",
    );
  });

  it("says how large the one-second readings make the file", () => {
    expect(rawExportLabel(M.nl, "nl", 744)).toBe(
      "Ook de seconde-metingen (744 uur, ongeveer 158 MB)",
    );
    expect(plain(rawExportLabel(M.fr, "fr", 1))).toBe(
      "Y compris les mesures à la seconde (1 heure, environ 212 ko)",
    );
  });

  it("names the file by the Brussels day", () => {
    // 23:30 UTC on 11 June is 01:30 on 12 June in Brussels.
    expect(exportFileName(Date.UTC(2024, 5, 11, 23, 30))).toBe("thuisenergie-2024-06-12.json");
  });
});
