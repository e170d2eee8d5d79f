/**
 * Two sites with people in every role, made straight in the store (one password hash for all),
 * and documents of every synced collection on both sites.
 */
import { hashPassword } from "../../../app/server/auth/password.ts";
import { hashToken, newToken } from "../../../app/shared/tokens.ts";
import type { CollectionName, Role, Scope } from "../../../lib/sync/collections.ts";
import type { TestServer } from "./backends.ts";

export const PASSWORD = "correct horse battery";
const HASH = await hashPassword(PASSWORD);

export type Actor = "owner" | "installer" | "user" | "evUser" | "outsider";
export const ACTORS: Actor[] = ["owner", "installer", "user", "evUser", "outsider"];

export interface World {
  /** Site A: everyone but the outsider is a member. */
  siteA: string;
  /** Site B: only the outsider's. */
  siteB: string;
  cookie: Record<Actor, string>;
  userId: Record<Actor | "spare", string>;
}

const MEMBERSHIP: Record<Exclude<Actor, "outsider" | "owner">, [Role, Scope]> = {
  installer: ["installer", "all"],
  user: ["user", "all"],
  evUser: ["user", "ev"],
};

export async function makeWorld(server: TestServer): Promise<World> {
  const { store } = server.services;
  const cookie = {} as Record<Actor, string>;
  const userId = {} as Record<Actor | "spare", string>;
  for (const actor of [...ACTORS, "spare"] as const) {
    const user = (await store.createUser(`${actor.toLowerCase()}@example.be`, HASH))!;
    userId[actor] = user.id;
    if (actor === "spare") continue;
    const token = newToken();
    await store.createSession(user.id, hashToken(token), Date.now() + 86_400_000);
    cookie[actor] = `sid=${token}`;
  }
  const siteA = (await store.createSite("A", userId.owner, "owner")).id;
  const siteB = (await store.createSite("B", userId.outsider, "owner")).id;
  for (const [actor, [role, scope]] of Object.entries(MEMBERSHIP)) {
    await store.setMembership({ siteId: siteA, userId: userId[actor as Actor], role, scope });
  }
  await store.setMembership({ siteId: siteA, userId: userId.spare, role: "user", scope: "all" });
  return { siteA, siteB, cookie, userId };
}

/** One valid document of each collection for a site (the device is a battery, not a charger). */
export function sampleDoc(
  collection: CollectionName,
  siteId: string,
  n = 1,
): Record<string, unknown> {
  const base = { siteId, updatedAt: 1_700_000_000_000 + n, _deleted: false };
  switch (collection) {
    case "energy_days":
      return {
        ...base,
        id: `${siteId}|grid|15|2024-06-0${n}`,
        channel: "grid",
        day: `2024-06-0${n}`,
        slotMinutes: 15,
        unit: "kWh",
        imported: [0.25, ...new Array(95).fill(null)],
        exported: [0, ...new Array(95).fill(null)],
        quality: [3, ...new Array(95).fill(0)],
        register: [1, ...new Array(95).fill(0)],
        source: [1, ...new Array(95).fill(0)],
      };
    case "meters":
      return { ...base, id: `${siteId}-meter-${n}`, kind: "electricity", source: "p1" };
    case "tariff_versions":
      return {
        ...base,
        id: `${siteId}-tariff-${n}`,
        name: "Vast",
        effectiveFrom: "2024-01-01",
        energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 },
        fixedFeeEurPerMonth: 3,
        distribution: {
          area: "Fluvius Antwerpen",
          offtakeDayEurPerKWh: 0.06,
          offtakeNightEurPerKWh: 0.06,
          transmissionEurPerKWh: 0.02,
          capacityEurPerKWYear: 49.4,
          dataManagementEurPerYear: 18,
        },
        leviesEurPerKWh: 0.05,
        vatRate: 0.06,
      };
    case "devices":
      return {
        ...base,
        id: `${siteId}-device-${n}`,
        kind: "battery",
        name: "Thuisbatterij",
        settings: {},
      };
    case "charge_sessions":
      return {
        ...base,
        id: `${siteId}-session-${n}`,
        deviceId: `${siteId}-charger`,
        startMs: 1,
        endMs: 2,
        energyKWh: 7.5,
      };
    case "solar_setups":
      return {
        ...base,
        id: `${siteId}|solar-${n}`,
        groups: [{
          id: "south",
          name: "Zuid",
          panelCount: 10,
          panelWp: 400,
          azimuthDeg: 180,
          tiltDeg: 35,
        }],
      };
  }
}
