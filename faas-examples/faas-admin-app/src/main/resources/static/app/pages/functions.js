// Functions: every registered function with its topics, version, last run and error rate.
import { h, icon } from '../dom.js';
import { get, del, enc } from '../api.js';
import {
  pageHeader, errorBox, emptyState, loading, topicChips, ago, percent, confirmDialog, toast,
} from '../ui.js';

export async function functionsPage(main) {
  main.append(pageHeader('Functions', 'Code that runs for every event on its topics.',
    h('a', { class: 'btn btn-primary', href: '#/functions/new', 'data-write': '' }, icon('plus'), 'New function')));
  const body = main.appendChild(h('div', null, loading()));
  let functions;
  let stats;
  try {
    [functions, stats] = await Promise.all([get('/api/functions'), get('/api/stats?window=PT24H')]);
  } catch (e) {
    body.replaceChildren(errorBox(e));
    return;
  }
  if (!functions.length) {
    body.replaceChildren(emptyState('No functions yet',
      'Upload a Python file or write one in the editor, and map it to one or more topics.',
      h('a', { class: 'btn btn-primary', href: '#/functions/new', 'data-write': '' }, icon('plus'), 'Create your first function')));
    return;
  }
  const byName = new Map(stats.functions.map((s) => [s.function, s]));
  const rows = functions.map((f) => {
    const s = byName.get(f.name);
    const totals = s ? s.totals : null;
    const rate = totals ? totals.errorRate : null;
    return h('tr', { dataset: { function: f.name } },
      h('th', { scope: 'row' }, h('a', { class: 'fn-name', href: `#/functions/${enc(f.name)}` }, f.name)),
      h('td', { class: 'col-runtime', 'data-label': 'Runtime' }, h('span', { class: `runtime runtime-${f.runtime}` }, f.runtime)),
      h('td', { 'data-label': 'Topics' }, topicChips(f.topics)),
      h('td', { class: 'num', 'data-label': 'Version' }, `v${f.version}`),
      h('td', { class: 'col-last', 'data-label': 'Last run' }, ago(s ? s.lastInvocationAt : null)),
      h('td', { class: 'num col-count', 'data-label': 'Runs (24 h)' }, totals ? String(totals.invocations) : '0'),
      h('td', { class: 'num', 'data-label': 'Errors (24 h)' }, h('span', { class: rate > 0 ? 'rate rate-bad' : 'rate' }, percent(rate))),
      h('td', { class: 'actions' },
        f.runtime === 'python'
          ? h('a', { class: 'btn btn-small btn-ghost', href: `#/functions/${enc(f.name)}/edit`, 'aria-label': `Edit ${f.name}`, 'data-write': '' },
            icon('edit'), h('span', { class: 'label' }, 'Edit'))
          : null,
        h('button', {
          type: 'button', class: 'btn btn-small btn-ghost btn-danger-text', 'aria-label': `Delete ${f.name}`, 'data-write': '',
          onclick: () => deleteFunction(f.name, () => functionsPageReload(main)),
        }, icon('trash'), h('span', { class: 'label' }, 'Delete'))));
  });
  body.replaceChildren(h('div', { class: 'card table-card' }, h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-cards', id: 'functions-table' },
      h('caption', { class: 'sr-only' }, 'Functions'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'col-runtime' }, 'Runtime'),
        h('th', { scope: 'col' }, 'Topics'), h('th', { scope: 'col', class: 'num' }, 'Version'),
        h('th', { scope: 'col', class: 'col-last' }, 'Last invocation'),
        h('th', { scope: 'col', class: 'num col-count' }, 'Runs (24 h)'),
        h('th', { scope: 'col', class: 'num' }, 'Error rate (24 h)'),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', null, rows)))));
}

function functionsPageReload(main) {
  main.replaceChildren();
  return functionsPage(main);
}

/** Asks, then deletes; `after` runs once it is gone. */
export async function deleteFunction(name, after) {
  const ok = await confirmDialog({
    title: `Delete function ${name}?`,
    message: 'Every version of its code is deleted and it stops running. Its past invocations stay in the output logs.',
    confirmLabel: 'Delete function',
    danger: true,
  });
  if (!ok) return;
  try {
    await del(`/api/functions/${enc(name)}`);
    toast(`Function ${name} deleted`);
    after();
  } catch (e) {
    toast(e.message, 'error');
  }
}
