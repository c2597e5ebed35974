// My submissions: final-choice toggles through the select API, and live status for rows still queued or scoring.
import { api, formatScore } from './site.js';
import { fillErrors, isFinal, isNewer, watchOwnSubmissions } from './competition-submission-live.js';

const table = document.querySelector('table[data-testid="submissions"]');
const problem = document.querySelector('[data-select-problem]');
const selectedCount = document.querySelector('[data-selected-count]');

if (table) {
  for (const box of table.querySelectorAll('input[data-select]')) box.addEventListener('change', () => queueToggle(box));
  if (table.querySelector('tr[data-status="queued"], tr[data-status="scoring"]')) followPending();
}

// Toggles go to the server one at a time: two in flight could answer out of order and leave the count showing the
// older answer, and the limit of final choices is checked against the choices already made.
let toggles = Promise.resolve();

function queueToggle(box) {
  const wanted = box.checked;
  box.disabled = true;
  toggles = toggles.then(() => toggle(box, wanted));
}

async function toggle(box, wanted) {
  const id = box.closest('tr').dataset.submission;
  problem.hidden = true;
  try {
    const selection = await api(`/api/submissions/${id}/select`, { method: wanted ? 'POST' : 'DELETE' });
    if (selectedCount) selectedCount.textContent = String(selection.selected);
  } catch (error) {
    // The API says why (for example the limit of final choices); the box goes back to what the server holds.
    box.checked = !wanted;
    problem.textContent = error.message;
    problem.hidden = false;
  } finally {
    box.disabled = false;
  }
}

function rowOf(id) {
  return table.querySelector(`tr[data-submission="${CSS.escape(id)}"]`);
}

function show(row, status, publicScore) {
  if (!isNewer(status, row.dataset.status)) return;
  row.dataset.status = status;
  const text = row.querySelector('[data-status-text]');
  text.textContent = status;
  text.className = `status status-${status}`;
  if (publicScore !== null && publicScore !== undefined) row.querySelector('[data-public-score]').textContent = formatScore(publicScore);
}

async function refresh(id) {
  const row = rowOf(id);
  if (!row) return;
  const submission = await api(`/api/submissions/${id}`).catch(() => null);
  if (!submission) return;
  show(row, submission.status, submission.publicScore);
  if (submission.status === 'failed') fillErrors(row.querySelector('[data-errors]'), submission.errors);
  // A scored, on-time row may now be chosen, while final choices are still open on this page.
  const box = row.querySelector('input[data-select]');
  if (submission.status === 'scored' && !submission.isLate && selectedCount) box.disabled = false;
}

function pending() {
  return [...table.querySelectorAll('tr[data-status="queued"], tr[data-status="scoring"]')].map(r => r.dataset.submission);
}

function followPending() {
  const hub = watchOwnSubmissions(update => {
    const row = rowOf(update.id);
    if (!row) return;
    show(row, update.status, update.publicScore);
    if (isFinal(update.status)) refresh(update.id);
  }, () => pending().forEach(refresh));
  hub.ready.then(connected => {
    pending().forEach(refresh);
    if (!connected) poll();
  });
}

function poll() {
  const ids = pending();
  if (ids.length === 0) return;
  setTimeout(() => { ids.forEach(refresh); poll(); }, 3000);
}
