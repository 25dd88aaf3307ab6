// Line charts over time, drawn by Chart.js (window.Chart, from its WebJar in the broker's jar).
// A series comes from the server's history ("samples", asked for with RabbitMQ's *_age/*_incr
// parameters) when it sends one; otherwise the chart keeps its own history, one point per poll.

/** How much history the charts show and at what step, in seconds. */
export const WINDOW_S = 300;
export const STEP_S = 5;

/** The overview query that asks for that history, in RabbitMQ's parameters. */
export const historyQuery = `?lengths_age=${WINDOW_S}&lengths_incr=${STEP_S}`
  + `&msg_rates_age=${WINDOW_S}&msg_rates_incr=${STEP_S}`;

const COLORS = ['#e0701f', '#3f7fbf', '#4caf50', '#9c27b0', '#c0392b', '#7f8c8d'];

function sorted(samples) {
  return [...samples].sort((a, b) => a.timestamp - b.timestamp);
}

/** Per-second rates from a counter's samples (RabbitMQ sends the counter's value at each timestamp). */
export function ratePoints(details) {
  const samples = details?.samples;
  if (!Array.isArray(samples) || samples.length < 2) return null;
  const s = sorted(samples);
  const points = [];
  for (let i = 1; i < s.length; i++) {
    const seconds = (s[i].timestamp - s[i - 1].timestamp) / 1000;
    if (seconds <= 0) continue;
    // A counter that went down was reset (a restart): show 0 rather than a negative rate.
    points.push({x: s[i].timestamp, y: Math.max(0, (s[i].sample - s[i - 1].sample) / seconds)});
  }
  return points;
}

/** Levels (e.g. queue depth) from a gauge's samples. */
export function levelPoints(details) {
  const samples = details?.samples;
  if (!Array.isArray(samples) || samples.length < 1) return null;
  return sorted(samples).map(p => ({x: p.timestamp, y: p.sample}));
}

export class TimeSeriesChart {
  /**
   * @param canvas  the canvas to draw on
   * @param series  [{key, label}] in legend order
   * @param unit    shown after values on the y axis, e.g. "/s"
   */
  constructor(canvas, series, unit = '') {
    this.series = series;
    this.history = new Map(series.map(s => [s.key, []]));
    this.chart = new window.Chart(canvas, {
      type: 'line',
      data: {
        datasets: series.map((s, i) => ({
          label: s.label, data: [], borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length], borderWidth: 2, pointRadius: 0, tension: 0.2,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        interaction: {mode: 'nearest', axis: 'x', intersect: false},
        scales: {
          x: {type: 'linear', ticks: {maxTicksLimit: 6, callback: v => new Date(v).toLocaleTimeString()}},
          y: {beginAtZero: true, ticks: {callback: v => `${Number(v).toLocaleString('en')}${unit}`}},
        },
        plugins: {legend: {position: 'bottom'}},
      },
    });
  }

  /**
   * Shows the latest answer: per series key either {points} (the server's history, which replaces
   * the chart's) or {value} (the current value, appended to the chart's own history).
   */
  show(values, now = Date.now()) {
    let latest = now;
    this.series.forEach((s, i) => {
      const v = values[s.key] || {value: 0};
      let points;
      if (v.points) {
        points = v.points;
      } else {
        points = this.history.get(s.key);
        points.push({x: now, y: v.value ?? 0});
      }
      const cutoff = Math.max(now, points.at(-1)?.x ?? now) - WINDOW_S * 1000;
      points = points.filter(p => p.x >= cutoff);
      this.history.set(s.key, v.points ? [] : points);
      this.chart.data.datasets[i].data = points;
      latest = Math.max(latest, points.at(-1)?.x ?? latest);
    });
    this.chart.options.scales.x.min = latest - WINDOW_S * 1000;
    this.chart.options.scales.x.max = latest;
    this.chart.update('none');
  }

  destroy() {
    this.chart.destroy();
  }
}
