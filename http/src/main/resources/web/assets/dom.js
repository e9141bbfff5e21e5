// Small DOM helpers shared by every page. Elements are built with h() and updated in place, so that live
// updates never replace a control someone is using (focus and typed text stay where they are).

/** Creates an element: attributes (class, text, on<event>, aria-*, data-*, any other) and children. */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'rect', 'path', 'line', 'polyline', 'text', 'title', 'desc', 'circle'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') el.textContent = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.setAttribute('class', value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Sets text only when it changed, so that screen readers are not told about unchanged live regions. */
export function setText(el, value) {
  const text = value === undefined || value === null ? '' : String(value);
  if (el.textContent !== text) el.textContent = text;
}

export function show(el, visible) {
  el.hidden = !visible;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Makes container's children match items in order, reusing the element made for each key: create(item) builds
 * one, update(el, item) refreshes it. Elements whose key is gone are removed.
 */
export function keyed(container, items, keyOf, create, update) {
  const existing = new Map();
  for (const child of [...container.children]) {
    if (child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      el = create(item);
      el.dataset.key = key;
    }
    update(el, item);
    const expected = previous ? previous.nextElementSibling : container.firstElementChild;
    if (expected !== el) container.insertBefore(el, expected);
    previous = el;
  }
  for (const gone of existing.values()) gone.remove();
}
