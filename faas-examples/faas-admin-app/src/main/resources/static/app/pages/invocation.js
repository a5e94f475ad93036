// One invocation on a page of its own (a permalink): every attempt on a timeline, its redrives,
// the event, and the chain it belongs to (the records of its root event).
import { h, icon } from '../dom.js';
import { get, post, enc, query } from '../api.js';
import {
  pageHeader, errorBox, loading, statusBadge, formatTime, ms, runTime, toast, every, invocationLink, emptyState,
} from '../ui.js';

const POLL_MS = 2000;

export async function invocationPage(main, id) {
  let inv;
  try {
    inv = await get(`/api/invocations/${enc(id)}`);
  } catch (e) {
    main.append(pageHeader('Invocation', null), errorBox(e),
      h('p', null, h('a', { href: '#/logs' }, '← Output logs')));
    return undefined;
  }
  const body = h('div', { id: 'invocation' });
  main.append(body);
  const render = (now) => {
    inv = now;
    body.replaceChildren(...content(now, redrive));
  };
  const redrive = async (button) => {
    button.disabled = true;
    try {
      render(await post(`/api/invocations/${enc(inv.id)}/redrive`));
      toast(`Redriving ${inv.function}`);
    } catch (err) {
      button.disabled = false;
      toast(err.message, 'error');
    }
  };
  render(inv);
  const chainSlot = h('div', { id: 'chain' }, loading());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'chain-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'chain-h' }, 'Chain'),
      h('span', { class: 'help' }, 'Every record of its chain: its first event\'s, and those of the events its functions sent on, by hop.')),
    chainSlot));
  const loadChain = async () => {
    const root = inv.rootEventId || inv.eventId;
    const page = await get(`/api/invocations${query({ eventId: root, limit: 100 })}`);
    chainSlot.replaceChildren(chain(page.items, inv));
  };
  loadChain().catch((e) => chainSlot.replaceChildren(errorBox(e)));
  return every(POLL_MS, async () => {
    if (inv.status !== 'RUNNING') return;
    render(await get(`/api/invocations/${enc(inv.id)}`));
    await loadChain();
  });
}

function content(inv, redrive) {
  const failed = inv.status === 'FAILED' || inv.status === 'TIMED_OUT';
  return [
    pageHeader(h('span', { class: 'title-with-badge' }, h('a', { href: `#/functions/${enc(inv.function)}` }, inv.function),
      h('span', { class: 'version-badge' }, `v${inv.version}`), h('span', { id: 'inv-status' }, statusBadge(inv.status))),
    h('span', { class: 'meta-line' }, 'Event ', h('code', { class: 'break-anywhere' }, inv.eventId), ' on ',
      h('a', { href: `#/topics/${enc(inv.topic)}` }, inv.topic), ` · ${formatTime(inv.queuedAt)}`),
    failed ? h('button', { type: 'button', class: 'btn btn-primary', id: 'inv-redrive', 'data-write': '',
      onclick: (e) => redrive(e.currentTarget) }, icon('redo'), 'Redrive') : null,
    h('a', { class: 'btn btn-secondary', href: `#/logs${query({ eventId: inv.eventId })}` }, icon('logs'), 'In output logs')),
    h('section', { class: 'card', 'aria-labelledby': 'summary-h' },
      h('h2', { id: 'summary-h', class: 'sr-only' }, 'Summary'),
      h('dl', { class: 'facts', id: 'inv-facts' },
        fact('Invocation', h('code', null, inv.id)),
        fact('Total time', h('span', { id: 'inv-total' }, runTime(inv))),
        fact('Attempts', String(inv.attempts)),
        fact('Executor', inv.executor || '—'),
        fact('Queued', formatTime(inv.queuedAt)),
        fact('Started', formatTime(inv.startedAt)),
        fact('Finished', formatTime(inv.finishedAt)),
        fact('Cold start', inv.coldStart ? 'yes' : 'no'),
        fact('Partition / offset', `${inv.partition} / ${inv.offset}`),
        fact('Key', inv.key === null ? h('span', { class: 'muted' }, 'none') : h('code', null, inv.key)),
        inv.rootEventId && inv.rootEventId !== inv.eventId ? fact('Root event', h('code', null, inv.rootEventId)) : null,
        inv.hops ? fact('Hops in its chain', String(inv.hops)) : null,
        inv.destination ? fact('Sent to', inv.destination.error
          ? h('span', { class: 'rate-bad', id: 'inv-destination' }, `${inv.destination.topic}: not sent (${inv.destination.error})`)
          : h('span', { id: 'inv-destination' }, h('a', { href: `#/topics/${enc(inv.destination.topic)}` }, inv.destination.topic),
            ` (partition ${inv.destination.partition}, offset ${inv.destination.offset})`)) : null,
        inv.batchId ? fact('Batch', h('code', { id: 'inv-batch' }, inv.batchId)) : null),
      h('div', { class: 'detail-grid' },
        h('div', null, h('h3', null, 'Event'), h('pre', { class: 'payload', id: 'inv-event' }, pretty(inv.event))),
        h('div', null, h('h3', null, inv.error ? 'Error' : 'Result'), inv.error
          ? h('pre', { class: 'err-pre', id: 'inv-error' }, `${inv.error.type}: ${inv.error.message}`)
          : h('pre', { class: 'result', id: 'inv-result' }, inv.status === 'RUNNING' ? 'running…' : pretty(inv.result)))),
      inv.error && inv.error.traceback ? h('div', null, h('h3', null, 'Traceback'), h('pre', { class: 'traceback' }, inv.error.traceback)) : null,
      h('div', null, h('h3', null, 'Logs', inv.logsTruncated ? h('span', { class: 'muted' }, ' (cut at the limit)') : null),
        inv.logs ? h('pre', { class: 'logs' }, inv.logs) : h('p', { class: 'muted' }, 'Nothing was printed or logged.'))),
    h('section', { class: 'card', 'aria-labelledby': 'timeline-h' },
      h('h2', { id: 'timeline-h' }, 'Attempts'),
      timeline(inv)),
    h('section', { class: 'card', 'aria-labelledby': 'redrives-h' },
      h('h2', { id: 'redrives-h' }, 'Redrives'),
      redrives(inv)),
  ];
}

