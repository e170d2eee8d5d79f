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
  );
  return chart.Chart;
}
