// Layers: shared sets of Python distributions that functions name in their settings. Made from wheel
// files (uploaded here) or requirement lines (resolved with pip against the server's wheelhouse or
// index); a function version keeps the content it was stored with.
import { h, icon } from '../dom.js';
import { api, get, del, put, enc } from '../api.js';
import { pageHeader, errorBox, emptyState, loading, showError, field, toast, formatTime, confirmDialog } from '../ui.js';

export async function layersPage(main) {
  main.append(pageHeader('Layers',
    'Shared Python distributions that functions put on sys.path after their own code, like Lambda layers.'));
  const listSlot = h('div', { id: 'layer-list' }, loading());
  const refresh = async () => {
    const layers = await get('/api/layers');
    listSlot.replaceChildren(layers.length ? layerTable(layers, refresh)
      : emptyState('No layers yet', 'Make one below from wheel files or requirement lines; a function names it in its settings.'));
  };
  main.append(layerForm(() => refresh()),
    h('section', { class: 'card', 'aria-labelledby': 'layers-h' }, h('h2', { id: 'layers-h' }, 'Layers'), listSlot));
  try {
    await refresh();
  } catch (e) {
    listSlot.replaceChildren(errorBox(e));
  }
  return undefined;
}

function layerTable(layers, refresh) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'layers-table' },
    h('thead', null, h('tr', null, ...['Layer', 'Made from', 'Content', 'Updated'].map((c) => h('th', { scope: 'col' }, c)),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', null, layers.map((l) => h('tr', { dataset: { layer: l.name } },
      h('td', { 'data-label': 'Layer' }, h('code', null, l.name)),
      h('td', { 'data-label': 'Made from' }, h('span', { class: 'break-anywhere' }, (l.sources || []).join(', ') || '—')),
      h('td', { 'data-label': 'Content' }, h('code', { title: l.digest }, (l.digest || '').slice(0, 12))),
      h('td', { 'data-label': 'Updated' }, formatTime(l.updatedAt)),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'btn btn-small btn-ghost btn-danger-text', 'data-write': '', 'aria-label': `Delete layer ${l.name}`,
        onclick: async () => {
          const ok = await confirmDialog({ title: `Delete layer ${l.name}?`, confirmLabel: 'Delete', danger: true,
            message: 'Function versions stored with it keep its content; a function saved later cannot name it.' });
          if (!ok) return;
          try {
            await del(`/api/layers/${enc(l.name)}`);
            toast(`Deleted layer ${l.name}`);
            await refresh();
          } catch (e) {
            toast(e.message, 'error');
          }
        },
      }, icon('trash'), 'Delete')))))));
}

function layerForm(saved) {
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const name = h('input', { type: 'text', id: 'layer-name', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. numeric' });
  const wheels = h('input', { type: 'file', id: 'layer-wheels', accept: '.whl', multiple: true });
  const requirements = h('textarea', { id: 'layer-requirements', rows: '3', spellcheck: 'false', placeholder: 'lib==1.2' });
  const form = h('form', { class: 'card', id: 'layer-form', 'data-write': '', 'aria-labelledby': 'layer-form-h' },
    h('h2', { id: 'layer-form-h' }, 'Make or replace a layer'),
    field('Name', name, 'Letters, digits, "_" and "-". A layer of that name is replaced; functions saved before keep the old content.'),
    h('div', { class: 'grid-2' },
      field('Wheel files', wheels, 'One or more .whl files, installed with pip without running any code.'),
      field('Or requirements', requirements, 'One per line, resolved with pip against the server\'s wheelhouse or index.')),
    h('div', null, h('button', { type: 'submit', class: 'btn btn-primary', id: 'layer-submit' }, 'Save layer')), errors);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    const layer = name.value.trim();
    const lines = requirements.value.trim();
    const problems = [];
    if (!layer) problems.push('Give the layer a name.');
    if (!wheels.files.length && !lines) problems.push('Choose wheel files or write requirements.');
    if (wheels.files.length && lines) problems.push('Give wheel files or requirements, not both.');
    if (problems.length) {
      showError(errors, { title: 'Missing information', message: problems.join(' ') });
      errors.focus();
      return;
    }
    const submit = form.querySelector('#layer-submit');
    submit.disabled = true;
    try {
      let made;
      if (lines) {
        made = await put(`/api/layers/${enc(layer)}`, { requirements: lines });
      } else {
        const data = new FormData();
        [...wheels.files].forEach((f) => data.append('wheel', f));
        made = await api('PUT', `/api/layers/${enc(layer)}`, data);
      }
      toast(`Layer ${made.name} holds ${(made.sources || []).join(', ')}`);
      form.reset();
      await saved();
    } catch (err) {
      showError(errors, err);
      errors.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
