// /organize: uploads a bundle zip to POST /api/competitions with progress, then opens the new draft's report.
import { upload } from './site.js';

const form = document.getElementById('bundle-form');
const file = document.getElementById('bundle');
const group = document.getElementById('group');
const progress = document.getElementById('bundle-progress');
const status = form.querySelector('[role=status]');
const alert = form.querySelector('[role=alert]');
const button = form.querySelector('button[type=submit]');

function showError(message) {
  alert.textContent = message;
  alert.hidden = false;
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  alert.hidden = true;
  alert.textContent = '';
  status.textContent = '';
  const zip = file.files?.[0];
  if (!zip) {
    showError('Choose a bundle zip first.');
    file.focus();
    return;
  }
  const data = new FormData();
  data.append('bundle', zip, zip.name);
  if (group.value) data.append('group', group.value);
  button.disabled = true;
  progress.hidden = false;
  progress.value = 0;
  status.textContent = `Uploading ${zip.name}…`;
  try {
    const created = await upload('/api/competitions', data, fraction => {
      progress.value = fraction;
      // The server unpacks and checks the bundle after the last byte arrives.
      if (fraction >= 1) status.textContent = 'Uploaded; the server is unpacking and checking the bundle…';
    });
    status.textContent = `Created the draft ${created.slug}. Opening its pre-publish report…`;
    location.assign(`/c/${encodeURIComponent(created.slug)}/manage`);
  } catch (error) {
    progress.hidden = true;
    status.textContent = '';
    showError(error.message);
  } finally {
    button.disabled = false;
  }
});
