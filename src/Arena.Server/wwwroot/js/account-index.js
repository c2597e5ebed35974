// Personal API tokens: list, create (the secret is shown here once, never again), revoke. All through /api/tokens.
import { api } from './site.js';
import { clearProblems, showProblems } from './form-problems.js';
import { enableCopyButtons } from './clipboard.js';

const rows = document.getElementById('token-rows');
const listError = document.getElementById('tokens-error');
const status = document.getElementById('tokens-status');
const form = document.getElementById('create-token');

enableCopyButtons();

function cell(text, className = '') {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function timeCell(iso, empty) {
  const td = document.createElement('td');
  if (!iso) { td.textContent = empty; td.className = 'muted'; return td; }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  td.append(time);
  return td;
}

function stateOf(token) {
  if (token.revokedAt) return ['revoked', 'bad'];
  if (token.expiresAt && new Date(token.expiresAt) <= new Date()) return ['expired', 'bad'];
  return ['active', 'good'];
}

async function load() {
  let tokens;
  try {
    tokens = await api('/api/tokens');
  } catch (error) {
    listError.textContent = error.message;
    listError.hidden = false;
    return;
  }
  const built = tokens.map(token => {
    const row = document.createElement('tr');
    row.dataset.token = String(token.id);
    const [state, tone] = stateOf(token);
    const stateCell = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = `badge ${tone}`;
    badge.textContent = state;
    stateCell.append(badge);
    const actions = document.createElement('td');
    if (state === 'active') {
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'small danger';
      revoke.textContent = 'Revoke';
      revoke.setAttribute('aria-label', `Revoke ${token.name}`);
      revoke.addEventListener('click', () => revokeToken(revoke, token));
      actions.append(revoke);
    }
    row.append(cell(token.name, 'wrap'), cell(`${token.prefix}…`, 'mono'), timeCell(token.createdAt, '–'),
      timeCell(token.expiresAt, 'never'), timeCell(token.lastUsedAt, 'never'), stateCell, actions);
    return row;
  });
  if (built.length === 0) {
    const row = document.createElement('tr');
    const empty = cell('No tokens yet.', 'empty');
    empty.colSpan = 7;
    row.append(empty);
    built.push(row);
  }
  rows.replaceChildren(...built);
}

async function revokeToken(button, token) {
  listError.hidden = true;
  button.disabled = true;
  try {
    await api(`/api/tokens/${token.id}`, { method: 'DELETE' });
    status.textContent = `The token "${token.name}" was revoked.`;
    await load();
  } catch (error) {
    listError.textContent = error.message;
    listError.hidden = false;
    button.disabled = false;
  }
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  clearProblems(form);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const days = form.elements.namedItem('expiresAt').value;
  const body = { name: form.elements.namedItem('name').value };
  if (days) body.expiresAt = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
  try {
    const created = await api('/api/tokens', { method: 'POST', body });
    document.getElementById('new-token-value').value = created.token;
    document.getElementById('new-token-cli').value = `arena login --url ${window.location.origin} --token ${created.token}`;
    for (const copyStatus of document.querySelectorAll('#new-token [data-copy-status]')) copyStatus.textContent = '';
    document.getElementById('new-token').hidden = false;
    form.reset();
    await load();
    document.getElementById('new-token-value').select();
  } catch (error) {
    showProblems(form, error);
  } finally {
    button.disabled = false;
  }
});

load();
