// The charts tab: Chart.js (global `Chart`, loaded before this module) draws the page's data handler's numbers. No
// date adapter is shipped, so times are milliseconds on a linear axis with our own tick labels.
import { api, formatScore } from './site.js';

const root = document.querySelector('[data-testid="charts"]');
const error = root.querySelector('[data-testid="charts-error"]');

// Ten colours that stay apart for the usual kinds of colour blindness (Tol's "muted" scheme plus two).
const PALETTE = ['#332288', '#88ccee', '#44aa99', '#117733', '#999933', '#ddcc77', '#cc6677', '#882255', '#aa4499', '#555555'];
const REFERENCE_COLOURS = { human: '#6b3fa0', benchmark: '#7a5c00' };

/** Tick labels: the day for a span of days, the time of day for a shorter one, with seconds for minutes. */
function tickFormat(span) {
  const format = span > 2 * 86_400_000 ? { month: 'short', day: 'numeric' }
    : span > 600_000 ? { hour: '2-digit', minute: '2-digit' }
      : { hour: '2-digit', minute: '2-digit', second: '2-digit' };
  return ms => new Date(ms).toLocaleString(undefined, format);
}

function moment(ms) {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function progressChart(canvas, data) {
  const datasets = data.progress.map((series, i) => ({
    label: `${series.rank}. ${series.name}`,
    data: series.points.map(p => ({ x: p.t, y: p.score })),
    stepped: 'before',
    borderColor: PALETTE[i % PALETTE.length],
    backgroundColor: PALETTE[i % PALETTE.length],
    pointRadius: 3,
    borderWidth: 2,
  }));
  // A single moment would make a zero-width axis; widen it by an hour either side.
  const from = data.from === data.to ? data.from - 3_600_000 : data.from;
  const to = data.from === data.to ? data.to + 3_600_000 : data.to;
  for (const line of data.references) {
    datasets.push({
      label: `${line.name} (${line.kind})`,
      data: [{ x: from, y: line.score }, { x: to, y: line.score }],
      borderColor: REFERENCE_COLOURS[line.kind] ?? '#5b6675',
      backgroundColor: REFERENCE_COLOURS[line.kind] ?? '#5b6675',
      borderDash: [6, 4],
      borderWidth: 2,
      pointRadius: 0,
      pointStyle: 'line',
    });
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: {
        x: { type: 'linear', min: from, max: to, ticks: { callback: tickFormat(to - from), maxTicksLimit: 8 } },
        y: { title: { display: true, text: `public ${data.metric}` }, ticks: { callback: value => formatScore(value) } },
      },
      plugins: {
        tooltip: { callbacks: { title: items => moment(items[0].parsed.x), label: item => `${item.dataset.label}: ${formatScore(item.parsed.y)}` } },
        legend: { position: 'bottom', labels: { usePointStyle: true, boxHeight: 8 } },
      },
    },
  });
}

function shakeUpChart(canvas, data) {
  const points = data.shakeUp.map(p => ({ x: p.publicScore, y: p.privateScore, name: p.name, shakeUp: p.shakeUp }));
  const values = points.flatMap(p => [p.x, p.y]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return new Chart(canvas, {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Participants', data: points, backgroundColor: PALETTE[0], pointRadius: 5 },
        // Equal public and private scores: points off this line were shaken up.
        { type: 'line', label: 'Public = private', data: [{ x: low, y: low }, { x: high, y: high }], borderColor: '#5b6675', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: `public ${data.metric}` }, ticks: { callback: value => formatScore(value) } },
        y: { title: { display: true, text: `private ${data.metric}` }, ticks: { callback: value => formatScore(value) } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: item => item.raw.name === undefined ? item.dataset.label
              : `${item.raw.name}: public ${formatScore(item.raw.x)}, private ${formatScore(item.raw.y)}`,
          },
        },
        legend: { position: 'bottom' },
      },
    },
  });
}

async function init() {
  try {
    const data = await api(root.dataset.dataUrl);
    const progress = document.getElementById('progress-chart');
    if (progress && data.progress.length > 0) progressChart(progress, data);
    const shakeUp = document.getElementById('shake-up-chart');
    if (shakeUp && data.shakeUp && data.shakeUp.length > 0) shakeUpChart(shakeUp, data);
  } catch (e) {
    error.textContent = `The charts could not be drawn: ${e.message}`;
    error.hidden = false;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
