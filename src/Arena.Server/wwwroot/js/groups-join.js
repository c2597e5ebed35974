// Joining with an invite: the link's Join button and the hand-typed code both POST /api/groups/join, then open the
// group's page. The forms are GET forms to this page, so without the script a typed code at least shows its group.
import { api } from './site.js';

const error = document.getElementById('join-error');

/** A code, or a whole pasted invite link (…/groups/join?code=…), reduced to its code. */
function codeOf(text) {
  const trimmed = text.trim();
  if (!trimmed.includes('code=')) return trimmed;
  try {
    return new URL(trimmed, window.location.origin).searchParams.get('code')?.trim() ?? trimmed;
  } catch {
    return trimmed;
  }
}

for (const form of document.querySelectorAll('form.join-form')) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const code = codeOf(form.elements.namedItem('code').value);
    if (!code) {
      error.textContent = 'Enter the invite code you were given.';
      error.hidden = false;
      form.elements.namedItem('code').focus();
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const joined = await api('/api/groups/join', { method: 'POST', body: { code } });
      window.location.assign(`/groups/${encodeURIComponent(joined.slug)}`);
    } catch (problem) {
      error.textContent = problem.status === 404 ? 'No invite has this code. Check it, or ask the group\'s organizers for a new one.' : problem.message;
      error.hidden = false;
      button.disabled = false;
    }
  });
}
