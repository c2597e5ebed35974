// The Submit tab: choose or drop a file, upload it with a progress bar (or only validate it), then follow its status
// live until it is scored or rejected. Everything goes through the JSON API, the same rules as the CLI.
import { api, upload, formatScore, countdown } from './site.js';
import { fillErrors, isFinal, isNewer, watchOwnSubmissions } from './competition-submission-live.js';

const form = document.getElementById('submit-form');
const slug = form.dataset.slug;
const fileInput = document.getElementById('file');
const description = document.getElementById('description');
const zone = form.querySelector('[data-dropzone]');
const chosen = form.querySelector('[data-chosen]');
const buttons = [form.querySelector('[data-submit]'), form.querySelector('[data-validate]')];
const progressWrap = form.querySelector('[data-progress-wrap]');
const progress = document.getElementById('upload-progress');
const progressText = form.querySelector('[data-progress-text]');
const problem = document.querySelector('[data-problem]');
const result = document.querySelector('[data-result]');
const statusText = result.querySelector('[data-status]');
const scoreWrap = result.querySelector('[data-score-wrap]');
const scoreText = result.querySelector('[data-score]');
const lateNote = result.querySelector('[data-late]');
const errorsBox = document.querySelector('[data-errors]');
const validBox = document.querySelector('[data-valid]');
const ledger = document.querySelector('[data-testid="ledger"]');
const liveState = result.querySelector('[data-live-state]');

let currentId = null;
let shownStatus;
let live = false;

// The latest push per submission: scoring can finish before the upload's own answer reaches this page.
const pushed = new Map();
const hub = watchOwnSubmissions(update => {
  pushed.set(update.id, update);
  if (update.id === currentId) applyPush(update);
}, () => { if (currentId) refresh(currentId); });
hub.ready.then(connected => {
  live = connected;
  liveState.textContent = connected
    ? 'The status updates live.'
    : 'Live updates are unavailable; the status is checked every 2 seconds.';
});

// Dropping is a shortcut for the file picker: the dropped file goes into the same labelled input.
for (const type of ['dragenter', 'dragover']) {
  zone.addEventListener(type, e => { e.preventDefault(); zone.classList.add('dragover'); });
}
for (const type of ['dragleave', 'drop']) {
  zone.addEventListener(type, () => zone.classList.remove('dragover'));
}
zone.addEventListener('drop', e => {
  e.preventDefault();
  const files = e.dataTransfer?.files;
  if (!files || files.length === 0) return;
  if (files.length > 1) { showProblem('Drop one file at a time.'); return; }
  fileInput.files = files;
  fileInput.dispatchEvent(new Event('change', { bubbles: true }));
});
fileInput.addEventListener('change', () => {
  const file = fileInput.files[0];
  chosen.textContent = file ? `Chosen: ${file.name} (${formatBytes(file.size)})` : '';
});

form.addEventListener('submit', e => {
  e.preventDefault();
  send(false);
});
form.querySelector('[data-validate]').addEventListener('click', () => send(true));

async function send(validateOnly) {
  clearMessages();
  const file = fileInput.files[0];
  if (!file) { showProblem('Choose a file first.'); fileInput.focus(); return; }
  // The server refuses it too (413); saying so before the upload saves the wait.
  const maxBytes = Number(form.dataset.maxBytes);
  if (maxBytes > 0 && file.size > maxBytes) { showProblem(tooLargeMessage()); return; }

  const data = new FormData();
  data.append('file', file, file.name);
  data.append('description', description.value);
  setBusy(true);
  setProgress(0);
  progressWrap.hidden = false;
  try {
    const url = `/api/competitions/${encodeURIComponent(slug)}/submissions` + (validateOnly ? '/validate' : '');
    const answer = await upload(url, data, setProgress);
    setProgress(1);
    if (validateOnly) showReport(answer);
    else accepted(answer.id, answer.status);
  } catch (error) {
    showProblem(messageFor(error));
  } finally {
    setBusy(false);
    if (!validateOnly) refreshLedger();
  }
}

