/**
 * The link to the gateway as a page shows it: why it refuses, that it connects or lost the
 * connection, and, while not paired, the form that pairs it (id and one-time code, or an
 * EV-only invitation code, which pairs the same way).
 */
import { gatewayLink, pairGateway } from "../app/browser/gateway.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { fill } from "../lib/i18n/messages.ts";
import { wordProblem } from "../lib/i18n/problems.ts";

export function GatewayPairing(props: { intro: string }) {
  const m = t.value;
  const b = m.battery;
  const link = gatewayLink.value;
  return (
    <>
      {link.kind === "refused" && (
        <p class="notice error" role="alert">
          {fill(b.refused, {
            reason: wordProblem(m, locale.value, { error: link.reason, code: link.code }),
          })}
        </p>
      )}
      {link.kind === "connecting" && <p role="status">{b.connecting}</p>}
      {link.kind === "disconnected" && <p role="status">{b.disconnected}</p>}
      {link.kind !== "live" && link.kind !== "connecting" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const value = (name: string) =>
              (form.elements.namedItem(name) as HTMLInputElement).value;
            pairGateway(value("url"), value("id"), value("code"));
          }}
        >
          <p>{props.intro}</p>
          <div class="field-grid">
            <label class="field">
              <span>{b.url}</span>
              <input name="url" required placeholder="ws://192.168.1.20:8787/ws" />
            </label>
            <label class="field">
              <span>{b.gatewayId}</span>
              <input name="id" required />
            </label>
            <label class="field">
              <span>{b.code}</span>
              <input name="code" required inputMode="numeric" autoComplete="one-time-code" />
            </label>
          </div>
          <div class="actions">
            <button type="submit" class="primary">{b.pair}</button>
          </div>
        </form>
      )}
    </>
  );
}
