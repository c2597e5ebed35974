// The Manage tab. Every form with data-api is sent to Arena's JSON API through api()/upload(), so the API's own
// validation and problem details answer; the page never repeats its rules. Form attributes:
//   data-api     the route; {field} is filled from the form's field of that name (and left out of the body)
//   data-method  POST (default), PATCH or DELETE; a submit button's data-method wins
//   data-done    the message on success, with {field} filled from the JSON answer
//   data-reload  ids of sections to refresh from the server afterwards (the audit log always is)
//   data-then    "reload" the page, or "go:/path" somewhere else, on success
//   data-after   a follow-up: "rescore" follows the run's progress, "baseline" waits for the training, "reveal" says what happened
//   data-confirm asks first; data-reset clears the form on success
// enctype="multipart/form-data" sends the form as it is (files), through upload().
import { api, upload, formatScore, restartWhenClosed } from './site.js';

const root = document.querySelector('[data-manage]');
const base = root.dataset.api;
const slug = root.dataset.slug;

/** Numbers as numbers, datetime-local as UTC (the page labels those inputs UTC), empty optional values left out. */
function body(form, used) {
  const values = {};
  for (const field of form.elements) {
    if (!field.name || used.has(field.name) || field.name.startsWith('__') || field.disabled) continue;
    if (['submit', 'button', 'file'].includes(field.type)) continue;
    const value = field.value;
    if (field.type === 'number') {
      if (value !== '') values[field.name] = Number(value);
    } else if (field.type === 'datetime-local') {
      if (value !== '') values[field.name] = value.length === 16 ? `${value}:00Z` : `${value}Z`;
    } else if (field.type === 'date') {
      if (value !== '') values[field.name] = value;
    } else if (field.type === 'checkbox') {
      values[field.name] = field.checked;
    } else {
      values[field.name] = value;
    }
  }
  return values;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    const value = values?.[name];
    if (typeof value === 'number') return formatScore(value);
    return value === undefined || value === null ? '' : String(value);
  });
}

function regions(form) {
  return { status: form.querySelector('[role=status]'), alert: form.querySelector('[role=alert]') };
}

function showError(form, error) {
  const { alert } = regions(form);
  if (!alert) return;
  alert.textContent = error.message;
  // A refused publish carries the report: list what blocks it.
  const blocking = (error.problem?.report?.items ?? []).filter(item => item.severity !== 'ok');
  if (blocking.length > 0) {
    const list = document.createElement('ul');
    for (const item of blocking) {
      const line = document.createElement('li');
      line.textContent = `${item.check}: ${item.message}`;
      list.append(line);
    }
    alert.append(list);
  }
  alert.hidden = false;
}

/** Fetches this page again and swaps in the named sections; scripts in the fetched copy never run. */
async function reloadSections(ids) {
  const response = await fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const id of new Set(ids)) {
    const current = document.getElementById(id);
    const replacement = fresh.getElementById(id);
    if (current && replacement) current.replaceWith(document.adoptNode(replacement));
  }
  for (const time of document.querySelectorAll('time[datetime]')) time.title ||= new Date(time.dateTime).toLocaleString();
  followTraining();
}

document.addEventListener('submit', async event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.api || !root.contains(form)) return;
  event.preventDefault();
  const button = event.submitter;
  const method = button?.dataset.method ?? form.dataset.method ?? 'POST';
  const question = button?.dataset.confirm ?? form.dataset.confirm;
  if (question && !window.confirm(question)) return;
  const { status, alert } = regions(form);
  if (status) status.textContent = '';
  if (alert) { alert.hidden = true; alert.textContent = ''; }

  const used = new Set();
  const url = form.dataset.api.replace(/\{(\w+)\}/g, (_, name) => {
    used.add(name);
    return encodeURIComponent(form.elements.namedItem(name)?.value.trim() ?? '');
  });
  const buttons = form.querySelectorAll('button');
  for (const b of buttons) b.disabled = true;
  try {
    let result;
    if (form.enctype === 'multipart/form-data') result = await upload(url, new FormData(form));
    else result = await api(url, { method, body: method === 'DELETE' ? undefined : body(form, used) });
    const then = form.dataset.then;
    if (then === 'reload') { location.reload(); return; }
    if (then?.startsWith('go:')) { location.assign(then.slice(3)); return; }
    const values = { ...Object.fromEntries(new FormData(form)), ...(result ?? {}) };
    if (status) status.textContent = fill(form.dataset.done ?? 'Done.', values);
    if (form.dataset.reset !== undefined) form.reset();
    after[form.dataset.after]?.(result, form);
    await reloadSections(['audit', ...(form.dataset.reload?.split(/\s+/).filter(Boolean) ?? [])]);
  } catch (error) {
    showError(form, error);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
});

