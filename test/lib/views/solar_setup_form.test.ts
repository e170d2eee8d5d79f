import { describe, expect, it } from "vitest";
import { en } from "../../../lib/i18n/en.ts";
import { nl } from "../../../lib/i18n/nl.ts";
import { SolarSetupModel } from "../../../lib/solar/solar_setup.ts";
import {
  checkDraft,
  deviceLocation,
  draftOf,
  draftPeakKWp,
  newGroupDraft,
  setupOf,
  type SolarDraft,
  solarEditAccess,
  totalPeakKWp,
} from "../../../lib/views/solar_setup_form.ts";

function filled(): SolarDraft {
  const south = {
    ...newGroupDraft([], "nl"),
    name: "Zuid",
    panelCount: "10",
    panelWp: "400",
  };
  const east = {
    ...newGroupDraft([south], "nl"),
    name: "Oost",
    panelCount: "6",
    panelWp: "437,5",
    azimuthChoice: "other" as const,
    azimuthDeg: "100",
    tiltDeg: "12,5",
    inverterAcLimitKW: "2,5",
    shadingNote: "boom na 16 u",
  };
  return { latitude: "51,05", longitude: "3,72", locationSource: "entered", groups: [south, east] };
}

describe("solar setup form", () => {
  it("reads decimal commas and compass choices into a valid setup", () => {
    const checked = checkDraft(nl, filled());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const setup = setupOf("site-a", checked, 1_700_000_000_000);
    expect(SolarSetupModel.parse(setup)).toEqual(setup);
    expect(setup).toEqual({
      id: "site-a|solar",
      siteId: "site-a",
      location: { latitudeDeg: 51.05, longitudeDeg: 3.72, source: "entered" },
      groups: [
        { id: "g1", name: "Zuid", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 },
        {
          id: "g2",
          name: "Oost",
          panelCount: 6,
          panelWp: 437.5,
          azimuthDeg: 100,
          tiltDeg: 12.5,
          inverterAcLimitW: 2500,
          shadingNote: "boom na 16 u",
        },
      ],
      updatedAt: 1_700_000_000_000,
    });
  });

  it("shows a stored setup back in the user's notation, and in English with points", () => {
    const checked = checkDraft(nl, filled());
    if (!checked.ok) throw new Error("invalid");
    const setup = setupOf("local", checked, 1);
    const back = draftOf(setup, "nl");
    expect(back.latitude).toBe("51,05");
    expect(back.groups[1]).toMatchObject({
      azimuthChoice: "other",
      azimuthDeg: "100",
      tiltDeg: "12,5",
      inverterAcLimitKW: "2,5",
    });
    expect(back.groups[0].azimuthChoice).toBe("S");
    expect(draftOf(setup, "en").groups[1].panelWp).toBe("437.5");
    expect(draftOf(null, "nl")).toEqual({
      latitude: "",
      longitude: "",
      locationSource: "entered",
      groups: [],
    });
  });

  it("gives each group's peak power: panels × Wp", () => {
    const [south, east] = filled().groups;
    // 10 × 400 Wp = 4 kWp; 6 × 437,5 Wp = 2,625 kWp; together 6,625 kWp.
    expect(draftPeakKWp(south)).toBe(4);
    expect(draftPeakKWp(east)).toBe(2.625);
    expect(totalPeakKWp([south, east])).toBe(6.625);
    expect(draftPeakKWp({ ...south, panelCount: "tien" })).toBeNull();
    expect(totalPeakKWp([])).toBeNull();
  });

  it("says what is wrong and in which group, field by field", () => {
    const draft = filled();
    draft.latitude = "151";
    draft.groups[0].panelCount = "10,5";
    draft.groups[1].name = "";
    draft.groups[1].tiltDeg = "95";
    draft.groups[1].inverterAcLimitKW = "1.234,5";
    const checked = checkDraft(nl, draft);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      {
        field: "solar-latitude",
        message: "Breedtegraad: geef een getal van −90 tot 90 (bv. 51,05).",
      },
      {
        field: "solar-g1-panelCount",
        message: "Zuid: het aantal panelen moet een geheel getal van 1 tot 1000 zijn.",
      },
      // A group without a name is called by its place.
      { field: "solar-g2-name", message: "Groep 2: geef een naam (hoogstens 60 tekens)." },
      {
        field: "solar-g2-tiltDeg",
        message: "Groep 2: de helling moet tussen 0 en 90 graden liggen.",
      },
      {
        field: "solar-g2-inverterAcLimitKW",
        message: "Groep 2: de AC-limiet is een positief getal in kW, of leeg.",
      },
    ]);
  });

  it("accepts no location at all, but not half of one", () => {
    const none = { ...filled(), latitude: "", longitude: "" };
    const checked = checkDraft(en, none);
    expect(checked.ok && checked.location).toBe(undefined);
    const half = checkDraft(en, { ...none, latitude: "50.85" });
    expect(half.ok ? [] : half.problems.map((p) => p.field)).toEqual(["solar-longitude"]);
  });

  it("keeps the device's position to four decimals, in the user's notation", () => {
    expect(deviceLocation(51.054342, 3.717424, "nl")).toEqual({
      latitude: "51,0543",
      longitude: "3,7174",
    });
  });

  it("lets the owner, the installer and this device edit; a user only reads", () => {
    expect(solarEditAccess(undefined, true)).toEqual({ canEdit: true });
    expect(solarEditAccess({ id: "s", role: "owner", scope: "all" }, false).canEdit).toBe(true);
    expect(solarEditAccess({ id: "s", role: "installer", scope: "all" }, false).canEdit).toBe(
      true,
    );
    expect(solarEditAccess({ id: "s", role: "user", scope: "all" }, false)).toEqual({
      canEdit: false,
      reason: "user",
    });
    // Limited to EV charging, even an owner's access does not reach the panels.
    expect(solarEditAccess({ id: "s", role: "owner", scope: "ev" }, false)).toEqual({
      canEdit: false,
      reason: "scope",
    });
  });
});
