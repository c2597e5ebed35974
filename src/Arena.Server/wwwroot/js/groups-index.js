// The "create a group" form: POST /api/groups, then on to the new group's page.
import { api } from './site.js';
import { clearProblems, showProblems } from './form-problems.js';

const form = document.getElementById('create-group');
form.addEventListener('submit', async event => {
  event.preventDefault();
  clearProblems(form);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const slug = form.elements.namedItem('slug').value.trim();
  try {
    const created = await api('/api/groups', { method: 'POST', body: { slug, name: form.elements.namedItem('name').value } });
    window.location.assign(`/groups/${encodeURIComponent(created.slug)}`);
  } catch (error) {
    // A taken slug is a 409 without field errors; it belongs next to the slug.
    showProblems(form, error, e => (e.status === 409 ? 'slug' : ''));
    button.disabled = false;
  }
});
