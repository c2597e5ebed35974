// Copy buttons: <button data-copy="INPUT-ID"> copies that input's value; an element with data-copy-status="INPUT-ID"
// (role="status") says whether it worked. Without clipboard access (an insecure origin, a refused permission) the
// text is selected instead, so the reader can copy it by hand.

async function copy(button) {
  const input = document.getElementById(button.dataset.copy);
  const status = document.querySelector(`[data-copy-status="${CSS.escape(button.dataset.copy)}"]`);
  if (!input) return;
  try {
    await navigator.clipboard.writeText(input.value);
    if (status) status.textContent = 'Copied to the clipboard.';
  } catch {
    input.focus();
    input.select();
    if (status) status.textContent = 'Could not reach the clipboard: the text is selected, copy it with Ctrl+C.';
  }
}

/** One listener for the whole page, so buttons added later (by a script) work too. */
export function enableCopyButtons(root = document) {
  root.addEventListener('click', event => {
    const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
    if (button) copy(button);
  });
}
