// The human-study labelling page: join, practice with feedback, then test items one per screen, by keyboard or
// buttons. Every rule lives in the API (/api/competitions/{slug}/human-study/session...); this module draws what it
// gets. Behind each test item the server holds the next one ready (`upcoming`), so an answer shows the next image at
// once and is sent while the member looks at it. Reloading is safe: queued answers are sent again first, and the
// API serves the item in hand again.
import { StudySession } from './human-study-session.js';
import { drawItem } from './human-study-render.js';
import { classButtons, markChosen } from './human-study-classes.js';
import { Countdown } from './human-study-countdown.js';

const root = document.querySelector('[data-testid="human-study"]');
const session = new StudySession(root.dataset.slug);
const $ = selector => root.querySelector(selector);
const joinForm = $('[data-join]');
const labeller = $('[data-labeller]');
const itemBox = $('[data-item]');
const classBox = $('[data-classes]');
const skipReasons = $('[data-skip-reasons]');
const feedback = $('[data-feedback]');
const undoButton = $('[data-undo]');
const errorBox = $('[data-error]');
const countdown = new Countdown($('[data-testid="study-time-left"]'), () => answer({ skip: 'time-up' }));

// Milliseconds from an answer's key press to the next test item drawn: the page's speed target (150 ms at p95).
window.arenaLabelLatencies = [];

let current = null;       // the NextItemView on screen; its `upcoming` is the item behind it, once the server said
let chosen = null;        // the class picked, sent on Enter
let keyToClass = () => null;
let drawnClasses = '';
let drawnAt = 0;          // performance.now() when the item appeared
let busy = false;         // waiting for the server before anything else can happen: keys wait
let practiceShown = false; // practice feedback on screen: Enter continues

function showError(error) {
  errorBox.textContent = error instanceof Error ? error.message : String(error);
  errorBox.hidden = false;
}

async function start() {
  if (root.dataset.joined !== 'true') {
    joinForm.hidden = false;
    joinForm.querySelector('input').focus();
    return;
  }
  await session.flush();
  draw(await session.next());
}

joinForm.addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(joinForm);
  try {
    await session.join(form.get('expertise'), form.get('sawTrainingData') === 'true');
    joinForm.hidden = true;
    draw(await session.next());
  } catch (error) {
    showError(error);
  }
});

/**
 * Shows `next`. `pressedAt` is the answer key's time when this follows an answer; `heldReady` says the item came from
 * `upcoming`, so its time limit starts now (the server starts its clock when that answer lands).
 */
function draw(next, pressedAt = null, heldReady = false) {
  errorBox.hidden = true;
  if (next.phase === 'done') {
    finish();
    return;
  }
  current = next;
  chosen = null;
  practiceShown = false;
  feedback.hidden = true;
  skipReasons.hidden = true;
  labeller.hidden = false;
  drawItem(itemBox, next.render, next.item.features);
  itemBox.dataset.itemId = next.item.itemId;
  const classes = next.classes.join('\u0000');
  if (classes !== drawnClasses) {
    keyToClass = classButtons(classBox, next.classes, choose);
    drawnClasses = classes;
  }
  markChosen(classBox, null);
  $('[data-testid="study-phase"]').textContent = next.phase;
  $('[data-testid="study-position"]').textContent = `${next.position.index} of ${next.position.of}`;
  drawnAt = performance.now();
  // Measured at the next frame, the one that shows the image, from the key event's own time.
  if (pressedAt !== null && next.phase === 'test') requestAnimationFrame(() => window.arenaLabelLatencies.push(performance.now() - pressedAt));
  const deadline = heldReady ? Date.now() + (next.secondsPerItem ?? 0) * 1000
    : next.item.expiresAt ? Date.parse(next.item.expiresAt) - session.clockOffset : null;
  countdown.start(deadline, next.secondsPerItem);
  undoButton.disabled = !session.canUndo;
}

function choose(label) {
  if (!current || practiceShown) return;
  chosen = label;
  markChosen(classBox, label);
}

async function answer(body, pressedAt = performance.now()) {
  if (busy || !current || practiceShown) return;
  busy = true;
  countdown.stop();
  const shown = current;
  try {
    // The answer before this one may still be on its way; its reply says which item is behind this one.
    if (shown.phase === 'test' && !shown.upcoming) await session.settled();
    const sent = session.answer({ itemId: shown.item.itemId, ...body, elapsedMs: Math.round(pressedAt - drawnAt), position: shown.position.index });
    if (shown.phase === 'test' && shown.upcoming) {
      draw(shown.upcoming, pressedAt, true);
      sent.then(recorded => adopt(recorded.next), resync);
      return;
    }
    const recorded = await sent;
    if (shown.phase === 'practice') showPractice(recorded);
    else draw(recorded.next, pressedAt);
  } catch (error) {
    await resync(error);
  } finally {
    busy = false;
  }
}

/** The server's view after an answer: the item on screen gains the one behind it, or the page follows the server. */
function adopt(next) {
  if (current && next.item && current.item.itemId === next.item.itemId) {
    current.upcoming = next.upcoming;
    current.position = next.position;
    $('[data-testid="study-position"]').textContent = `${next.position.index} of ${next.position.of}`;
    undoButton.disabled = !session.canUndo;
  } else {
    // The item held ready went to someone else (it waited too long), or the study ended: show what the server has.
    session.settled().then(() => session.next()).then(latest => {
      if (!current || latest.item?.itemId !== current.item.itemId) draw(latest);
    }).catch(showError);
  }
}

/** After a refused or lost answer: say why, then show the item the server has in hand. */
async function resync(error) {
  showError(error);
  try {
    await session.settled();
    const latest = await session.next();
    draw(latest);
    showError(error);
  } catch (again) {
    showError(again);
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
  next.addEventListener('click', proceed);
  feedback.replaceChildren(text, next);
  undoButton.disabled = !session.canUndo;
  next.focus();
}

async function proceed() {
  if (busy) return;
  busy = true;
  try {
    draw(await session.next());
  } catch (error) {
    showError(error);
  } finally {
    busy = false;
  }
}

async function undo() {
  if (busy || !session.canUndo) return;
  busy = true;
  try {
    await session.settled();
    await session.undo();
    draw(await session.next());
  } catch (error) {
    showError(error);
  } finally {
    busy = false;
  }
}

async function finish() {
  current = null;
  countdown.stop();
  labeller.hidden = true;
  $('[data-done]').hidden = false;
  try {
    await session.settled();
    const status = await session.status();
    $('[data-done-text]').textContent = `You answered ${status.testAnswered} test items as ${status.annotator}. Nothing is left for you in this study.`;
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
      proceed();
    } else if (key === 'z' || key === 'Z' || key === 'Backspace') {
      event.preventDefault();
      undo();
    }
    return;
  }
  if (!skipReasons.hidden) {
    if (key === 'u' || key === 'U') answer({ skip: 'unsure' }, event.timeStamp);
    else if (key === 'w' || key === 'W') answer({ skip: 'label-looks-wrong' }, event.timeStamp);
    else if (key === 'Escape') skipReasons.hidden = true;
    return;
  }
  const label = current ? keyToClass(key) : null;
  if (label !== null) {
    choose(label);
  } else if (key === 'Enter') {
    event.preventDefault();
    if (chosen !== null) answer({ label: chosen }, event.timeStamp);
  } else if (key === 's' || key === 'S') {
    skipReasons.hidden = false;
  } else if (key === 'z' || key === 'Z' || key === 'Backspace') {
    event.preventDefault();
    undo();
  }
});

start().catch(showError);
