// Shows an API refusal next to the fields it names. A form marks its message slots with data-error-for="<field>" (the
// API's problem-details `errors` keys) and one slot with data-error-for="" for anything that names no field.

/** Hides every message of the form and clears aria-invalid. */
export function clearProblems(form) {
  for (const slot of form.querySelectorAll('[data-error-for]')) {
    slot.textContent = '';
    slot.hidden = true;
  }
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/**
 * Puts each field's messages in its slot and marks its input invalid; whatever names no known field goes to the
 * general slot. `fieldOf` may move a refusal without `errors` (a 409, say) onto a field. Focuses the first bad input.
 */
export function showProblems(form, error, fieldOf = () => '') {
  clearProblems(form);
  const errors = error?.problem?.errors ?? {};
  const general = [];
  let first = null;
  for (const [field, messages] of Object.entries(errors)) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    const text = [].concat(messages).join(' ');
    if (!slot) { general.push(`${field}: ${text}`); continue; }
    slot.textContent = text;
    slot.hidden = false;
    const input = form.elements.namedItem(field);
    if (input instanceof HTMLElement) {
      input.setAttribute('aria-invalid', 'true');
      first ??= input;
    }
  }
  if (Object.keys(errors).length === 0) {
    const field = fieldOf(error);
    const slot = field && form.querySelector(`[data-error-for="${CSS.escape(field)}"]`);
    const input = field && form.elements.namedItem(field);
    if (slot) {
      slot.textContent = error?.problem?.detail ?? error.message;
      slot.hidden = false;
      if (input instanceof HTMLElement) { input.setAttribute('aria-invalid', 'true'); first ??= input; }
    } else {
      general.push(error.message);
    }
  }
  const slot = form.querySelector('[data-error-for=""]');
  if (general.length > 0 && slot) {
    slot.textContent = general.join(' ');
    slot.hidden = false;
  }
  first?.focus();
}
