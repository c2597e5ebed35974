// The live leaderboard: the server renders the first snapshot, this module keeps it current over the SignalR hub
// (the server pushes full snapshots, never diffs) and, once the private leaderboard is revealed, switches views
// through the JSON API. Names are user-supplied, so every cell is written with textContent.
import { api, formatScore, restartWhenClosed } from './site.js';

const FLASH_MS = 4000;

const section = document.querySelector('[data-testid="leaderboard"]');
const slug = section.dataset.slug;
const table = section.querySelector('[data-testid="leaderboard-table"]');
const body = section.querySelector('[data-testid="leaderboard-rows"]');
const status = section.querySelector('[data-testid="live-status"]');
const summaryLine = section.querySelector('[data-testid="leaderboard-summary"]');
const frozen = section.querySelector('[data-testid="frozen"]');
const toggle = section.querySelector('[data-testid="view-toggle"]');
const empty = section.querySelector('[data-testid="leaderboard-empty"]');
const error = section.querySelector('[data-testid="leaderboard-error"]');

const COLUMNS = {
  public: [['Rank', 'num'], ['Change', ''], ['Participant', ''], ['Score', 'num'], ['Entries', 'num'], ['Last', '']],
  private: [['Rank', 'num'], ['Public rank', 'num'], ['Shake-up', ''], ['Participant', ''], ['Score', 'num'], ['Entries', 'num'], ['Last', '']],
};

let view = 'public';
let latestPublic = null;
// What each row looked like when last drawn, per view, so that only rows that changed are highlighted.
const drawn = { public: signaturesFromPage(), private: null };

/** Percent with one decimal and signed points, as the server's HumanItemsText writes them (keep them in step). */
function percent(fraction) {
  return (fraction * 100).toFixed(1);
}

function points(fraction) {
  const value = Math.round(Math.abs(fraction) * 1000) / 10 * Math.sign(fraction);
  return (value > 0 ? '+' : '') + value.toFixed(1);
}

function humanItemsHeading(set) {
  return `On ${set.items} ${set.itemSet === 'public' ? 'public ' : ''}human items`;
}

function humanCell(set) {
  return set.humanScore === null || set.humanScore === undefined ? '–' : `${percent(set.humanScore)}% [${percent(set.low)}, ${percent(set.high)}]`;
}

function participantCell(c) {
  if (!c) return '';
  const text = `${percent(c.modelScore)}% vs ${percent(c.humanScore)}% · ${points(c.difference)} pts [${points(c.low)}, ${points(c.high)}]`;
  return c.mcNemarP === null || c.mcNemarP === undefined ? text : `${text} · p ${c.mcNemarP.toFixed(3)}`;
}

function key(row) {
  return `${row.kind}\u0000${row.displayName}`;
}

function signature(row) {
  return `${row.rank ?? ''}|${row.submissionCount}|${formatScore(row.score)}`;
}

function signaturesFromPage() {
  const map = new Map();
  for (const tr of body.rows) {
    if (tr.dataset.kind) map.set(`${tr.dataset.kind}\u0000${tr.dataset.name}`, tr.dataset.signature);
  }
  return map;
}

function isReference(row) {
  return row.kind !== 'participant';
}

/** The same text and class as the server's LeaderboardModel.Move. */
function movement(delta) {
  if (delta === null || delta === undefined) return ['new', 'new'];
  if (delta > 0) return [`▲ ${delta}`, 'up'];
  if (delta < 0) return [`▼ ${-delta}`, 'down'];
  return ['–', 'same'];
}

function shakeUp(value) {
  if (value === null || value === undefined) return ['', ''];
  if (value > 0) return [`▲ ${value}`, 'up'];
  if (value < 0) return [`▼ ${-value}`, 'down'];
  return ['–', 'same'];
}

/** "yyyy-MM-dd HH:mm UTC", as PageFormat.Utc prints it. The server sends UTC, with or without its Z. */
function utc(iso) {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '';
}

