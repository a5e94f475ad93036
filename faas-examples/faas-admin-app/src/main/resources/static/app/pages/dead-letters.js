// Dead letters: the runs that failed or timed out for good, why (grouped by error type), and
// redrive of one, or of every record the filters select as a job with its progress.
import { h, icon } from '../dom.js';
import { get, post, enc, query } from '../api.js';
import {
  pageHeader, errorBox, emptyState, loading, statusBadge, formatTime, runTime, toast, confirmDialog, invocationLink,
  toLocalInput, fromLocalInput, timeZone, jsonLine,
} from '../ui.js';

const SHOWN = 50;
const DAY_MS = 24 * 3600 * 1000;

export async function deadLettersPage(main, params) {
  main.append(pageHeader('Dead letters', 'Runs that failed or timed out after every attempt: what, why, and redrive.'));
  let functions = [];
  try {
    functions = await get('/api/functions');
  } catch (e) {
    // the function filter stays a free choice
  }
  const now = Date.now();
  const filters = {
    function: params.function || '',
    from: params.from || new Date(now - DAY_MS).toISOString(),
    to: params.to || '',
    errorType: params.errorType || '',
  };
  const fnSelect = h('select', { id: 'dl-function' }, h('option', { value: '' }, 'All functions'),
    [...new Set([...functions.map((f) => f.name), filters.function].filter(Boolean))].sort()
      .map((n) => h('option', { value: n, selected: n === filters.function }, n)));
  const fromInput = h('input', { type: 'datetime-local', id: 'dl-from', value: toLocalInput(filters.from) });
  const toInput = h('input', { type: 'datetime-local', id: 'dl-to', value: toLocalInput(filters.to) });
  const typeInput = h('input', { type: 'text', id: 'dl-error-type', value: filters.errorType, placeholder: 'any', spellcheck: 'false', autocomplete: 'off' });
  const apply = h('button', { type: 'submit', class: 'btn btn-secondary', id: 'dl-apply' }, 'Apply');
  const form = h('form', { class: 'toolbar card', id: 'dl-filters' },
    h('div', { class: 'filter' }, h('label', { for: 'dl-function' }, 'Function'), fnSelect),
    h('div', { class: 'filter' }, h('label', { for: 'dl-from' }, 'From'), fromInput),
    h('div', { class: 'filter' }, h('label', { for: 'dl-to' }, 'To (empty: now)'), toInput),
    h('div', { class: 'filter' }, h('label', { for: 'dl-error-type' }, 'Error type'), typeInput),
    apply,
    h('p', { class: 'help toolbar-note' }, `Times in ${timeZone()}.`));
  const summary = h('section', { class: 'card', id: 'dl-summary', 'aria-labelledby': 'dl-summary-h' });
  const job = h('div', { id: 'dl-job', 'aria-live': 'polite' });
  const list = h('div', { id: 'dl-list' }, loading());
  main.append(form, summary, job, list);

  const selection = () => ({
    function: filters.function,
    from: filters.from,
    to: filters.to || new Date(Date.now() + 1000).toISOString(),
    errorType: filters.errorType,
  });

  const load = async () => {
    history.replaceState(null, '', `#/dead-letters${query(filters)}`);
    summary.replaceChildren(h('h2', { id: 'dl-summary-h' }, 'Why they failed'), loading());
    list.replaceChildren(loading());
    const sel = selection();
    try {
      const [preview, failed, timedOut] = await Promise.all([
        get(`/api/redrives/preview${query(sel)}`),
        get(`/api/invocations${query({ function: sel.function, from: sel.from, to: sel.to, status: 'FAILED', limit: SHOWN })}`),
        get(`/api/invocations${query({ function: sel.function, from: sel.from, to: sel.to, status: 'TIMED_OUT', limit: SHOWN })}`)]);
      showSummary(preview);
      const items = [...failed.items, ...timedOut.items]
        .filter((i) => !sel.errorType || (i.error && i.error.type === sel.errorType))
        .sort((a, b) => String(b.queuedAt).localeCompare(String(a.queuedAt))).slice(0, SHOWN);
      showList(items, preview.total);
    } catch (e) {
      summary.replaceChildren(h('h2', { id: 'dl-summary-h' }, 'Why they failed'), errorBox(e));
      list.replaceChildren();
    }
  };

  const showSummary = (preview) => {
    const types = Object.entries(preview.byErrorType).sort((a, b) => b[1] - a[1]);
    summary.replaceChildren(...[
      h('div', { class: 'section-head' }, h('h2', { id: 'dl-summary-h' }, 'Why they failed'),
        preview.total ? h('button', { type: 'button', class: 'btn btn-primary', id: 'dl-redrive-all', 'data-write': '',
          onclick: (e) => redriveAll(preview.total, e.currentTarget) }, icon('redo'), `Redrive all ${preview.total}`) : null),
      preview.total
        ? h('p', { id: 'dl-total' }, `${preview.total} record${preview.total === 1 ? '' : 's'} failed or timed out in this selection.`)
        : h('p', { id: 'dl-total', class: 'muted' }, 'Nothing failed in this selection.'),
      types.length ? h('ul', { class: 'error-types', id: 'dl-types' }, types.map(([type, count]) => h('li', null,
        h('button', { type: 'button', class: `chip chip-button${type === filters.errorType ? ' chip-on' : ''}`, 'aria-pressed': String(type === filters.errorType),
          onclick: () => {
            filters.errorType = type === filters.errorType ? '' : type;
            typeInput.value = filters.errorType;
            load();
          } }, h('span', { class: 'break-anywhere' }, type || '(no error)'), h('strong', null, ` ${count}`))))) : null,
    ].filter(Boolean));
  };

  const showList = (items, total) => {
    if (!items.length) {
      list.replaceChildren(emptyState('No dead letters', 'Change the time range or the filters above.'));
      return;
    }
    list.replaceChildren(...[
      total > items.length ? h('p', { class: 'help' }, `The ${items.length} newest of ${total}.`) : null,
      h('ul', { class: 'dead-letters', id: 'dl-items' }, items.map((i) => h('li', { class: 'dl-item card', dataset: { id: i.id, status: i.status } },
        h('div', { class: 'dl-head' },
          h('a', { class: 'fn-name', href: `#/functions/${enc(i.function)}` }, i.function),
          h('span', { class: 'version-badge small' }, `v${i.version}`), statusBadge(i.status),
          h('span', { class: 'muted' }, formatTime(i.queuedAt)),
          h('span', { class: 'muted' }, runTime(i))),
        h('p', { class: 'err-text break-anywhere dl-why' }, i.error ? `${i.error.type}: ${i.error.message}` : 'no error recorded'),
        h('p', { class: 'dl-event' }, h('span', { class: 'muted' }, 'Event '), h('code', { class: 'cell-json' }, jsonLine(i.event, 100))),
        h('div', { class: 'detail-actions' }, invocationLink(i, 'Details and attempts'),
          h('button', { type: 'button', class: 'btn btn-small btn-secondary redrive', 'data-write': '',
            onclick: (e) => redriveOne(i, e.currentTarget) }, icon('redo'), 'Redrive'))))),
    ].filter(Boolean));
  };

  const redriveOne = async (inv, button) => {
    button.disabled = true;
    try {
      await post(`/api/invocations/${enc(inv.id)}/redrive`);
      toast(`Redriving ${inv.function}`);
      button.closest('li').classList.add('redriven');
      button.replaceWith(h('span', { class: 'muted' }, 'redriven'));
    } catch (err) {
      button.disabled = false;
      toast(err.message, 'error');
    }
  };

  const redriveAll = async (total, button) => {
    const ok = await confirmDialog({
      title: `Redrive ${total} record${total === 1 ? '' : 's'}?`,
      message: 'Each runs again with the current version of its function, one after the other.',
      confirmLabel: 'Redrive all',
    });
    if (!ok) return;
    button.disabled = true;
    try {
      let state = await post('/api/redrives', selection());
      const bar = h('progress', { id: 'dl-progress', max: String(Math.max(1, state.total)), value: '0' });
      const text = h('span', { id: 'dl-progress-text' });
      job.replaceChildren(h('div', { class: 'card job' }, h('label', { for: 'dl-progress' }, 'Bulk redrive'), bar, text));
      const show = (s) => {
        bar.value = s.done;
        text.textContent = s.state === 'DONE'
          ? `Done: ${s.redriven} of ${s.total} redriven${s.failed ? `, ${s.failed} could not be (${s.failures.map((f) => f.detail).slice(0, 3).join('; ')})` : ''}.`
          : `${s.done} of ${s.total}…`;
      };
      show(state);
      while (state.state !== 'DONE') {
        await new Promise((r) => { setTimeout(r, 500); });
        if (!job.isConnected) return;
        state = await get(`/api/redrives/${enc(state.id)}`);
        show(state);
      }
      toast(`${state.redriven} record${state.redriven === 1 ? '' : 's'} redriven`);
      await load();
    } catch (err) {
      toast(err.message, 'error');
    } finally {
      button.disabled = false;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters.function = fnSelect.value;
    filters.from = fromLocalInput(fromInput.value) || new Date(Date.now() - DAY_MS).toISOString();
    filters.to = fromLocalInput(toInput.value);
    filters.errorType = typeInput.value.trim();
    load();
  });
  await load();
  return undefined;
}