function accepted(id, status) {
  currentId = id;
  shownStatus = undefined;
  delete result.dataset.pushed;
  result.hidden = false;
  scoreWrap.hidden = true;
  lateNote.hidden = true;
  showStatus(status, null);
  const early = pushed.get(id);
  if (early) applyPush(early);
  // Fetch once the hub is ready: an update sent before that was missed. Without the hub, poll.
  hub.ready.then(() => refresh(id));
  form.reset();
  chosen.textContent = '';
}

function applyPush(update) {
  result.dataset.pushed = update.status;
  showStatus(update.status, update.publicScore);
  if (isFinal(update.status)) refresh(update.id);
}

async function refresh(id) {
  let submission;
  try {
    submission = await api(`/api/submissions/${id}`);
  } catch (error) {
    if (id === currentId) showProblem(`Could not read the submission's status: ${error.message}`);
    return;
  }
  if (id !== currentId) return;
  showStatus(submission.status, submission.publicScore);
  lateNote.hidden = !submission.isLate;
  if (submission.status === 'failed') {
    showErrors(`The file was rejected with ${submission.errors.length} error(s); it does not count against your limit.`, submission.errors);
    refreshLedger();
  }
  if (!isFinal(submission.status) && !live) setTimeout(() => refresh(id), 2000);
}

function showStatus(status, publicScore) {
  if (!isNewer(status, shownStatus)) return;
  shownStatus = status;
  statusText.textContent = status;
  statusText.className = `status status-${status}`;
  if (publicScore !== null && publicScore !== undefined) {
    scoreText.textContent = formatScore(publicScore);
    scoreWrap.hidden = false;
  }
}

function showReport(report) {
  if (report.valid) {
    validBox.textContent = 'The file is valid: it would be accepted and scored. Nothing was stored or counted.';
    validBox.hidden = false;
  } else {
    showErrors(`The file has ${report.errorCount} error(s). Nothing was stored or counted.`, report.errors);
  }
}

function showErrors(title, errors) {
  errorsBox.querySelector('[data-errors-title]').textContent = title;
  fillErrors(errorsBox.querySelector('[data-errors-list]'), errors);
  errorsBox.hidden = false;
}

function messageFor(error) {
  const p = error.problem ?? {};
  switch (error.status) {
    case 413: return tooLargeMessage();
    case 429: {
      const when = p.resetsAt ? ` You can submit again after ${utcText(p.resetsAt)} (${countdown(p.resetsAt)}).` : '';
      return `Daily limit reached: you have used all ${p.limit ?? ''} submissions for today. Files that fail validation do not count.${when}`;
    }
    case 401: return 'You are no longer signed in. Sign in again, then retry.';
    default: return error.message;
  }
}

function tooLargeMessage() {
  return `The file is too large: this competition accepts files up to ${form.dataset.maxSize}. A gzip or zip of the CSV may fit.`;
}

async function refreshLedger() {
  try {
    const limits = await api(`/api/competitions/${encodeURIComponent(slug)}/limits`);
    const text = ledger.querySelector('[data-ledger-text]');
    const strong = document.createElement('strong');
    strong.textContent = String(limits.remaining);
    text.replaceChildren(strong, ` of ${limits.limit} submissions left today`);
    const reset = ledger.querySelector('[data-ledger-reset]');
    reset.dateTime = limits.resetsAt;
    reset.textContent = utcText(limits.resetsAt);
    reset.title = new Date(limits.resetsAt).toLocaleString();
  } catch {
    // The ledger is a convenience; the upload itself already said what happened.
  }
}

function setProgress(fraction) {
  progress.value = fraction;
  progressText.textContent = `${Math.round(fraction * 100)} %`;
}

function setBusy(busy) {
  for (const button of buttons) button.disabled = busy;
}

function clearMessages() {
  problem.hidden = true;
  errorsBox.hidden = true;
  validBox.hidden = true;
}

function showProblem(message) {
  problem.textContent = message;
  problem.hidden = false;
}

/** As the server prints times (PageFormat.Utc), so the ledger reads the same before and after a refresh. */
function utcText(iso) {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
