/**
 * A site's solar installation as the owner or installer describes it: where it is and its panel
 * groups (one per orientation). The forecast, the clear-sky model, fault detection and the
 * what-ifs all read it; it syncs as one document per site.
 *
 * Azimuth convention, everywhere in this project: degrees clockwise from north, as people read a
 * compass (0 = north, 90 = east, 180 = south, 270 = west). Providers that count from south
 * (Open-Meteo, Forecast.Solar, evcc: 0 = south, −90 = east) are converted at their adapter.
 */
import { z } from "zod";

/** A label a person typed: bounded, without control characters. */
const label = (maxLength: number) =>
  z.string().max(maxLength).refine((text) => !/\p{Cc}/u.test(text), "contains a control character");

export const SolarLocationModel = z.object({
  latitudeDeg: z.number().min(-90).max(90),
  longitudeDeg: z.number().min(-180).max(180),
  /** Where the coordinates came from: the device's location (with permission) or typed in. */
  source: z.enum(["device", "entered"]),
});
export type SolarLocation = z.infer<typeof SolarLocationModel>;

export const PanelGroupModel = z.object({
  id: z.string().min(1).max(40),
  name: label(60),
  panelCount: z.number().int().min(1).max(1000),
  /** Peak power of one panel at standard test conditions. */
  panelWp: z.number().min(1).max(1000),
  /** Degrees clockwise from north: 180 = south. */
  azimuthDeg: z.number().min(0).max(360),
  /** 0 = flat, 90 = vertical. */
  tiltDeg: z.number().min(0).max(90),
  /** The inverter's AC limit for this group, when it clips below the panels' peak. */
  inverterAcLimitW: z.number().positive().max(1_000_000).optional(),
  shadingNote: label(200).optional(),
});
export type PanelGroup = z.infer<typeof PanelGroupModel>;

export const SolarSetupModel = z.object({
  /** One per site: `solarSetupId(siteId)`. */
  id: z.string().min(1).max(80),
  siteId: z.string().min(1).max(60),
  location: SolarLocationModel.optional(),
  groups: z.array(PanelGroupModel).max(20),
  /** Epoch ms of the last change. */
  updatedAt: z.number().int().min(0).max(1e15),
});
export type SolarSetup = z.infer<typeof SolarSetupModel>;

export function solarSetupId(siteId: string): string {
  return `${siteId}|solar`;
}

/** The group's peak power: panels × Wp. */
export function groupPeakW(group: PanelGroup): number {
  return group.panelCount * group.panelWp;
}
