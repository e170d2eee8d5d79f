/**
 * The account page: sign in or up, reset a forgotten password, change the e-mail address,
 * export or delete everything; create sites, invite people with a role and a scope, remove them
 * or hand over ownership; and move this device's own data into a site.
 */
import { useEffect, useState } from "preact/hooks";
import { ApiError, call } from "../app/browser/api.ts";
import {
  confirmSignUp,
  createSite,
  refreshSession,
  signIn,
  signOut,
  signUp,
} from "../app/browser/account_api.ts";
import { session } from "../app/browser/account.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { query } from "../app/browser/router.ts";
import { currentSite, LOCAL_SITE } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { AREA_PRESETS } from "../lib/tariff/presets.ts";
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  type PasswordProblem,
  passwordProblem,
} from "../lib/account/password_policy.ts";
import { formatDecimalInput, parseDecimalInput } from "../lib/i18n/decimal_input.ts";
import { fill } from "../lib/i18n/messages.ts";
import { wordProblem } from "../lib/i18n/problems.ts";
import { ACCOUNT, ENERGY_CSV_PATH } from "../lib/contract/account.ts";
import { AUTH } from "../lib/contract/auth.ts";
import { type Member, type SiteDetails, SITES } from "../lib/contract/sites.ts";
import type { Role } from "../lib/sync/collections.ts";

/** What an owner invites most: a household member first. */
const INVITE_ROLES: Role[] = ["user", "installer", "owner"];

type Notice = { text: string; error: boolean } | null;

function useNotice(): [Notice, (text: string, error?: boolean) => void] {
  const [notice, setNotice] = useState<Notice>(null);
  return [notice, (text, error = false) => setNotice({ text, error })];
}

function NoticeLine(props: { notice: Notice }) {
  const n = props.notice;
  return (
    <p
      role={n?.error ? "alert" : "status"}
      class={n === null ? "" : n.error ? "notice error" : "hint"}
    >
      {n?.text ?? ""}
    </p>
  );
}

function value(form: HTMLFormElement, name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
}

/** A failure in the user's words: the app's own for a coded answer, else the server's reason. */
function failure(error: unknown): string {
  if (error instanceof ApiError && error.code) {
    return wordProblem(t.value, locale.value, {
      error: error.message,
      code: error.code,
      params: error.params,
    });
  }
  if (error instanceof WeakPassword) {
    return wordProblem(t.value, locale.value, {
      error: error.message,
      code: `password.${error.problem}`,
      params: { min: PASSWORD_MIN, max: PASSWORD_MAX },
    });
  }
  return fill(t.value.account.failed, { reason: (error as Error).message });
}

/** Checks a new password here first, so the answer is instant and in the user's language. */
class WeakPassword extends Error {
  constructor(readonly problem: PasswordProblem) {
    super(problem);
  }
}

function checkNewPassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new WeakPassword(problem);
}

function SignInForm() {
  const a = t.value.account;
  const reset = query.value.get("reset");
  const invite = query.value.get("invite") ?? undefined;
  const [notice, say] = useNotice();
  const failed = (error: unknown) => say(failure(error), true);
  if (reset) {
    return (
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const password = value(e.currentTarget, "password");
            checkNewPassword(password, "");
            await call(AUTH.reset, { body: { token: reset, password } });
            say(a.resetDone);
          } catch (error) {
            failed(error);
          }
        }}
      >
        <label class="field">
          <span>{a.newPassword}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
          />
        </label>
        <div class="actions">
          <button type="submit" class="primary">{a.setPassword}</button>
        </div>
        <NoticeLine notice={notice} />
      </form>
    );
  }
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
        const form = e.currentTarget;
        try {
          if (submitter?.value === "reset") {
            await call(AUTH.resetRequest, { body: { email: value(form, "email") } });
            say(a.resetSent);
            return;
          }
          const [email, password] = [value(form, "email"), value(form, "password")];
          if (submitter?.value === "signup") {
            checkNewPassword(password, email);
            await signUp(email, password, invite);
            say(fill(a.signUpSent, { email }));
            return;
          }
          await signIn(email, password);
        } catch (error) {
          failed(error);
        }
      }}
    >
      <div class="field-grid">
        <label class="field">
          <span>{a.email}</span>
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label class="field">
          <span>{a.password}</span>
          <input name="password" type="password" autoComplete="current-password" />
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="primary" value="signin">{a.signIn}</button>
        <button type="submit" class="secondary" value="signup">{a.signUp}</button>
        <button type="submit" class="secondary small" value="reset">{a.forgot}</button>
      </div>
      <NoticeLine notice={notice} />
    </form>
  );
}

