// The human-study labelling page: join, practice with feedback, then test items one per screen, by keyboard or
// buttons. Every rule lives in the API (/api/competitions/{slug}/human-study/session...); this module draws what it
// gets. Reloading is safe: the API serves the item in hand again, and answers are idempotent per item.
import { api } from './site.js';

const root = document.querySelector('[data-testid="human-study"]');
const base = `/api/competitions/${encodeURIComponent(root.dataset.slug)}/human-study`;
const $ = selector => root.querySelector(selector);
const joinForm = $('[data-join]');
const labeller = $('[data-labeller]');
const itemBox = $('[data-item]');
const classBox = $('[data-classes]');
const skipReasons = $('[data-skip-reasons]');
const feedback = $('[data-feedback]');
const undoButton = $('[data-undo]');
const timeLeft = $('[data-testid="study-time-left"]');
const errorBox = $('[data-error]');

// Milliseconds from an answer's key press to the next test item drawn: the page's speed target (150 ms at p95).
window.arenaLabelLatencies = [];

let current = null;        // the API's NextItemView
let chosen = null;         // the class picked, sent on Enter
let drawnAt = 0;           // performance.now() when the item appeared
let pressedAt = null;      // performance.now() of the answer that led to the next item
let busy = false;          // an answer or undo in flight: keys wait
let practiceShown = false; // practice feedback on screen: Enter continues
let timer = null;
const answered = [];       // this page's answers, newest last: undo takes back the newest

function showError(error) {
  errorBox.textContent = error instanceof Error ? error.message : String(error);
  errorBox.hidden = false;
}

function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = '';
}

async function start() {
  if (root.dataset.joined !== 'true') {
    joinForm.hidden = false;
    joinForm.querySelector('input').focus();
    return;
  }
  await loadNext();
}

joinForm.addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(joinForm);
  try {
    await api(`${base}/session`, { method: 'POST', body: { expertise: form.get('expertise'), sawTrainingData: form.get('sawTrainingData') === 'true' } });
    joinForm.hidden = true;
    await loadNext();
  } catch (error) {
    showError(error);
  }
});

async function loadNext() {
  const next = await api(`${base}/session/next`);
  clearError();
  if (next.phase === 'done') {
    finish();
    return;
  }
  draw(next);
}

function draw(next) {
  const sameClasses = current && current.classes.join('\u0000') === next.classes.join('\u0000');
  current = next;
  chosen = null;
  practiceShown = false;
  feedback.hidden = true;
  feedback.textContent = '';
  skipReasons.hidden = true;
  labeller.hidden = false;
  $('[data-testid="study-phase"]').textContent = next.phase;
  $('[data-testid="study-position"]').textContent = `${next.position.index} of ${next.position.of}`;
  itemBox.replaceChildren(render(next.render, next.item.features));
  itemBox.dataset.itemId = next.item.itemId;
  if (!sameClasses) drawClasses(next.classes);
  for (const button of classBox.children) button.setAttribute('aria-pressed', 'false');
  drawnAt = performance.now();
  if (pressedAt !== null && next.phase === 'test') window.arenaLabelLatencies.push(drawnAt - pressedAt);
  pressedAt = null;
  itemBox.dataset.drawn = String(window.arenaLabelLatencies.length);
  startTimer(next.item.expiresAt);
}

/** One item as its study says: table, image:WxH or text:COLUMN. */
function render(spec, features) {
  const names = Object.keys(features);
  if (spec.startsWith('image:')) {
    const [width, height] = spec.slice(6).split('x').map(Number);
    const values = names.slice(0, width * height).map(name => Number(features[name]));
    const finite = values.filter(Number.isFinite);
    const low = Math.min(0, ...finite);
    const high = Math.max(...finite, low + 1);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = false;
    const image = context.createImageData(width, height);
    values.forEach((value, i) => {
      // Dark ink on a light ground, as digits are written.
      const grey = Number.isFinite(value) ? Math.round(255 - 255 * (value - low) / (high - low)) : 255;
      image.data.set([grey, grey, grey, 255], i * 4);
    });
    context.putImageData(image, 0, 0);
    // At least 256 px on the longer side, in whole multiples so every pixel stays square.
    const scale = Math.max(1, Math.ceil(256 / Math.max(width, height)));
    canvas.style.width = `${width * scale}px`;
    canvas.style.height = `${height * scale}px`;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `${width} by ${height} image`);
    return canvas;
  }
  if (spec.startsWith('text:')) {
    const text = document.createElement('p');
    text.className = 'item-text';
    text.textContent = features[spec.slice(5)] ?? '';
    return text;
  }
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  const row = table.createTBody().insertRow();
  for (const name of names) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
    row.insertCell().textContent = features[name];
  }
  return table;
}