/** Every attempt, oldest first, grouped by run (the first run, then each redrive). */
function timeline(inv) {
  const attempts = [...(inv.history || [])].sort((a, b) => a.redrive - b.redrive || a.number - b.number);
  if (!attempts.length) {
    return inv.status === 'RUNNING'
      ? h('p', { class: 'muted' }, 'The first attempt is running.')
      : h('p', { class: 'muted' }, 'This record keeps no attempt history.');
  }
  return h('ol', { class: 'timeline', id: 'inv-timeline' }, attempts.map((a) => h('li', {
    class: `tl-item tl-${String(a.status).toLowerCase()}`, dataset: { status: a.status, attempt: String(a.number), redrive: String(a.redrive) },
  },
  h('div', { class: 'tl-head' },
    h('strong', null, a.redrive ? `Redrive ${a.redrive}, attempt ${a.number}` : `Attempt ${a.number}`),
    statusBadge(a.status),
    h('span', { class: 'muted' }, ms(durationOf(a))),
    h('span', { class: 'muted' }, a.executor ? `on ${a.executor}` : null)),
  h('p', { class: 'tl-time muted' }, formatTime(a.startedAt), ' → ', formatTime(a.finishedAt)),
  a.error ? h('p', { class: 'err-text break-anywhere' }, `${a.error.type}: ${a.error.message}`) : null,
  a.error && a.error.traceback ? h('details', null, h('summary', null, 'Traceback'), h('pre', { class: 'traceback' }, a.error.traceback)) : null,
  a.logs ? h('details', null, h('summary', null, 'Logs', a.logsTruncated ? ' (cut)' : ''), h('pre', { class: 'logs' }, a.logs)) : null)),
  inv.status === 'RUNNING' ? h('li', { class: 'tl-item tl-running' }, h('div', { class: 'tl-head' },
    h('strong', null, 'Now'), statusBadge('RUNNING'))) : null);
}

function redrives(inv) {
  const list = inv.redrives || [];
  if (!list.length) return h('p', { class: 'muted' }, 'Never redriven.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'inv-redrives' },
    h('thead', null, h('tr', null, ['Redrive', 'Requested', 'Replaced', 'Its error', 'Its version'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, list.map((r) => h('tr', null,
      h('td', { 'data-label': 'Redrive' }, `#${r.number}`),
      h('td', { 'data-label': 'Requested' }, formatTime(r.requestedAt)),
      h('td', { 'data-label': 'Replaced' }, statusBadge(r.replacedStatus)),
      h('td', { 'data-label': 'Its error', class: 'break-anywhere' }, r.replacedError ? `${r.replacedError.type}: ${r.replacedError.message}` : '—'),
      h('td', { 'data-label': 'Its version' }, r.replacedVersion ? `v${r.replacedVersion}` : '—'))))));
}

function chain(items, current) {
  if (!items.length) return emptyState('No records', 'The ledger has no record of this event.');
  const sorted = [...items].sort((a, b) => (a.hops || 0) - (b.hops || 0)
    || String(a.queuedAt).localeCompare(String(b.queuedAt)));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'chain-table' },
    h('thead', null, h('tr', null, ['Function', 'Hop', 'Status', 'Queued', 'Time', 'Event'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, sorted.map((i) => h('tr', { class: i.id === current.id ? 'current' : null, dataset: { id: i.id } },
      h('td', { 'data-label': 'Function' }, i.id === current.id ? h('strong', null, `${i.function} (this one)`)
        : invocationLink(i, i.function), h('span', { class: 'version-badge small' }, `v${i.version}`)),
      h('td', { 'data-label': 'Hop' }, String(i.hops || 0)),
      h('td', { 'data-label': 'Status' }, statusBadge(i.status)),
      h('td', { 'data-label': 'Queued' }, formatTime(i.queuedAt)),
      h('td', { 'data-label': 'Time' }, runTime(i)),
      h('td', { 'data-label': 'Event' }, h('code', { class: 'break-anywhere' }, i.eventId)))))));
}

function durationOf(a) {
  return new Date(a.finishedAt).getTime() - new Date(a.startedAt).getTime();
}

function fact(label, value) {
  return h('div', { class: 'fact' }, h('dt', null, label), h('dd', null, value));
}

function pretty(value) {
  return value === undefined ? 'null' : JSON.stringify(value, null, 2);
}
