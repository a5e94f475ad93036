// Small helpers to build DOM nodes. User data only ever becomes text nodes or attribute values,
// never markup.

/**
 * h('button', {class: 'btn', onclick: fn, 'aria-label': 'x'}, 'text', child, [more])
 * Attributes: class, on<event> (functions), dataset (object), boolean true/false, anything else as an attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'value' && 'value' in el) {
        el.value = v;
      } else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'readOnly' || k === 'required') {
        el[k] = !!v;
      } else if (v === true) {
        el.setAttribute(k, '');
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** An inline SVG icon from the small set below, hidden from screen readers. */
export function icon(name) {
  const paths = ICONS[name] || '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'icon');
  for (const d of paths.split('|')) {
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

const ICONS = {
  fn: 'M10 4H8a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h2|M14 4h2a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-2',
  topic: 'M4 6h16|M4 12h16|M4 18h10',
  send: 'M4 12l16-8-6 16-2-6-8-2z',
  logs: 'M6 4h12v16H6z|M9 8h6|M9 12h6|M9 16h4',
  plus: 'M12 5v14|M5 12h14',
  trash: 'M5 7h14|M10 7V4h4v3|M7 7l1 13h8l1-13',
  edit: 'M4 20h4L19 9l-4-4L4 16z',
  redo: 'M20 12a8 8 0 1 1-3-6.2|M20 4v5h-5',
  chevron: 'M9 6l6 6-6 6',
  upload: 'M12 16V4|M7 9l5-5 5 5|M5 20h14',
  check: 'M5 12l5 5 9-10',
  alert: 'M12 4l9 16H3z|M12 10v4|M12 17v.5',
  close: 'M6 6l12 12|M18 6L6 18',
};