function cell(tr, text, className = '') {
  const td = tr.insertCell();
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function badge(parent, text, className, name) {
  const span = document.createElement('span');
  span.className = `badge ${className}`;
  if (name) span.dataset.badge = name;
  span.textContent = text;
  parent.append(' ', span);
}

function renderRow(row, forView, humanItems) {
  const tr = document.createElement('tr');
  const reference = isReference(row);
  tr.className = reference ? `reference ref-${row.kind}` : 'participant';
  tr.dataset.kind = row.kind;
  tr.dataset.name = row.displayName;
  if (row.rank !== null && row.rank !== undefined) tr.dataset.rank = row.rank;
  tr.dataset.signature = signature(row);
  cell(tr, row.rank ?? '', 'num rank');
  if (forView === 'private') {
    cell(tr, reference ? '' : (row.publicRank ?? ''), 'num');
    const [text, cls] = reference ? ['', ''] : shakeUp(row.shakeUp);
    const td = cell(tr, text, `move ${cls}`.trim());
    td.dataset.testid = 'shake-up';
    if (!reference) tr.dataset.shakeUp = row.shakeUp ?? '';
  } else {
    const [text, cls] = reference ? ['', ''] : movement(row.delta);
    cell(tr, text, `move ${cls}`.trim());
    if (!reference) tr.dataset.delta = row.delta ?? 'new';
  }
  const name = cell(tr, '', 'name');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = row.displayName;
  name.append(who);
  if (reference) {
    badge(name, row.kind, 'kind');
    if (row.source) {
      const source = document.createElement('span');
      source.className = 'source';
      source.textContent = row.source;
      name.append(' ', source);
    }
    if (row.human) {
      if (row.human.provisional) badge(name, 'provisional', 'warn', 'provisional');
      const link = document.createElement('a');
      link.className = 'protocol';
      link.dataset.testid = 'human-protocol';
      link.href = row.human.protocolUrl;
      link.textContent = 'protocol';
      name.append(' ', link);
    }
  }
  if (row.beatsHuman === true) badge(name, 'beats human', 'good', 'beats-human');
  if (row.replicated === true) badge(name, 'replicated', 'good', 'replicated');
  const score = cell(tr, formatScore(row.score), 'num score');
  if (row.human) {
    const interval = document.createElement('span');
    interval.className = 'interval';
    interval.dataset.testid = 'human-interval';
    interval.textContent = `[${formatScore(row.human.low)}, ${formatScore(row.human.high)}]`;
    score.append(interval);
  }
  if (humanItems) {
    const td = cell(tr, row.human ? humanCell(humanItems) : participantCell(row.onHumanItems), 'human-items');
    td.dataset.testid = 'on-human-items';
    if (row.onHumanItems) td.dataset.beats = String(row.onHumanItems.beatsHumans);
  }
  cell(tr, reference ? '' : String(row.submissionCount), 'num');
  cell(tr, utc(row.lastSubmittedAt));
  return tr;
}

/** The view's columns, with "on the human items" after the score when the snapshot compares with a measured study. */
function renderHead(forView, humanItems) {
  const head = table.tHead.rows[0];
  head.replaceChildren();
  for (const [label, cls] of COLUMNS[forView]) {
    const th = document.createElement('th');
    th.scope = 'col';
    if (cls) th.className = cls;
    th.textContent = label;
    head.append(th);
    if (label === 'Score' && humanItems) {
      const extra = document.createElement('th');
      extra.scope = 'col';
      extra.dataset.testid = 'human-items-heading';
      extra.dataset.itemSet = humanItems.itemSet;
      extra.dataset.items = humanItems.items;
      extra.textContent = humanItemsHeading(humanItems);
      head.append(extra);
    }
  }
  table.dataset.view = forView;
}

function renderSummary(summary, measuredHumans) {
  const parts = [];
  const count = (testid, value, text) => {
    const span = document.createElement('span');
    span.dataset.testid = testid;
    span.textContent = String(value);
    parts.push(span, text);
  };
  count('summary-participants', summary.participants, summary.participants === 1 ? ' participant' : ' participants');
  if (summary.beatingHuman !== null && summary.beatingHuman !== undefined) {
    parts.push(' · ');
    count('summary-beating-human', summary.beatingHuman, measuredHumans ? ' beat the measured humans' : ' beat the human reference');
  }
  if (summary.replicating !== null && summary.replicating !== undefined) {
    parts.push(' · ');
    count('summary-replicating', summary.replicating, ' replicated the paper');
  }
  summaryLine.replaceChildren(...parts);
  frozen.hidden = !summary.publicFrozen;
  if (summary.privateRevealed) toggle.hidden = false;
}

/** Draws a snapshot of the view on show; rows that are new or moved since the last drawing flash briefly. */
function render(snapshot) {
  const forView = snapshot.view;
  const before = drawn[forView];
  const humanItems = snapshot.humanItems ?? null;
  renderHead(forView, humanItems);
  const rows = snapshot.rows.map(row => {
    const tr = renderRow(row, forView, humanItems);
    if (before && before.get(key(row)) !== tr.dataset.signature) flash(tr);
    return tr;
  });
  body.replaceChildren(...rows);
  drawn[forView] = new Map(snapshot.rows.map(row => [key(row), signature(row)]));
  empty.hidden = snapshot.rows.length > 0;
  renderSummary(snapshot.summary, humanItems !== null);
}

function flash(tr) {
  tr.classList.add('flash');
  setTimeout(() => tr.classList.remove('flash'), FLASH_MS);
}

function showError(message) {
  error.textContent = message;
  error.hidden = !message;
}

async function showPrivate() {
  try {
    render(await api(`/api/competitions/${encodeURIComponent(slug)}/leaderboard?view=private`));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

async function setView(next) {
  view = next;
  for (const button of toggle.querySelectorAll('button')) button.setAttribute('aria-pressed', String(button.dataset.view === next));
  if (next === 'private') {
    await showPrivate();
    return;
  }
  try {
    render(latestPublic ?? await api(`/api/competitions/${encodeURIComponent(slug)}/leaderboard`));
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

function onSnapshot(snapshot) {
  latestPublic = snapshot;
  // In the private view a public push still means the private standings may have moved (a rescore), so re-read them.
  if (view === 'public') render(snapshot);
  else if (snapshot.summary.privateRevealed) showPrivate();
}

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

async function watch(connection) {
  onSnapshot(await connection.invoke('Watch', slug));
  setStatus('live', 'live');
}

async function start() {
  const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/leaderboard').withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning).build();
  connection.on('LeaderboardUpdated', onSnapshot);
  connection.onreconnecting(() => setStatus('reconnecting', 'reconnecting…'));
  connection.onreconnected(() => watch(connection).catch(e => setStatus('offline', `offline: ${e.message}`)));
  connection.onclose(() => setStatus('reconnecting', 'reconnecting…'));
  // A node that stops closes cleanly, and automatic reconnection gave up otherwise: start again, and watch again.
  restartWhenClosed(connection, () => watch(connection), () => setStatus('offline', 'offline'));
  await connect(connection);
}

async function connect(connection) {
  try {
    await connection.start();
    await watch(connection);
  } catch (e) {
    setStatus('offline', 'offline');
    if (connection.state === signalR.HubConnectionState.Disconnected) setTimeout(() => connect(connection), 10_000);
  }
}

for (const button of toggle.querySelectorAll('button')) button.addEventListener('click', () => setView(button.dataset.view));

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