function drawClasses(classes) {
  classBox.replaceChildren(...classes.map((label, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.class = label;
    const key = keyOf(classes, i);
    if (key) {
      const kbd = document.createElement('kbd');
      kbd.textContent = key;
      button.append(kbd);
    }
    button.append(label);
    button.addEventListener('click', () => choose(label));
    return button;
  }));
}

/** Digit classes are chosen by their own key; any other classes by 1..9 in order. */
function keyOf(classes, index) {
  if (classes.every(c => /^[0-9]$/.test(c))) return classes[index];
  return index < 9 ? String(index + 1) : null;
}

function choose(label) {
  if (!current || practiceShown) return;
  chosen = label;
  for (const button of classBox.children) button.setAttribute('aria-pressed', String(button.dataset.class === label));
}

async function answer(body) {
  if (busy || !current || practiceShown) return;
  busy = true;
  pressedAt = performance.now();
  stopTimer();
  const item = current.item;
  try {
    const recorded = await api(`${base}/session/answers`, {
      method: 'POST',
      body: { itemId: item.itemId, ...body, elapsedMs: Math.round(pressedAt - drawnAt), position: current.position.index },
    });
    answered.push(item.itemId);
    undoButton.disabled = false;
    if (current.phase === 'practice') showPractice(recorded);
    else await loadNext();
  } catch (error) {
    pressedAt = null;
    showError(error);
  } finally {
    busy = false;
  }
}

function showPractice(recorded) {
  practiceShown = true;
  feedback.hidden = false;
  feedback.className = `feedback ${recorded.correct ? 'right' : 'wrong'}`;
  const given = recorded.label ?? `skipped (${recorded.skip})`;
  const text = document.createElement('p');
  text.textContent = `${recorded.correct ? 'Right' : 'Not quite'}: the label is ${recorded.goldLabel}; you answered ${given}.`;
  const next = document.createElement('button');
  next.type = 'button';
  next.textContent = 'Continue (Enter)';
  next.addEventListener('click', () => loadNext().catch(showError));
  feedback.replaceChildren(text, next);
  next.focus();
}

async function undo() {
  if (busy || answered.length === 0) return;
  busy = true;
  try {
    await api(`${base}/session/answers/${encodeURIComponent(answered.at(-1))}`, { method: 'DELETE' });
    answered.pop();
    undoButton.disabled = answered.length === 0;
    await loadNext();
  } catch (error) {
    showError(error);
  } finally {
    busy = false;
  }
}

function startTimer(expiresAt) {
  stopTimer();
  timeLeft.hidden = !expiresAt;
  if (!expiresAt) return;
  const tick = () => {
    const left = Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000));
    timeLeft.textContent = `${left} s left`;
    if (left === 0) {
      stopTimer();
      answer({ skip: 'time-up' });
    }
  };
  tick();
  timer = setInterval(tick, 250);
}

function stopTimer() {
  if (timer !== null) clearInterval(timer);
  timer = null;
}

async function finish() {
  current = null;
  stopTimer();
  labeller.hidden = true;
  const done = $('[data-done]');
  done.hidden = false;
  try {
    const session = await api(`${base}/session`);
    $('[data-done-text]').textContent = `You answered ${session.testAnswered} test items as ${session.annotator}. Nothing is left for you in this study.`;
  } catch (error) {
    showError(error);
  }
}

$('[data-submit]').addEventListener('click', () => { if (chosen !== null) answer({ label: chosen }); });
$('[data-skip]').addEventListener('click', () => { if (current && !practiceShown) skipReasons.hidden = false; });
$('[data-skip-cancel]').addEventListener('click', () => { skipReasons.hidden = true; });
for (const button of root.querySelectorAll('[data-reason]')) button.addEventListener('click', () => answer({ skip: button.dataset.reason }));
undoButton.addEventListener('click', undo);

document.addEventListener('keydown', event => {
  if (labeller.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
  const key = event.key;
  if (practiceShown) {
    if (key === 'Enter') {
      event.preventDefault();
      loadNext().catch(showError);
    }
    return;
  }
  if (!skipReasons.hidden) {
    if (key === 'u' || key === 'U') answer({ skip: 'unsure' });
    else if (key === 'w' || key === 'W') answer({ skip: 'label-looks-wrong' });
    else if (key === 'Escape') skipReasons.hidden = true;
    return;
  }
  if (current && /^[0-9]$/.test(key)) {
    const index = current.classes.findIndex((_, i) => keyOf(current.classes, i) === key);
    if (index >= 0) choose(current.classes[index]);
  } else if (key === 'Enter') {
    event.preventDefault();
    if (chosen !== null) answer({ label: chosen });
  } else if (key === 's' || key === 'S') {
    skipReasons.hidden = false;
  } else if (key === 'z' || key === 'Z' || key === 'Backspace') {
    event.preventDefault();
    undo();
  }
});

start().catch(showError);
