// A track's page, for the group's owner and organizers: add a paper, move papers up and down, remove one, delete the
// track. Every action goes through the track API, which checks who may do it; the page then reloads from the server.
import { api } from './site.js';
import { clearProblems, showProblems } from './form-problems.js';

const root = document.getElementById('track');
const base = `/api/groups/${encodeURIComponent(root.dataset.group)}/tracks/${encodeURIComponent(root.dataset.track)}`;
const trackError = document.getElementById('track-error');

async function act(button, run, after = () => window.location.reload()) {
  trackError.hidden = true;
  button.disabled = true;
  try {
    await run();
    after();
  } catch (error) {
    trackError.textContent = error.message;
    trackError.hidden = false;
    button.disabled = false;
  }
}

/** The papers' ids in the order the table shows them. */
const order = () => [...root.querySelectorAll('[data-testid=track-papers] tbody tr[data-paper]')].map(row => Number(row.dataset.paper));

function moved(paperId, step) {
  const ids = order();
  const from = ids.indexOf(paperId);
  const to = from + step;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  [ids[from], ids[to]] = [ids[to], ids[from]];
  return ids;
}

root.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!button) return;
  const paperId = Number(button.dataset.paper);
  if (button.dataset.action === 'remove')
    act(button, () => api(`${base}/papers/${paperId}`, { method: 'DELETE' }));
  else if (button.dataset.action === 'up' || button.dataset.action === 'down')
    act(button, () => api(`${base}/order`, { method: 'PUT', body: { paperIds: moved(paperId, button.dataset.action === 'up' ? -1 : 1) } }));
});

/** A number as typed; anything else is sent as missing, and the server names the field. */
function numberOrNull(value) {
  const trimmed = value.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? number : null;
}

const form = document.getElementById('add-paper');
form?.addEventListener('submit', async event => {
  event.preventDefault();
  clearProblems(form);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const field = name => form.elements.namedItem(name).value;
  try {
    await api(`${base}/papers`, {
      method: 'POST',
      body: {
        competition: field('competition'),
        citation: field('citation'),
        url: field('url').trim() || null,
        reportedScore: numberOrNull(field('reportedScore')),
        tolerance: numberOrNull(field('tolerance')),
      },
    });
    window.location.reload();
  } catch (error) {
    // A competition already in the track, or not the group's, is a 409 without field errors; it belongs by the picker.
    showProblems(form, error, e => (e.status === 409 ? 'competition' : ''));
    button.disabled = false;
  }
});

const remove = document.getElementById('delete-track');
remove?.addEventListener('click', () =>
  act(remove, () => api(base, { method: 'DELETE' }), () => window.location.assign(`/groups/${encodeURIComponent(root.dataset.group)}`)));
