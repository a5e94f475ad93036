// Output logs (the old admin site's table: timestamp, function, user data, result), live: the
// first page is polled every two seconds while the tab is visible, new rows slide in, running
// rows turn final. Filters by function, topic, status, event id and time range, and searches
// results and errors; a row opens to its logs and traceback (and links to the invocation's own
// page), and a failed one can be redriven.
import { h, icon } from '../dom.js';
import { get, post, enc, query } from '../api.js';
import {
  pageHeader, errorBox, emptyState, loading, statusBadge, formatTime, jsonLine, runTime, toast, every, invocationLink,
  toLocalInput, fromLocalInput, timeZone,
} from '../ui.js';

const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'RUNNING'];
const PAGE = 50;
const POLL_MS = 2000;

export async function logsPage(main, params) {
  main.append(pageHeader('Output logs', 'Every function run, newest first: what it got and what it returned.'));
  const filters = {
    function: params.function || '', topic: params.topic || '', status: params.status || '',
    eventId: params.eventId || '', from: params.from || '', to: params.to || '', q: params.q || '',
  };
  let functions = [];
  let topics = [];
  try {
    [functions, topics] = await Promise.all([get('/api/functions'), get('/api/topics')]);
  } catch (e) {
    // the filters still work as free choices below; the table says what is wrong
  }
  const options = (all, chosen, label) => {
    const names = [...new Set([...all, chosen].filter(Boolean))].sort();
    return [h('option', { value: '' }, label), ...names.map((n) => h('option', { value: n, selected: n === chosen }, n))];
  };
  const fnSelect = h('select', { id: 'filter-function' }, options(functions.map((f) => f.name), filters.function, 'All functions'));
  const topicSelect = h('select', { id: 'filter-topic' }, options(topics.map((t) => t.name), filters.topic, 'All topics'));
  const statusSelect = h('select', { id: 'filter-status' }, h('option', { value: '' }, 'Any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s.replace('_', ' ').toLowerCase())));
  const eventInput = h('input', { type: 'text', id: 'filter-event', value: filters.eventId, placeholder: 'any', spellcheck: 'false', autocomplete: 'off' });
  const fromInput = h('input', { type: 'datetime-local', id: 'filter-from', value: toLocalInput(filters.from) });
  const toInput = h('input', { type: 'datetime-local', id: 'filter-to', value: toLocalInput(filters.to) });
  const searchInput = h('input', { type: 'search', id: 'filter-q', value: filters.q, placeholder: 'text in a result or error', spellcheck: 'false', autocomplete: 'off' });
  const live = h('input', { type: 'checkbox', id: 'live-toggle', checked: true });
  const liveDot = h('span', { class: 'live-dot', 'aria-hidden': 'true' });
  const toolbar = h('div', { class: 'toolbar card' },
    h('div', { class: 'filter' }, h('label', { for: 'filter-function' }, 'Function'), fnSelect),
    h('div', { class: 'filter' }, h('label', { for: 'filter-topic' }, 'Topic'), topicSelect),
    h('div', { class: 'filter' }, h('label', { for: 'filter-status' }, 'Status'), statusSelect),
    h('div', { class: 'filter' }, h('label', { for: 'filter-event' }, 'Event id'), eventInput),
    h('div', { class: 'filter' }, h('label', { for: 'filter-from' }, 'From'), fromInput),
    h('div', { class: 'filter' }, h('label', { for: 'filter-to' }, 'To'), toInput),
    h('div', { class: 'filter filter-wide' }, h('label', { for: 'filter-q' }, 'Search results and errors'), searchInput),
    h('label', { class: 'live-toggle', for: 'live-toggle' }, live, liveDot, 'Live'),
    h('p', { class: 'help toolbar-note', id: 'logs-note' }, `Times in ${timeZone()}.`));
  const note = toolbar.querySelector('#logs-note');
  const tableSlot = h('div', null, loading());
  const more = h('button', { type: 'button', class: 'btn btn-secondary', id: 'load-more', hidden: true }, 'Load older');
  main.append(toolbar, tableSlot, h('div', { class: 'more' }, more));

  const tbody = h('tbody', { id: 'logs-body' });
  const table = h('div', { class: 'card table-card' }, h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-logs', id: 'logs-table' },
      h('caption', { class: 'sr-only' }, 'Output logs'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'col-toggle' }, h('span', { class: 'sr-only' }, 'Details')),
        h('th', { scope: 'col' }, 'Timestamp'), h('th', { scope: 'col' }, 'Function'),
        h('th', { scope: 'col', class: 'col-topic' }, 'Topic'), h('th', { scope: 'col' }, 'User data'),
        h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num col-duration' }, 'Time'))),
      tbody)));

  const rows = new Map(); // id -> {row, detail, inv, open}
  let order = []; // ids newest first
  let cursor = null;
  let first = true;

  const setHash = () => {
    const q = query(filters);
    history.replaceState(null, '', `#/logs${q}`);
  };
  const apiQuery = (extra) => `/api/invocations${query({ ...filters, limit: PAGE, ...extra })}`;

  const render = (inv, isNew) => {
    const known = rows.get(inv.id);
    const open = known ? known.open : false;
    const row = h('tr', {
      class: `log-row${isNew ? ' fresh' : ''}${open ? ' open' : ''}`, tabindex: '0', dataset: { id: inv.id, status: inv.status, function: inv.function },
      'aria-expanded': String(open),
    },
      h('td', { class: 'col-toggle' }, icon('chevron')),
      h('td', { class: 'nowrap' }, h('time', { datetime: inv.queuedAt }, formatTime(inv.queuedAt))),
      h('td', null, h('a', { class: 'fn-name', href: `#/functions/${enc(inv.function)}` }, inv.function),
        h('span', { class: 'version-badge small' }, `v${inv.version}`)),
      h('td', { class: 'col-topic' }, inv.topic),
      h('td', { 'data-label': 'Data' }, h('code', { class: 'cell-json user-data' }, jsonLine(inv.event, 80))),
      h('td', { 'data-label': 'Result' }, inv.error ? h('span', { class: 'err-text result-cell' }, `${inv.error.type}: ${inv.error.message}`)
        : h('code', { class: 'cell-json result-cell' }, inv.status === 'RUNNING' ? '…' : jsonLine(inv.result, 80))),
      h('td', null, statusBadge(inv.status)),
      h('td', { class: 'num col-duration' }, runTime(inv)));
    const toggle = () => setOpen(inv.id, !rows.get(inv.id).open);
    row.addEventListener('click', (e) => {
      if (!e.target.closest('a')) toggle();
    });
    row.addEventListener('keydown', (e) => {
      if ((e.key === 'Enter' || e.key === ' ') && e.target === row) {
        e.preventDefault();
        toggle();
      }
    });
    const detail = h('tr', { class: 'log-detail', hidden: !open }, h('td', { colspan: '8' }, details(inv)));
    const entry = { row, detail, inv, open };
    if (known) {
      known.row.replaceWith(row);
      known.detail.replaceWith(detail);
    }
    rows.set(inv.id, entry);
    return entry;
  };

  const setOpen = (id, open) => {
    const e = rows.get(id);
    e.open = open;
    e.row.classList.toggle('open', open);
    e.row.setAttribute('aria-expanded', String(open));
    e.detail.hidden = !open;
  };

  const details = (inv) => h('div', { class: 'detail' },
    h('dl', { class: 'facts' },
      fact('Invocation', h('code', null, inv.id)), fact('Event id', h('code', null, inv.eventId)),
      fact('Key', inv.key === null ? h('span', { class: 'muted' }, 'none') : h('code', null, inv.key)),
      fact('Partition / offset', `${inv.partition} / ${inv.offset}`), fact('Attempts', String(inv.attempts)),
      fact('Executor', inv.executor || '—'), fact('Cold start', inv.coldStart ? 'yes' : 'no'),
      fact('Started', formatTime(inv.startedAt)), fact('Finished', formatTime(inv.finishedAt)),
      fact('Total time', runTime(inv)), fact('Permalink', invocationLink(inv, 'Attempts, redrives and chain →'))),
    h('div', { class: 'detail-grid' },
      h('div', null, h('h3', null, 'User data'), h('pre', { class: 'payload' }, pretty(inv.event))),
      h('div', null, h('h3', null, inv.error ? 'Error' : 'Result'), inv.error
        ? h('pre', { class: 'err-pre' }, `${inv.error.type}: ${inv.error.message}`)
        : h('pre', { class: 'result' }, inv.status === 'RUNNING' ? 'running…' : pretty(inv.result)))),
    inv.error && inv.error.traceback ? h('div', null, h('h3', null, 'Traceback'), h('pre', { class: 'traceback' }, inv.error.traceback)) : null,
    h('div', null, h('h3', null, 'Logs', inv.logsTruncated ? h('span', { class: 'muted' }, ' (cut at the limit)') : null),
      inv.logs ? h('pre', { class: 'logs' }, inv.logs) : h('p', { class: 'muted' }, 'Nothing was printed or logged.')),
    inv.status === 'FAILED' || inv.status === 'TIMED_OUT'
      ? h('div', { class: 'detail-actions', 'data-write': '' }, h('button', {
        type: 'button', class: 'btn btn-secondary redrive', onclick: (e) => redrive(inv, e.currentTarget),
      }, icon('redo'), 'Redrive'), h('span', { class: 'help' }, 'Runs the current version of the function again for this event.'))
      : null);

  const redrive = async (inv, button) => {
    button.disabled = true;
    try {
      const now = await post(`/api/invocations/${enc(inv.id)}/redrive`);
      toast(`Redriving ${inv.function}`);
      const e = render(now, false);
      e.row.classList.add('fresh');
      setOpen(now.id, true);
    } catch (err) {
      button.disabled = false;
      toast(err.message, 'error');
    }
  };

  const showTable = () => {
    if (!order.length) {
      const filtered = Object.values(filters).some(Boolean);
      tableSlot.replaceChildren(filtered
        ? emptyState('No invocations match these filters', 'Change or clear the filters above.')
        : emptyState('No invocations yet', 'Publish an event to a topic with functions, and each result appears here as it happens.',
          h('a', { class: 'btn btn-primary', href: '#/publish' }, icon('send'), 'Publish an event')));
      return;
    }
    if (!table.isConnected) tableSlot.replaceChildren(table);
  };

  const reload = async () => {
    rows.clear();
    order = [];
    tbody.replaceChildren();
    tableSlot.replaceChildren(loading());
    first = true;
    try {
      await refresh();
    } catch (e) {
      tableSlot.replaceChildren(errorBox(e));
    }
  };

  /** Fetches the first page: new ids go on top, known ones are redrawn when they changed. */
  const refresh = async () => {
    const page = await get(apiQuery());
    const fresh = [];
    for (const inv of page.items) {
      const known = rows.get(inv.id);
      if (!known) {
        fresh.push(inv);
      } else if (known.inv.status !== inv.status || known.inv.attempts !== inv.attempts) {
        render(inv, true);
      }
    }
    // newest first: insert the fresh ones above the rows already shown, in page order
    const anchor = tbody.firstChild;
    for (const inv of fresh) {
      const e = render(inv, !first);
      tbody.insertBefore(e.row, anchor);
      tbody.insertBefore(e.detail, anchor);
    }
    order = [...fresh.map((i) => i.id), ...order];
    if (first) {
      cursor = page.next;
      more.hidden = !cursor;
      note.textContent = filters.q && page.scanned !== undefined
        ? (page.complete ? `Searched all ${page.scanned} records.` : `Searched the ${page.scanned} newest records; Load older searches on.`)
        : `Times in ${timeZone()}.`;
    }
    first = false;
    showTable();
  };

  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      const page = await get(apiQuery({ cursor }));
      for (const inv of page.items) {
        if (rows.has(inv.id)) continue;
        const e = render(inv, false);
        tbody.append(e.row, e.detail);
        order.push(inv.id);
      }
      cursor = page.next;
      more.hidden = !cursor;
    } catch (e) {
      toast(e.message, 'error');
    } finally {
      more.disabled = false;
    }
  });

  for (const [select, key] of [[fnSelect, 'function'], [topicSelect, 'topic'], [statusSelect, 'status']]) {
    select.addEventListener('change', () => {
      filters[key] = select.value;
      setHash();
      reload();
    });
  }
  // text and times apply when they change (Enter or leaving the field), not at every key
  for (const [input, key, read] of [[eventInput, 'eventId', (v) => v.trim()], [searchInput, 'q', (v) => v.trim()],
    [fromInput, 'from', fromLocalInput], [toInput, 'to', fromLocalInput]]) {
    const apply = () => {
      const value = read(input.value);
      if (value === filters[key]) return;
      filters[key] = value;
      setHash();
      reload();
    };
    input.addEventListener('change', apply);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') apply();
    });
  }
  live.addEventListener('change', () => toolbar.classList.toggle('paused', !live.checked));

  await reload();
  const stop = every(POLL_MS, async () => {
    if (live.checked && !filters.q) await refresh();
  });
  return stop;
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
}

/** As JSON, so the string "3" and the number 3 look different, as in the table. */
function pretty(value) {
  return value === undefined ? 'null' : JSON.stringify(value, null, 2);
}
