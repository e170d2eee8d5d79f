/**
 * "Who is signed in here?", asked at every start: apart from the other account calls so the
 * start loads only this endpoint's models. Signed out is an answer (`{ signedIn: false }`), not a
 * 401, so a signed-out visit logs no failed request in the browser's console.
 */
import { AUTH } from "../../lib/contract/auth.ts";
import { session, setSession } from "./account.ts";
import { call } from "./api.ts";
import { currentSite, LOCAL_SITE } from "./site.ts";

/** Asks the server who is signed in; offline, the last answer stays. */
export async function refreshSession(): Promise<void> {
  try {
    const state = await call(AUTH.session);
    if (!state.signedIn) {
      setSession(null);
      currentSite.value = LOCAL_SITE;
      return;
    }
    const { user, sites } = state;
    setSession({ user, sites });
    if (currentSite.value !== LOCAL_SITE && !sites.some((s) => s.id === currentSite.value)) {
      currentSite.value = LOCAL_SITE;
    }
  } catch {
    // Never reached the server (offline, or no server): show the sign-in form, not a spinner.
    if (session.value === undefined) session.value = null;
  }
}
