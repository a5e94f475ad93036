// Audit (admin): who changed what, newest first, a page at a time.
import { h } from '../dom.js';
import { get, query } from '../api.js';
import { pageHeader, errorBox, emptyState, loading, formatTime } from '../ui.js';

export async function auditPage(main) {
  main.append(pageHeader('Audit', 'Every change through the API: who (the token), when, what, and the answer.'));
  const body = h('tbody', { id: 'audit-body' });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', id: 'audit-more', hidden: true }, 'Older entries');
  const slot = h('div', null, loading());
  main.append(slot);
  let cursor = null;

  const load = async () => {
    let page;
    try {
      page = await get(`/api/audit${query({ limit: 50, cursor })}`);
    } catch (e) {
      slot.replaceChildren(errorBox(e));
      return;
    }
    if (!cursor && !page.items.length) {
      slot.replaceChildren(emptyState('Nothing changed yet', 'Creating a topic, a function or a token is recorded here.'));
      return;
    }
    if (!cursor) {
      slot.replaceChildren(h('div', { class: 'card table-card' }, h('div', { class: 'table-wrap' },
        h('table', { class: 'table table-cards', id: 'audit-table' },
          h('caption', { class: 'sr-only' }, 'Audit log'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'),
            h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Target'), h('th', { scope: 'col', class: 'num' }, 'Status'))),
          body))), h('div', { class: 'form-actions' }, more));
    }
    body.append(...page.items.map((e) => h('tr', { class: 'audit-row', dataset: { status: String(e.status) } },
      h('td', { 'data-label': 'When' }, formatTime(e.at)),
      h('td', { 'data-label': 'Who' }, e.who),
      h('td', { 'data-label': 'What' }, h('code', { class: 'break-anywhere' }, `${e.method} ${e.path}`)),
      h('td', { 'data-label': 'Target', class: 'break-anywhere' }, e.target || h('span', { class: 'muted' }, '—')),
      h('td', { class: 'num', 'data-label': 'Status' }, h('span', { class: `tag ${e.status >= 400 ? 'badge-failed' : ''}` }, String(e.status))))));
    cursor = page.next;
    more.hidden = !cursor;
  };
  more.addEventListener('click', load);
  await load();
  return undefined;
}
