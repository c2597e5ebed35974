// A group's page: invites (list, create, revoke), member roles and removal, leaving. Every action goes through the
// group API, which checks who may do it; the page reloads afterwards to show the new state from the server.
import { api } from './site.js';
import { enableCopyButtons } from './clipboard.js';

const root = document.getElementById('group');
const slug = root.dataset.slug;
const base = `/api/groups/${encodeURIComponent(slug)}`;
const groupError = document.getElementById('group-error');

enableCopyButtons();

function showError(slot, error) {
  slot.textContent = error.message;
  slot.hidden = false;
}

function timeCell(iso, empty = '–') {
  const cell = document.createElement('td');
  if (!iso) { cell.textContent = empty; return cell; }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.textContent = new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  cell.append(time);
  return cell;
}

/** Runs an action from a button, keeping it disabled meanwhile; on success reloads the page. */
async function act(button, run, after = () => window.location.reload()) {
  groupError.hidden = true;
  button.disabled = true;
  try {
    await run();
    after();
  } catch (error) {
    showError(groupError, error);
    button.disabled = false;
  }
}

root.addEventListener('click', event => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!button) return;
  const user = encodeURIComponent(button.dataset.user);
  if (button.dataset.action === 'remove')
    act(button, () => api(`${base}/members/${user}`, { method: 'DELETE' }));
  else if (button.dataset.action === 'role')
    act(button, () => api(`${base}/members/${user}/role`, { method: 'PUT', body: { role: button.dataset.role } }));
});

const leave = document.getElementById('leave-group');
leave?.addEventListener('click', () =>
  act(leave, () => api(`${base}/leave`, { method: 'POST' }), () => window.location.assign('/groups')));

// Invites, for the owner and organizers only (the section is rendered for them alone).
const inviteRows = document.getElementById('invite-rows');
const inviteError = document.getElementById('invite-error');

/** The full address to share: the API gives a path, the reader's own origin completes it. */
const absolute = link => new URL(link, window.location.origin).href;

async function loadInvites() {
  let invites;
  try {
    invites = await api(`${base}/invites`);
  } catch (error) {
    showError(inviteError, error);
    return;
  }
  const rows = invites.map((invite, index) => {
    const row = document.createElement('tr');
    row.dataset.invite = invite.code;
    const linkCell = document.createElement('td');
    const copyRow = document.createElement('div');
    copyRow.className = 'copy-row';
    linkCell.append(copyRow);
    const input = document.createElement('input');
    input.readOnly = true;
    input.id = `invite-link-${index}`;
    input.value = absolute(invite.link);
    input.setAttribute('aria-label', `Invite link ${index + 1}`);
    copyRow.append(input);
    if (invite.state === 'active') {
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'small';
      copy.dataset.copy = input.id;
      copy.textContent = 'Copy';
      const status = document.createElement('span');
      status.className = 'visually-hidden';
      status.setAttribute('role', 'status');
      status.dataset.copyStatus = input.id;
      copyRow.append(copy, status);
    }
    const state = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = `badge ${invite.state === 'active' ? 'good' : 'bad'}`;
    badge.textContent = invite.state;
    state.append(badge);
    const uses = document.createElement('td');
    uses.className = 'num';
    uses.textContent = String(invite.uses);
    const actions = document.createElement('td');
    if (invite.state === 'active') {
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.className = 'small danger';
      revoke.textContent = 'Revoke';
      revoke.setAttribute('aria-label', `Revoke invite link ${index + 1}`);
      revoke.addEventListener('click', () => revokeInvite(revoke, invite.code));
      actions.append(revoke);
    }
    row.append(linkCell, state, uses, timeCell(invite.createdAt), timeCell(invite.expiresAt, 'never'), actions);
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const cell = document.createElement('td');
    cell.colSpan = 6;
    cell.className = 'empty';
    cell.textContent = 'No invites yet.';
    row.append(cell);
    rows.push(row);
  }
  inviteRows.replaceChildren(...rows);
}

async function revokeInvite(button, code) {
  inviteError.hidden = true;
  button.disabled = true;
  try {
    await api(`${base}/invites/${encodeURIComponent(code)}`, { method: 'DELETE' });
    document.getElementById('group-status').textContent = 'The invite was revoked.';
    await loadInvites();
  } catch (error) {
    showError(inviteError, error);
    button.disabled = false;
  }
}

const createInvite = document.getElementById('create-invite');
createInvite?.addEventListener('submit', async event => {
  event.preventDefault();
  inviteError.hidden = true;
  const button = createInvite.querySelector('button[type=submit]');
  button.disabled = true;
  const days = createInvite.elements.namedItem('expiry').value;
  const expiresAt = days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : undefined;
  try {
    const created = await api(`${base}/invites`, { method: 'POST', body: expiresAt ? { expiresAt } : {} });
    const box = document.getElementById('new-invite');
    document.getElementById('new-invite-link').value = absolute(created.link);
    document.querySelector('[data-copy-status="new-invite-link"]').textContent = '';
    box.hidden = false;
    await loadInvites();
    document.getElementById('new-invite-link').select();
  } catch (error) {
    showError(inviteError, error);
  } finally {
    button.disabled = false;
  }
});

if (inviteRows) loadInvites();
