// Draws one human-study item from its feature values, as the study's render says: `image:WxH` (the values as grey
// pixels, row by row, enlarged without smoothing), `text:COLUMN` (that column in full) or `table` (named columns).
// The elements are made once and reused, so the next item is drawn in a few milliseconds.

const minimumSide = 256;
const source = document.createElement('canvas');
let canvas = null;
let brightest = 0; // the largest value seen in this page: grey levels stay the same from item to item

/** Replaces the box's content with the item. */
export function drawItem(box, render, features) {
  if (render.startsWith('image:')) {
    const [width, height] = render.slice(6).split('x').map(Number);
    canvas ??= document.createElement('canvas');
    drawImage(width, height, Object.values(features).map(Number));
    if (box.firstChild !== canvas) box.replaceChildren(canvas);
    return;
  }
  if (render.startsWith('text:')) {
    const text = document.createElement('p');
    text.className = 'item-text';
    text.textContent = features[render.slice(5)] ?? '';
    box.replaceChildren(text);
    return;
  }
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  const row = table.createTBody().insertRow();
  for (const [name, value] of Object.entries(features)) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
    row.insertCell().textContent = value;
  }
  const wrap = document.createElement('div');
  wrap.className = 'table-wrap';
  wrap.append(table);
  box.replaceChildren(wrap);
}

/**
 * The scale's top: the smallest usual one that holds every value seen (1 for values in [0, 1], 16 for the 8x8 digits,
 * 255 for 8-bit images), else the largest value seen. Values at or below 0 are paper, the top is ink.
 */
function top(values) {
  for (const v of values) if (Number.isFinite(v) && v > brightest) brightest = v;
  for (const usual of [1, 16, 255]) if (brightest <= usual) return usual;
  return brightest;
}

function drawImage(width, height, values) {
  const max = top(values);
  source.width = width;
  source.height = height;
  const context = source.getContext('2d');
  const pixels = context.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const v = Number.isFinite(values[i]) ? Math.min(Math.max(values[i] / max, 0), 1) : 0;
    const grey = Math.round(255 * (1 - v)); // dark ink on light paper, as digits are written
    pixels.data.set([grey, grey, grey, 255], i * 4);
  }
  context.putImageData(pixels, 0, 0);
  // At least 256 px on the longer side, in whole multiples so every pixel stays square.
  const scale = Math.max(1, Math.ceil(minimumSide / Math.max(width, height)));
  if (canvas.width !== width * scale || canvas.height !== height * scale) {
    canvas.width = width * scale;
    canvas.height = height * scale;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `A ${width} by ${height} pixel image, enlarged ${scale} times`);
  }
  const target = canvas.getContext('2d');
  target.imageSmoothingEnabled = false;
  target.drawImage(source, 0, 0, canvas.width, canvas.height);
}
