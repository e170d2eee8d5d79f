/** Chart.js with only the parts the app draws, loaded on first use (not in the first bundle). */
export async function loadChart() {
  const chart = await import("chart.js");
  chart.Chart.register(
    chart.BarController,
    chart.BarElement,
    chart.LineController,
    chart.LineElement,
    chart.PointElement,
    chart.CategoryScale,
    chart.LinearScale,
    chart.Tooltip,
    // The solar forecast's band in history fills between its P10 and P90 lines.
    chart.Filler,
  );
  return chart.Chart;
}

/** The colours of a chart's text and grid, from the page's own (light or dark) theme. */
export function chartTheme(): { ink: string; muted: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: read("--ink", "#14201f"),
    muted: read("--muted", "#4b5a58"),
    grid: read("--line", "#d6dedc"),
  };
}

const patterns = new Map<string, CanvasPattern | string>();

/**
 * A fill of `color` with light diagonal stripes, for bars whose value is an estimate; the plain
 * colour where a canvas cannot make one.
 */
export function stripedFill(color: string): CanvasPattern | string {
  const known = patterns.get(color);
  if (known) return known;
  const tile = document.createElement("canvas");
  tile.width = tile.height = 8;
  const context = tile.getContext("2d");
  if (!context) return color;
  context.fillStyle = color;
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = "rgba(255, 255, 255, 0.75)";
  context.lineWidth = 2;
  context.beginPath();
  // One stripe across the tile and its two ends in the corners, so tiles join seamlessly.
  context.moveTo(0, 8);
  context.lineTo(8, 0);
  context.moveTo(-2, 2);
  context.lineTo(2, -2);
  context.moveTo(6, 10);
  context.lineTo(10, 6);
  context.stroke();
  const pattern = context.createPattern(tile, "repeat") ?? color;
  patterns.set(color, pattern);
  return pattern;
}

/** The same stripes as CSS, for the swatch of a text legend. */
export function stripedCss(color: string): string {
  return `repeating-linear-gradient(-45deg, ${color} 0 3px, rgba(255, 255, 255, 0.75) 3px 5px)`;
}

/** The colours the charts and their text legends share. */
export const CHART_COLORS = {
  import: "#dc2626",
  export: "#15803d",
  production: "#ea8a0c",
  charged: "#2563eb",
  discharged: "#c2410c",
  soc: "#0d9488",
} as const;

/** A colour made lighter (half transparent), for a bar only part of whose data is there. */
export function lighter(color: string): string {
  return `${color}88`;
}
