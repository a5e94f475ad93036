// The code of a package function beside its handler module: the package's files and its layers.
import { h } from '../dom.js';
import { get, enc } from '../api.js';
import { errorBox, loading } from '../ui.js';

const size = (bytes) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB`
  : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/** A card with the package's files and the function's layers; null for a single file without layers. */
export function packageSection(name, fn) {
  const layers = fn.layers || [];
  if (!fn.packageDigest && !layers.length) return null;
  const files = h('div', { id: 'package-files' }, fn.packageDigest ? loading() : null);
  if (fn.packageDigest) {
    get(`/api/functions/${enc(name)}/package`).then((p) => files.replaceChildren(
      h('p', { class: 'help' }, `${p.files.length} file${p.files.length === 1 ? '' : 's'}; the handler module's code is shown below.`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'package-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col', class: 'num' }, 'Size'))),
        h('tbody', null, p.files.map((f) => h('tr', null,
          h('td', { 'data-label': 'File' }, h('code', null, f.path)),
          h('td', { class: 'num', 'data-label': 'Size' }, size(f.size)))))))))
      .catch((e) => files.replaceChildren(errorBox(e)));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'package-h', id: 'fn-package' },
    h('h2', { id: 'package-h' }, fn.packageDigest ? 'Package' : 'Layers'),
    fn.packageDigest ? h('p', { class: 'muted' }, 'Digest ', h('code', { class: 'break-anywhere' }, fn.packageDigest)) : null,
    files,
    layers.length ? h('div', null, h('h3', { class: 'sub-h' }, 'Layers'),
      h('p', { class: 'help' }, 'On sys.path after the function\'s own code, each pinned to the content it had when this version was saved.'),
      h('ul', { id: 'layer-names' }, layers.map((l) => h('li', null, h('code', null, l.split('@')[0]), ' ',
        h('span', { class: 'muted break-anywhere' }, l.includes('@') ? `@${l.split('@')[1].slice(0, 12)}` : ''))))) : null);
}
