import { describe, expect, it } from "vitest";
import { FluviusError, parseFluviusText } from "../../../lib/fluvius/import.ts";
import { loadMessages, type Locale } from "../../../lib/i18n/messages.ts";
import { wordImportProblem, wordProblem } from "../../../lib/i18n/problems.ts";

const messages = {
  nl: await loadMessages("nl"),
  fr: await loadMessages("fr"),
  en: await loadMessages("en"),
};
const word = (locale: Locale, code: string, params = {}) =>
  wordProblem(messages[locale], locale, { error: "english text", code, params });

describe("server problems in the user's language", () => {
  it("words the gateway's refusals, the day-ahead relay's and a price file's", () => {
    expect(word("nl", "gateway.wrongCode")).toBe("De gateway-ID of de koppelcode klopt niet.");
    expect(word("fr", "gateway.revoked")).toBe(
      "L'association de cet appareil avec la passerelle a été retirée. Associez-le à nouveau.",
    );
    expect(word("nl", "dayAhead.tooManyDays", { max: 31 })).toBe("Hoogstens 31 dagen tegelijk.");
    expect(word("en", "dayAhead.refused", { reason: "Unauthorized" })).toBe(
      "ENTSO-E refused the request (Unauthorized). Check your token.",
    );
    expect(word("nl", "priceCsv.notPrice", { line: 2, price: "abc" })).toBe(
      "regel 2: „abc” is geen prijs in €/MWh.",
    );
    expect(word("nl", "serial.inUse")).toBe(
      "de poort is in gebruik door een ander programma of tabblad.",
    );
  });

  it("words a password refusal with its minimum", () => {
    expect(word("nl", "password.tooShort", { min: 10 })).toBe(
      "Het wachtwoord moet minstens 10 tekens hebben.",
    );
    expect(word("fr", "password.tooShort", { min: 10 })).toBe(
      "Le mot de passe doit compter au moins 10 caractères.",
    );
    expect(word("en", "password.tooShort", { min: 10 })).toBe(
      "The password must have at least 10 characters.",
    );
  });

  it("words the sign-in rate limit with the minutes, in the plural form of each language", () => {
    expect([0, 1, 2].map((n) => word("nl", "rate.signIn", { n }))).toEqual([
      "Te veel aanmeldpogingen. Probeer het over 0 minuten opnieuw.",
      "Te veel aanmeldpogingen. Probeer het over 1 minuut opnieuw.",
      "Te veel aanmeldpogingen. Probeer het over 2 minuten opnieuw.",
    ]);
    expect([0, 1, 2].map((n) => word("fr", "rate.signIn", { n }))).toEqual([
      "Trop de tentatives de connexion. Réessayez dans 0 minute.",
      "Trop de tentatives de connexion. Réessayez dans 1 minute.",
      "Trop de tentatives de connexion. Réessayez dans 2 minutes.",
    ]);
    expect([0, 1, 2].map((n) => word("en", "rate.signIn", { n }))).toEqual([
      "Too many sign-in attempts. Try again in 0 minutes.",
      "Too many sign-in attempts. Try again in 1 minute.",
      "Too many sign-in attempts. Try again in 2 minutes.",
    ]);
  });

  it("words a full sync quota with the megabytes in the locale's numbers", () => {
    expect(word("nl", "sync.quotaFull", { used: 12.3, quota: 10 })).toBe(
      "De opslag van het account van deze site is vol (12,3 van 10 MB gebruikt): er is niets bewaard.",
    );
    expect(word("fr", "sync.quotaFull", { used: 12.3, quota: 10 })).toBe(
      "Le stockage du compte de ce site est plein (12,3 sur 10 Mo utilisés) : rien n'a été enregistré.",
    );
    expect(word("en", "sync.quotaFull", { used: 12.3, quota: 10 })).toBe(
      "The storage of this site's account is full (12.3 of 10 MB used): nothing was stored.",
    );
  });

  it("words invitations and account answers", () => {
    expect(word("nl", "invite.notForYou")).toBe(
      "Deze uitnodiging is niet geldig, is verlopen of is voor een ander e-mailadres.",
    );
    expect(word("fr", "auth.badCredentials")).toBe(
      "L'adresse e-mail ou le mot de passe est incorrect.",
    );
    expect(word("nl", "site.transferFirst", { site: "Thuis" })).toBe(
      "Draag eerst het eigenaarschap van “Thuis” over, of verwijder de leden.",
    );
  });

  it("shows the server's English for a code it does not know, or none", () => {
    expect(word("nl", "password.unheardOf")).toBe("english text");
    expect(word("nl", "password")).toBe("english text");
    expect(word("nl", "toString")).toBe("english text");
    expect(wordProblem(messages.fr, "fr", { error: "no code" })).toBe("no code");
  });
});

describe("importer errors in the user's language", () => {
  const header =
    "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving";
  const row = (ean: string, cells = 12) =>
    `01-01-2024;00:00:00;01-01-2024;00:15:00;${ean};1SAG1100000000;Digitale Meter;Afname Dag;0,125;kWh;Gevalideerd;`
      .split(";").slice(0, cells).join(";");
  const errorOf = (text: string): FluviusError => {
    try {
      parseFluviusText(text, { siteId: "local" });
    } catch (error) {
      if (error instanceof FluviusError) return error;
    }
    throw new Error("no FluviusError");
  };

  it("words a wrong EAN check digit and a short row", () => {
    const badEan = errorOf(`${header}\n${row("541448820044159228")}`);
    expect(badEan.code).toBe("badEan");
    expect(wordImportProblem(messages.nl, badEan)).toBe(
      "regel 2: de EAN 541448820044159228 heeft een verkeerd controlecijfer",
    );
    expect(wordImportProblem(messages.fr, badEan)).toBe(
      "ligne 2 : l'EAN 541448820044159228 a un mauvais chiffre de contrôle",
    );
    expect(wordImportProblem(messages.en, badEan)).toBe(
      "line 2: the EAN 541448820044159228 has a wrong check digit",
    );
    const short = errorOf(`${header}\n${row("541448820044159229", 1)}`);
    expect(short.message).toBe('line 2: expected 12 columns separated by ";", found 1');
    expect(wordImportProblem(messages.nl, short)).toBe(
      "regel 2: de regel heeft 1 kolom in plaats van 12",
    );
    expect(wordImportProblem(messages.fr, short)).toBe(
      "ligne 2 : la ligne a 1 colonne au lieu de 12",
    );
    expect(wordImportProblem(messages.en, short)).toBe(
      "line 2: the line has 1 column instead of 12",
    );
  });
});

describe("tariff preset notes", () => {
  it("are worded in each language", () => {
    expect(messages.nl.tariff.areaSources.notInReference).toBe(
      "niet in onze bronnen: neem het over van de tariefkaart van je leverancier",
    );
    expect(messages.fr.tariff.areaSources.ebemMay2026).toBe(
      "carte tarifaire d'EBEM, mai 2026 : 59,58 TVA de 6 % comprise",
    );
  });
});
