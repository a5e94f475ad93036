// Replays: a function version run again over a topic's retained events, with its own records, a
// progress bar while it runs, and cancel. Start one from the form; the list follows every second.
import { h, icon } from '../dom.js';
import { get, post, enc } from '../api.js';
import {
  pageHeader, errorBox, emptyState, loading, showError, field, toast, formatTime, fromLocalInput, every,
} from '../ui.js';

export async function replaysPage(main) {
  main.append(pageHeader('Replays',
    'Run a function again over a topic\'s retained events: its own records, the live offsets untouched.'));
  let topics = [];
  let functions = [];
  try {
    [topics, functions] = await Promise.all([get('/api/topics'), get('/api/functions')]);
  } catch (e) {
    main.append(errorBox(e));
    return undefined;
  }
  main.append(startForm(topics, functions, () => refresh()));
  const listSlot = h('div', { id: 'replay-list' }, loading());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'replays-h' },
    h('h2', { id: 'replays-h' }, 'Replays'), listSlot));
  const refresh = async () => {
    const replays = await get('/api/replays');
    listSlot.replaceChildren(replays.length ? replayTable(replays, refresh)
      : emptyState('No replays yet', 'Start one above: it runs the chosen version over the events the topic keeps.'));
  };
  try {
    await refresh();
  } catch (e) {
    listSlot.replaceChildren(errorBox(e));
  }
  return every(1000, refresh);
}

function startForm(topics, functions, started) {
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const name = h('input', { type: 'text', id: 'replay-name', autocomplete: 'off', placeholder: 'e.g. after the fix' });
  const topic = h('select', { id: 'replay-topic' }, topics.map((t) => h('option', { value: t.name }, t.name)));
  const fn = h('select', { id: 'replay-function' }, functions.map((f) => h('option', { value: f.name }, f.name)));
  const version = h('input', { type: 'number', id: 'replay-version', min: '1', placeholder: 'current' });
  const from = h('select', { id: 'replay-from-kind' },
    h('option', { value: 'earliest' }, 'the earliest retained event'),
    h('option', { value: 'offset' }, 'an offset'),
    h('option', { value: 'time' }, 'a time'));
  const offset = h('input', { type: 'number', id: 'replay-from-offset', min: '0', value: '0', hidden: true,
    'aria-label': 'Offset each partition starts at' });
  const time = h('input', { type: 'datetime-local', id: 'replay-from-time', hidden: true, 'aria-label': 'Start time' });
  const to = h('input', { type: 'datetime-local', id: 'replay-to' });
  from.addEventListener('change', () => {
    offset.hidden = from.value !== 'offset';
    time.hidden = from.value !== 'time';
  });
  const fnTopics = () => {
    const f = functions.find((x) => x.name === fn.value);
    if (f && f.topics.length && !f.topics.includes(topic.value)) topic.value = f.topics[0];
  };
  fn.addEventListener('change', fnTopics);
  fnTopics();
  const form = h('form', { class: 'card form', id: 'replay-form', novalidate: true, 'data-write': '' },
    h('h2', null, 'Start a replay'), errors,
    h('div', { class: 'grid-2' },
      field('Name', name, 'For people: what this replay is for.'),
      field('Function', fn, 'Its records are kept apart from the live ones.')),
    h('div', { class: 'grid-2' },
      field('Topic', topic, 'Whose retained events run again.'),
      field('Version', version, 'Empty: the current version.')),
    h('div', { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: 'replay-from-kind' }, 'Start at'), from, offset, time),
      field('Stop before', to, 'Empty: where each partition ends now; later events are the live dispatcher\'s.')),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'replay-start' }, icon('redo'), 'Start replay')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    if (!name.value.trim()) {
      showError(errors, { title: 'Missing information', message: 'Give the replay a name.' });
      errors.focus();
      return;
    }
    const body = { name: name.value.trim(), topic: topic.value, function: fn.value,
      version: version.value.trim() ? Number(version.value) : null,
      fromOffset: from.value === 'offset' ? Number(offset.value || 0) : null,
      from: from.value === 'time' ? fromLocalInput(time.value) || null : null,
      to: fromLocalInput(to.value) || null };
    try {
      const replay = await post('/api/replays', body);
      toast(`Replay ${replay.name} started: ${replay.total} event${replay.total === 1 ? '' : 's'}`);
      name.value = '';
      await started();
    } catch (err) {
      showError(errors, err);
      errors.focus();
    }
  });
  return form;
}

function replayTable(replays, refresh) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'replay-table' },
    h('thead', null, h('tr', null, ['Name', 'Function', 'Topic', 'Progress', 'Status', 'Started', ''].map((c) =>
      h('th', { scope: 'col' }, c)))),
    h('tbody', null, replays.map((r) => {
      const percent = r.total === 0 ? 100 : Math.min(100, Math.floor((r.done * 100) / r.total));
      return h('tr', { dataset: { id: r.id, status: r.status } },
        h('td', { 'data-label': 'Name' }, r.name),
        h('td', { 'data-label': 'Function' }, h('a', { href: `#/functions/${enc(r.function)}` }, r.function),
          h('span', { class: 'version-badge small' }, `v${r.version}`)),
        h('td', { 'data-label': 'Topic' }, h('a', { href: `#/topics/${enc(r.topic)}` }, r.topic)),
        h('td', { 'data-label': 'Progress', class: 'job' },
          h('progress', { max: '100', value: String(percent), 'aria-label': `${r.name}: ${percent}%` }),
          h('span', { class: 'replay-progress' }, `${r.done} of ${r.total} · ${r.failed} failed · ${r.rate}/s`)),
        h('td', { 'data-label': 'Status' }, h('span', { class: `tag replay-${r.status.toLowerCase()}` }, r.status),
          r.error ? h('span', { class: 'muted' }, ` ${r.error}`) : null),
        h('td', { 'data-label': 'Started' }, formatTime(r.startedAt)),
        h('td', { 'data-label': '' }, r.status === 'RUNNING'
          ? h('button', { type: 'button', class: 'btn btn-small btn-secondary', 'data-write': '',
            onclick: async () => {
              await post(`/api/replays/${enc(r.id)}/cancel`, {});
              toast(`Cancelling ${r.name}`);
              await refresh();
            } }, 'Cancel')
          : null));
    }))));
}
