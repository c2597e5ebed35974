// The group page's "create a track" form, for the group's owner and organizers: POST the track, then open its page.
import { api } from './site.js';
import { clearProblems, showProblems } from './form-problems.js';

const group = document.getElementById('group').dataset.slug;
const form = document.getElementById('create-track');
form?.addEventListener('submit', async event => {
  event.preventDefault();
  clearProblems(form);
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  const field = name => form.elements.namedItem(name).value;
  try {
    const created = await api(`/api/groups/${encodeURIComponent(group)}/tracks`, {
      method: 'POST',
      body: { slug: field('slug').trim(), name: field('name'), description: field('description') },
    });
    window.location.assign(`/groups/${encodeURIComponent(group)}/tracks/${encodeURIComponent(created.slug)}`);
  } catch (error) {
    // A taken slug is a 409 without field errors; it belongs next to the slug.
    showProblems(form, error, e => (e.status === 409 ? 'slug' : ''));
    button.disabled = false;
  }
});