function Members(props: { siteId: string; siteName: string; role: Role }) {
  const a = t.value.account;
  const [members, setMembers] = useState<Member[]>([]);
  const [notice, say] = useNotice();
  const load = () =>
    call(SITES.members, { params: { id: props.siteId } })
      .then((r) => setMembers(r.members))
      .catch(() => setMembers([]));
  useEffect(() => void load(), [props.siteId]);
  const me = session.value?.user.id;
  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      if (done) say(done);
      await load();
      await refreshSession();
    } catch (error) {
      say(failure(error), true);
    }
  };
  // An installer invites the owner of a site that has none; after that, the owner decides.
  const installerDone = props.role === "installer" && members.some((m) => m.role === "owner");
  return (
    <section aria-label={fill(a.members, { site: props.siteName })}>
      <h3>{fill(a.members, { site: props.siteName })}</h3>
      <ul class="version-list" data-testid="members">
        {members.map((m) => (
          <li key={m.userId}>
            <span>{m.email} — {a.role[m.role]}, {a.scope[m.scope]}</span>
            {props.role === "owner" && m.userId !== me && m.role !== "owner" && (
              <span class="actions">
                <button
                  type="button"
                  class="secondary small"
                  onClick={() =>
                    act(() =>
                      call(SITES.transfer, {
                        params: { id: props.siteId },
                        body: { userId: m.userId },
                      })
                    )}
                >
                  {a.makeOwner}
                </button>
                <button
                  type="button"
                  class="secondary small"
                  onClick={() =>
                    act(() =>
                      call(SITES.removeMember, { params: { id: props.siteId, userId: m.userId } })
                    )}
                >
                  {a.remove}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {props.role === "owner" && members.some((m) => m.role === "owner" && m.userId !== me) && (
        <p class="hint">{a.ownerStays}</p>
      )}
      {installerDone && <p class="hint">{a.installerDone}</p>}
      <form
        class="field-grid"
        hidden={installerDone}
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const email = value(form, "email");
          void act(
            () =>
              call(SITES.invite, {
                params: { id: props.siteId },
                body: {
                  email,
                  role: value(form, "role") as Role,
                  scope: value(form, "scope") as Member["scope"],
                },
              }),
            fill(a.inviteSent, { email }),
          );
        }}
      >
        <label class="field">
          <span>{a.email}</span>
          <input name="email" type="email" required />
        </label>
        <label class="field">
          <span>{a.roleLabel}</span>
          <select name="role">
            {(props.role === "installer" ? ["owner" as const] : INVITE_ROLES).map((r) => (
              <option key={r} value={r}>{a.role[r]}</option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{a.scopeLabel}</span>
          <select name="scope">
            <option value="all">{a.scope.all}</option>
            <option value="ev">{a.scope.ev}</option>
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary">{a.invite}</button>
        </div>
      </form>
      <NoticeLine notice={notice} />
    </section>
  );
}

/** Name, address, grid area, phases and main fuse of a site (owners and installers). */
function SiteSettingsForm(props: { siteId: string; siteName: string }) {
  const a = t.value.account;
  const [details, setDetails] = useState<SiteDetails | null>(null);
  const [notice, say] = useNotice();
  useEffect(() => {
    call(SITES.get, { params: { id: props.siteId } }).then((r) => setDetails(r.site))
      .catch(() => setDetails(null));
  }, [props.siteId]);
  if (!details) return null;
  return (
    <section aria-label={fill(a.siteSettings, { site: props.siteName })}>
      <h3>{fill(a.siteSettings, { site: props.siteName })}</h3>
      <form
        class="field-grid"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const fuse = parseDecimalInput(value(form, "mainFuseA"));
          if (!fuse.ok && fuse.problem !== "empty") {
            const tm = t.value.tariff;
            say(
              fill(tm.invalid, {
                field: a.mainFuseA,
                problem: fuse.problem === "ambiguous" ? tm.ambiguous : tm.notNumber,
              }),
              true,
            );
            return;
          }
          const settings = {
            ...(value(form, "address") ? { address: value(form, "address") } : {}),
            ...(value(form, "gridArea") ? { gridArea: value(form, "gridArea") } : {}),
            phases: Number(value(form, "phases")) as 1 | 3,
            ...(fuse.ok && fuse.value > 0 ? { mainFuseA: fuse.value } : {}),
          };
          try {
            await call(SITES.update, {
              params: { id: props.siteId },
              body: { name: value(form, "name"), settings },
            });
            await refreshSession();
            say(a.siteSaved);
          } catch (error) {
            say(failure(error), true);
          }
        }}
      >
        <label class="field">
          <span>{a.siteName}</span>
          <input name="name" required maxLength={120} value={details.name} />
        </label>
        <label class="field">
          <span>{a.address}</span>
          <input
            name="address"
            maxLength={300}
            value={details.settings.address ?? ""}
            autoComplete="street-address"
          />
        </label>
        <label class="field">
          <span>{a.gridArea}</span>
          <select name="gridArea" value={details.settings.gridArea ?? ""}>
            <option value="">–</option>
            {AREA_PRESETS.map((area) => <option key={area.id} value={area.name}>{area.name}
            </option>)}
          </select>
        </label>
        <label class="field">
          <span>{a.phases}</span>
          <select name="phases" value={String(details.settings.phases ?? 1)}>
            <option value="1">1</option>
            <option value="3">3</option>
          </select>
        </label>
        <label class="field">
          <span>{a.mainFuseA}</span>
          <input
            name="mainFuseA"
            type="text"
            inputMode="decimal"
            value={details.settings.mainFuseA === undefined
              ? ""
              : formatDecimalInput(locale.value, details.settings.mainFuseA)}
          />
        </label>
        <div class="actions">
          <button type="submit" class="secondary">{a.saveSite}</button>
        </div>
      </form>
      <NoticeLine notice={notice} />
    </section>
  );
}

function LocalData() {
  const a = t.value.account;
  const s = session.value!;
  const [present, setPresent] = useState(false);
  const [notice, say] = useNotice();
  useEffect(() => {
    void import("../app/browser/site_sync.ts").then((m) => m.hasLocalData()).then(setPresent);
  }, [s.sites.length]);
  if (!present && notice === null) return null;
  const move = async (siteId: string | null) => {
    try {
      const target = siteId
        ? s.sites.find((x) => x.id === siteId)!
        : await createSite(t.value.appName, false);
      const { moveLocalData } = await import("../app/browser/site_sync.ts");
      await moveLocalData(target.id);
      currentSite.value = target.id;
      setPresent(false);
      say(fill(a.moved, { site: target.name }));
    } catch (error) {
      say(failure(error), true);
    }
  };
  const writable = s.sites.filter((x) => x.scope === "all");
  return (
    <Card title={a.localData} id="local-data-title">
      {present && <p>{a.localDataIntro}</p>}
      <div class="actions" hidden={!present}>
        <button
          type="button"
          class="primary"
          data-testid="upload-local"
          onClick={() => void move(null)}
        >
          {a.uploadNew}
        </button>
        {writable.length > 0 && (
          <form
            class="actions"
            onSubmit={(e) => {
              e.preventDefault();
              void move(value(e.currentTarget, "site"));
            }}
          >
            <select name="site" aria-label={a.mergeInto}>
              {writable.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
            <button type="submit" class="secondary">{a.mergeInto}</button>
          </form>
        )}
      </div>
      <NoticeLine notice={notice} />
    </Card>
  );
}

export function AccountPanel() {
  const m = t.value;
  const a = m.account;
  const s = session.value;
  const invite = query.value.get("invite");
  const emailToken = query.value.get("email");
  const signupToken = query.value.get("signup");
  const [notice, say] = useNotice();
  const failed = (error: unknown) => say(failure(error), true);

  useEffect(() => {
    if (!signupToken) return;
    confirmSignUp(signupToken).then(() => say(a.signUpDone)).catch(failed);
  }, [signupToken]);

  useEffect(() => {
    if (!emailToken) return;
    call(ACCOUNT.confirmEmail, { body: { token: emailToken } })
      .then(() => refreshSession())
      .then(() => say(a.emailChanged))
      .catch(failed);
  }, [emailToken]);

  if (s === undefined) return <p role="status">{m.sync.connecting}</p>;
  if (s === null) {
    return (
      <Card title={a.title} id="account-title">
        <p>{a.intro}</p>
        <SignInForm />
        {invite && <p class="hint">{a.acceptInvite}</p>}
        <NoticeLine notice={notice} />
      </Card>
    );
  }
  const site = s.sites.find((x) => x.id === currentSite.value);
  return (
    <>
      <Card title={a.title} id="account-title">
        <p data-testid="signed-in-as">{fill(a.signedInAs, { email: s.user.email })}</p>
        {invite && (
          <button
            type="button"
            class="primary"
            onClick={async () => {
              try {
                const accepted = await call(SITES.acceptInvitation, { body: { token: invite } });
                await refreshSession();
                currentSite.value = accepted.siteId;
                say(a.inviteAccepted);
              } catch (error) {
                failed(error);
              }
            }}
          >
            {a.acceptInvite}
          </button>
        )}
        <div class="actions">
          <button type="button" class="secondary" onClick={() => void signOut()}>
            {a.signOut}
          </button>
          <span>{a.export}:</span>
          <a class="button secondary" href={ACCOUNT.exportJson.path} download>{a.exportJson}</a>
          <a class="button secondary" href={ENERGY_CSV_PATH} download>{a.exportCsv}</a>
        </div>
        <NoticeLine notice={notice} />
      </Card>
      <LocalData />
      <Card title={a.sites} id="sites-title">
        <ul class="version-list" data-testid="sites">
          {s.sites.map((x) => (
            <li key={x.id}>
              <span>
                <strong>{x.name}</strong> — {a.role[x.role]}, {a.scope[x.scope]}
              </span>
              {x.id !== currentSite.value && (
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => (currentSite.value = x.id)}
                >
                  {m.sync.site}
                </button>
              )}
              {x.role !== "owner" && (
                <button
                  type="button"
                  class="secondary small"
                  onClick={async () => {
                    try {
                      await call(SITES.removeMember, { params: { id: x.id, userId: s.user.id } });
                      if (currentSite.value === x.id) currentSite.value = LOCAL_SITE;
                      await refreshSession();
                      say(fill(a.left, { site: x.name }));
                    } catch (error) {
                      failed(error);
                    }
                  }}
                >
                  {a.leave}
                </button>
              )}
            </li>
          ))}
        </ul>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            try {
              const created = await createSite(
                value(form, "name"),
                (form.elements.namedItem("installer") as HTMLInputElement).checked,
              );
              currentSite.value = created.id;
            } catch (error) {
              failed(error);
            }
          }}
        >
          <h3>{a.newSite}</h3>
          <div class="field-grid">
            <label class="field">
              <span>{a.siteName}</span>
              <input name="name" required maxLength={120} />
            </label>
            <label class="check">
              <input name="installer" type="checkbox" />
              {a.asInstaller}
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="primary">{a.create}</button>
          </div>
        </form>
        {site && site.scope === "all" && site.role !== "user" && site.id !== LOCAL_SITE && (
          <>
            <SiteSettingsForm siteId={site.id} siteName={site.name} />
            <Members siteId={site.id} siteName={site.name} role={site.role} />
          </>
        )}
      </Card>
      <Card title={a.changeEmail} id="email-title">
        <form
          class="field-grid"
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const email = value(form, "email");
            try {
              await call(ACCOUNT.changeEmail, {
                body: { email, password: value(form, "password") },
              });
              say(fill(a.changeEmailSent, { email }));
            } catch (error) {
              failed(error);
            }
          }}
        >
          <label class="field">
            <span>{a.email}</span>
            <input name="email" type="email" required />
          </label>
          <label class="field">
            <span>{a.password}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <div class="actions">
            <button type="submit" class="secondary">{a.changeEmail}</button>
          </div>
        </form>
      </Card>
      <Card title={a.deleteAccount} id="delete-title">
        <form
          class="field-grid"
          onSubmit={async (e) => {
            e.preventDefault();
            try {
              await call(ACCOUNT.remove, {
                body: { password: value(e.currentTarget, "password") },
              });
              await refreshSession();
              say(a.deleted);
            } catch (error) {
              failed(error);
            }
          }}
        >
          <label class="field">
            <span>{a.deleteConfirm}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <div class="actions">
            <button type="submit" class="secondary">{a.deleteAccount}</button>
          </div>
        </form>
      </Card>
    </>
  );
}
