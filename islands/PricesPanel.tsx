/**
 * Today's and tomorrow's day-ahead prices, the cheapest blocks marked; fetched from ENTSO-E with
 * the user's own token (through the app's server), or imported from a CSV file.
 */
import type { Chart as ChartType } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, call } from "../app/browser/api.ts";
import { chartTheme, loadChart } from "../app/browser/chart.ts";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { loadSetting, saveSetting } from "../app/browser/storage.ts";
import { Card } from "../components/Card.tsx";
import { DAY_AHEAD, ENTSOE_TOKEN_HEADER } from "../lib/contract/day_ahead.ts";
import { addDays, localDayOf, localTimeOf, slotStartMs } from "../lib/energy/calendar.ts";
import { formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { formatAxisTick } from "../lib/i18n/axis.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import { wordProblem } from "../lib/i18n/problems.ts";
import { parsePriceCsv, PriceCsvError } from "../lib/tariff/price_csv.ts";
import {
  cheapestSlots,
  type PriceDay,
  type PricePoint,
  pricesToDays,
} from "../lib/tariff/prices.ts";

const TOKEN_KEY = "entsoeToken";
/** Two hours' worth of the cheapest blocks. */
const cheapestCount = (day: PriceDay) => (day.slotMinutes === 15 ? 8 : 2);

function PriceDayChart(props: { day: PriceDay; label: string; locale: Locale; m: Messages }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<"bar", (number | null)[], string> | null>(null);
  const { day, locale: loc, m } = props;
  useEffect(() => {
    let cancelled = false;
    const cheap = new Set(cheapestSlots(day, cheapestCount(day)));
    void loadChart().then((Chart) => {
      if (cancelled || !canvas.current) return;
      const theme = chartTheme();
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels: day.eurPerMWh.map((_, i) =>
            localTimeOf(slotStartMs(day.day, i, day.slotMinutes))
          ),
          datasets: [{
            label: "€/MWh",
            data: day.eurPerMWh,
            backgroundColor: day.eurPerMWh.map((_, i) => (cheap.has(i) ? "#15803d" : "#94a3b8")),
          }],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: {
            y: {
              title: { display: true, text: "€/MWh", color: theme.muted },
              // In the user's language: "45,5", not "45.5" in Dutch; a price can be negative.
              ticks: {
                color: theme.muted,
                callback: (value) => formatAxisTick(loc, Number(value)),
              },
              grid: { color: (context) => (context.tick?.value === 0 ? theme.ink : theme.grid) },
            },
            x: {
              title: {
                display: true,
                text: m.history.axisTime[day.slotMinutes === 15 ? "quarter" : "hour"],
                color: theme.muted,
              },
              ticks: { color: theme.muted, maxRotation: 0, autoSkip: true },
              grid: { color: theme.grid },
            },
          },
        },
      });
      // The axes as drawn, for the browser tests (the canvas itself cannot be read).
      canvas.current.dataset.yTicks = chart.current.scales.y.ticks.map((t) => t.label).join(";");
      canvas.current.dataset.ready = "true";
    });
    return () => {
      cancelled = true;
    };
  }, [day, loc, m]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <div class="chart-box small">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

export function PricesPanel() {
  const m = t.value;
  const p = m.prices;
  const loc = locale.value;
  const today = localDayOf(Date.now());
  const tomorrow = addDays(today, 1);
  const [days, setDays] = useState<Map<string, PriceDay>>(new Map());
  const [token, setToken] = useState(loadSetting(TOKEN_KEY) ?? "");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void loadEnergyDb().then(async ({ database, loadPriceDays }) => {
      const found = await loadPriceDays(await database(), today, tomorrow);
      if (!cancelled) setDays(found);
    });
    return () => {
      cancelled = true;
    };
  }, [dataVersion.value, today]);

  async function store(points: PricePoint[], source: PriceDay["source"]) {
    const { database, savePriceDays } = await loadEnergyDb();
    const saved = await savePriceDays(await database(), pricesToDays(points, source));
    setMessage({ text: fill(p.fetched, { n: saved }), error: false });
  }

  async function fetchPrices(event: Event) {
    event.preventDefault();
    saveSetting(TOKEN_KEY, token.trim());
    setBusy(true);
    setMessage(null);
    try {
      const { points } = await call(DAY_AHEAD.prices, {
        query: { from: today, to: tomorrow },
        headers: { [ENTSOE_TOKEN_HEADER]: token.trim() },
      });
      await store(points, "entsoe");
    } catch (error) {
      // The server relays for signed-in users only.
      const signedOut = error instanceof ApiError && error.status === 401;
      const reason = error instanceof ApiError
        ? wordProblem(t.value, locale.value, {
          error: error.message,
          code: error.code,
          params: error.params,
        })
        : (error as Error).message;
      setMessage({ text: signedOut ? p.signIn : fill(p.failed, { reason }), error: true });
    } finally {
      setBusy(false);
    }
  }

  async function importCsv(file: File) {
    try {
      await store(parsePriceCsv(await file.text()), "csv");
    } catch (error) {
      const reason = error instanceof PriceCsvError
        ? wordProblem(t.value, locale.value, {
          error: error.message,
          code: `priceCsv.${error.code}`,
          params: { line: error.line, ...error.params },
        })
        : (error as Error).message;
      setMessage({ text: fill(p.failed, { reason }), error: true });
    }
  }

  return (
    <Card title={p.title} id="prices-title">
      {[today, tomorrow].map((day) => {
        const prices = days.get(day);
        const title = `${day === today ? p.today : p.tomorrow}: ${
          formatLocalDay(loc, day, "weekdayLong")
        }`;
        return (
          <section key={day} aria-label={title} data-testid={`prices-${day}`}>
            <h3>{title}</h3>
            {prices
              ? (
                <>
                  <PriceDayChart
                    day={prices}
                    label={fill(p.chartLabel, { day: title })}
                    locale={loc}
                    m={m}
                  />
                  <p class="hint">{fill(p.cheapest, { n: cheapestCount(prices) })}</p>
                  <details>
                    <summary>{m.history.table}</summary>
                    <table class="data-table">
                      <thead>
                        <tr>
                          <th scope="col">{p.slot}</th>
                          <th scope="col">{p.price}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {prices.eurPerMWh.map((price, i) => (
                          <tr key={i}>
                            <th scope="row">
                              {localTimeOf(slotStartMs(day, i, prices.slotMinutes))}
                            </th>
                            <td>{price === null ? "–" : formatNumber(loc, price, 2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                </>
              )
              : <p class="hint">{p.none}</p>}
          </section>
        );
      })}
      <form class="retention" onSubmit={fetchPrices}>
        <label>
          {p.token}
          <input
            type="password"
            autoComplete="off"
            value={token}
            onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="primary" disabled={busy || token.trim() === ""}>
          {p.fetch}
        </button>
      </form>
      <p class="hint">{p.tokenHint}</p>
      <p class="hint" id="prices-csv-hint">{p.importCsv}</p>
      <label class="button secondary file-button">
        {p.chooseCsv}
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="prices-csv"
          class="visually-hidden"
          aria-describedby="prices-csv-hint"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = "";
            if (file) void importCsv(file);
          }}
        />
      </label>
      <p role={message?.error ? "alert" : "status"} class={message?.error ? "notice error" : ""}>
        {message?.text ?? ""}
      </p>
    </Card>
  );
}
