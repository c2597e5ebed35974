// The class buttons of a human study and their keys: single-digit class names are chosen by their own key (the digits
// study's 0 to 9), other names by 1 to 9 in the study's order (a tenth class and beyond only by its button).

/** Fills the box with one button per class; returns the class a key chooses (or null for any other key). */
export function classButtons(box, classes, onChoose) {
  const digits = classes.every(c => /^[0-9]$/.test(c));
  const keyOf = (name, i) => digits ? name : i < 9 ? String(i + 1) : null;
  box.replaceChildren(...classes.map((name, i) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'class-choice';
    button.dataset.class = name;
    button.setAttribute('aria-pressed', 'false');
    const label = document.createElement('span');
    label.textContent = name;
    button.append(label);
    const key = keyOf(name, i);
    if (key !== null && key !== name) {
      const kbd = document.createElement('kbd');
      kbd.textContent = key;
      button.append(' ', kbd);
    }
    if (key !== null) button.setAttribute('aria-keyshortcuts', key);
    button.addEventListener('click', () => onChoose(name));
    return button;
  }));
  return key => digits ? (classes.includes(key) ? key : null) : /^[1-9]$/.test(key) ? classes[Number(key) - 1] ?? null : null;
}

/** Marks the chosen class's button pressed, the others not. */
export function markChosen(box, name) {
  for (const button of box.children) button.setAttribute('aria-pressed', String(button.dataset.class === name));
}