const after = {
  rescore: result => followRescore(result.runId),
  baseline: result => followReference(result.id),
  reveal: (result, form) => {
    regions(form).status.textContent = result.revealed
      ? 'The private leaderboard is revealed.'
      : `The reveal is scheduled for ${new Date(result.revealAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
  },
};

// Rescore progress: pushed over SignalR to organizers who called WatchAsOrganizer, and polled as a fallback (a
// blocked WebSocket, a push lost while reconnecting). Whichever reports first moves the bar.
const rescore = { runId: null, finished: false, timer: null };

function showRescore(progress) {
  if (progress.runId !== rescore.runId || rescore.finished) return;
  const bar = document.getElementById('rescore-progress');
  const status = document.querySelector('[data-testid=rescore-status]');
  bar.max = Math.max(progress.total, 1);
  bar.value = progress.total === 0 ? (progress.finished ? 1 : 0) : progress.done;
  const counted = `${progress.done} of ${progress.total} rescored, ${progress.changed} changed`;
  if (progress.finished) {
    rescore.finished = true;
    clearInterval(rescore.timer);
    status.textContent = `Rescore finished: ${counted}.`;
    reloadSections(['audit', 'references']);
  } else {
    status.textContent = `Rescoring: ${counted}…`;
  }
}

function followRescore(runId) {
  clearInterval(rescore.timer);
  Object.assign(rescore, { runId, finished: false });
  const poll = async () => {
    try {
      const run = await api(`${base}/rescore/${runId}`);
      showRescore({ runId: run.runId, total: run.total, done: run.done, changed: run.changed, finished: run.finishedAt !== null });
    } catch {
      // The push may still arrive; the next poll tries again.
    }
  };
  rescore.timer = setInterval(poll, 2000);
  poll();
}

async function connectHub() {
  if (!root.dataset.live || !window.signalR) return;
  // Logging off: a dropped connection is not the page's error, and polling covers for it.
  const connection = new window.signalR.HubConnectionBuilder().withUrl('/hubs/leaderboard').withAutomaticReconnect()
    .configureLogging(window.signalR.LogLevel.None).build();
  connection.on('RescoreProgress', progress => { if (progress.competition === slug) showRescore(progress); });
  connection.onreconnected(() => connection.invoke('WatchAsOrganizer', slug).catch(() => {}));
  restartWhenClosed(connection, () => connection.invoke('WatchAsOrganizer', slug).catch(() => {}));
  try {
    await connection.start();
    await connection.invoke('WatchAsOrganizer', slug);
  } catch {
    // Polling alone, then.
  }
}

// A baseline trains in the background: ask for its row until it is ready or failed.
const followed = new Set();

function followReference(id) {
  if (followed.has(id)) return;
  followed.add(id);
  const status = document.querySelector('[data-testid=baseline-status]');
  if (status) status.textContent = 'Training the ML.NET baseline…';
  const timer = setInterval(async () => {
    let row;
    try {
      row = await api(`${base}/references/${id}`);
    } catch (error) {
      if (error.status !== 404) return;
      row = null;
    }
    if (row?.status === 'training') return;
    clearInterval(timer);
    followed.delete(id);
    if (status) {
      status.textContent = row === null ? 'The baseline row was removed.'
        : row.status === 'ready' ? `The ML.NET baseline is ready: public score ${formatScore(row.publicScore)}.`
        : `The ML.NET baseline failed: ${row.note}`;
    }
    reloadSections(['audit', 'references']);
  }, 2000);
}

function followTraining() {
  for (const row of document.querySelectorAll('tr[data-status=training]')) followReference(Number(row.dataset.referenceId));
}

followTraining();
if (root.dataset.runId) followRescore(Number(root.dataset.runId));
connectHub();
