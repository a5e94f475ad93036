// Publish (the old system's user site): pick a topic, write a JSON event, send it, and watch every
// function mapped to the topic report its result. Events can be saved by name for the topic or one
// of its functions and sent again later, like Lambda's saved test events.
import { h, icon } from '../dom.js';
import { get, post, put, del, enc, query } from '../api.js';
import {
  pageHeader, errorBox, showError, emptyState, loading, field, statusBadge, runTime, toast, confirmDialog, invocationLink,
} from '../ui.js';
import { createEditor } from '../editor.js';

const EXAMPLE = '{\n  "task": "hello",\n  "n": 1\n}\n';
const WAIT_MS = 60000;

/** Where JSON.parse stopped, as {line, column} (1-based), from V8's or Firefox's message. */
function jsonErrorPosition(text, message) {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
  }
  return null;
}

export async function publishPage(main, params) {
  main.append(pageHeader('Publish an event', 'Send JSON to a topic; every function mapped to it runs once for it.'));
  const slot = main.appendChild(h('div', null, loading()));
  let topics;
  try {
    topics = await get('/api/topics');
  } catch (e) {
    slot.replaceChildren(errorBox(e));
    return undefined;
  }
  if (!topics.length) {
    slot.replaceChildren(emptyState('No topics yet', 'Create a topic and map a function to it first.',
      h('a', { class: 'btn btn-primary', href: '#/topics' }, 'Create a topic')));
    return undefined;
  }
  const byName = new Map(topics.map((t) => [t.name, t]));
  const topicSelect = h('select', { id: 'publish-topic', name: 'topic', required: true },
    topics.map((t) => h('option', { value: t.name, selected: t.name === params.topic },
      `${t.name} (${t.functions.length} function${t.functions.length === 1 ? '' : 's'})`)));
  const keyInput = h('input', { type: 'text', id: 'publish-key', name: 'key', autocomplete: 'off',
    placeholder: 'optional', spellcheck: 'false' });
  const mapped = h('p', { class: 'help', id: 'mapped-functions', 'aria-live': 'polite' });
  const editorHost = h('div', { class: 'editor-host editor-json', id: 'json-editor' });
  const jsonStatus = h('p', { class: 'validation validation-ok', id: 'json-status', 'aria-live': 'polite' }, 'Valid JSON.');
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const send = h('button', { type: 'submit', class: 'btn btn-primary', id: 'publish-send' }, icon('send'), 'Send event');
  const savedSelect = h('select', { id: 'saved-events' });
  const savedName = h('input', { type: 'text', id: 'saved-name', autocomplete: 'off', placeholder: 'e.g. small order', maxlength: '64' });
  const savedTarget = h('select', { id: 'saved-target' });
  const saveButton = h('button', { type: 'button', class: 'btn btn-secondary', id: 'saved-save' }, 'Save event');
  const deleteSaved = h('button', { type: 'button', class: 'btn btn-secondary btn-danger-text', id: 'saved-delete', disabled: true },
    icon('trash'), 'Delete');
  const savedErrors = h('div', { class: 'inline-error' });
  const savedPanel = h('fieldset', { class: 'field saved-panel', id: 'saved-panel' },
    h('legend', null, 'Saved events'),
    field('Load', savedSelect, 'Events saved for this topic or its functions: choosing one puts it in the editor.'),
    h('div', { class: 'saved-row', 'data-write': '' },
      field('Name', savedName), field('For', savedTarget),
      h('div', { class: 'saved-actions' }, saveButton, deleteSaved)),
    savedErrors);
  const form = h('form', { class: 'card form', id: 'publish-form' },
    errors,
    h('div', { class: 'grid-2' },
      field('Topic', topicSelect),
      field('Key', keyInput, 'Events with the same key are handled in order.')),
    mapped,
    savedPanel,
    h('div', { class: 'field' },
      h('span', { class: 'label-like', id: 'event-label' }, 'Event (JSON)'),
      editorHost, jsonStatus,
      h('p', { class: 'help' }, 'Ctrl+Enter sends. Esc leaves the editor.')),
    h('div', { class: 'form-actions' }, send));
  const results = h('section', { class: 'results', id: 'publish-results', 'aria-live': 'polite', 'aria-labelledby': 'results-h' },
    h('h2', { id: 'results-h', class: 'sr-only' }, 'Results'),
    h('p', { class: 'results-placeholder' }, 'Send an event: each function it triggers reports its result here.'));
  slot.replaceChildren(h('div', { class: 'publish-layout' }, form, results));

  const showMapped = () => {
    const t = byName.get(topicSelect.value);
    mapped.replaceChildren(...(t.functions.length
      ? ['Runs: ', ...t.functions.flatMap((f, i) => [i ? ', ' : '', h('a', { href: `#/functions/${enc(f)}` }, f)])]
      : [h('span', { class: 'warn-text' }, 'No function is mapped to this topic: the event is stored, but nothing runs.')]));
  };
  topicSelect.addEventListener('change', showMapped);
  showMapped();

  // Saved events of the chosen topic and of each of its functions
  let saved = [];
  const loadSaved = async (selectId) => {
    const t = byName.get(topicSelect.value);
    savedTarget.replaceChildren(h('option', { value: `topic:${t.name}` }, `topic ${t.name}`),
      ...t.functions.map((f) => h('option', { value: `function:${f}` }, `function ${f}`)));
    try {
      const lists = await Promise.all([get(`/api/saved-events${query({ topic: t.name })}`),
        ...t.functions.map((f) => get(`/api/saved-events${query({ function: f })}`))]);
      saved = lists.flat();
      showError(savedErrors, null);
    } catch (e) {
      saved = [];
      // a publisher token may publish but not read saved events: the panel is not offered then
      savedPanel.hidden = e.status === 403;
      if (e.status !== 403) showError(savedErrors, e);
    }
    savedSelect.replaceChildren(h('option', { value: '' }, saved.length ? 'Choose a saved event…' : 'None saved yet'),
      ...saved.map((e) => h('option', { value: e.id, selected: e.id === selectId },
        e.topic ? e.name : `${e.name} (for ${e.function})`)));
    deleteSaved.disabled = !savedSelect.value;
  };
  const chosen = () => saved.find((e) => e.id === savedSelect.value);
  savedSelect.addEventListener('change', () => {
    const e = chosen();
    deleteSaved.disabled = !e;
    if (!e) return;
    cm.setValue(JSON.stringify(e.payload, null, 2));
    keyInput.value = e.key || '';
    savedName.value = e.name;
    savedTarget.value = e.topic ? `topic:${e.topic}` : `function:${e.function}`;
    toast(`Loaded ${e.name}`);
  });
  saveButton.addEventListener('click', async () => {
    showError(savedErrors, null);
    if (!checkJson()) {
      cm.focus();
      return;
    }
    const name = savedName.value.trim();
    if (!name) {
      savedName.focus();
      return;
    }
    const [kind, target] = [savedTarget.value.slice(0, savedTarget.value.indexOf(':')), savedTarget.value.slice(savedTarget.value.indexOf(':') + 1)];
    const body = { name, payload: JSON.parse(cm.getValue()), key: keyInput.value || null };
    const same = saved.find((e) => e.name === name && (kind === 'topic' ? e.topic === target : e.function === target));
    saveButton.disabled = true;
    try {
      const stored = same ? await put(`/api/saved-events/${enc(same.id)}`, body)
        : await post('/api/saved-events', { ...body, [kind]: target });
      toast(same ? `Saved over ${stored.name}` : `Saved ${stored.name}`);
      await loadSaved(stored.id);
    } catch (e) {
      showError(savedErrors, e);
    } finally {
      saveButton.disabled = false;
    }
  });
  deleteSaved.addEventListener('click', async () => {
    const e = chosen();
    if (!e) return;
    const ok = await confirmDialog({ title: `Delete saved event ${e.name}?`, message: 'Only the saved copy is deleted; nothing that was sent changes.',
      confirmLabel: 'Delete', danger: true });
    if (!ok) return;
    try {
      await del(`/api/saved-events/${enc(e.id)}`);
      toast(`Deleted ${e.name}`);
      savedName.value = '';
      await loadSaved();
    } catch (err) {
      showError(savedErrors, err);
    }
  });
  topicSelect.addEventListener('change', () => loadSaved());

  let errorMark = null;
  const cm = createEditor(editorHost, { value: EXAMPLE, mode: 'json', label: 'Event JSON', minLines: 8,
    onSubmit: () => form.requestSubmit() });
  cm.getWrapperElement().setAttribute('aria-labelledby', 'event-label');
  const checkJson = () => {
    if (errorMark) {
      errorMark.clear();
      errorMark = null;
    }
    const text = cm.getValue();
    if (!text.trim()) {
      jsonStatus.className = 'validation validation-error';
      jsonStatus.textContent = 'Write the event as JSON, for example {"n": 1}.';
      send.disabled = true;
      return false;
    }
    try {
      JSON.parse(text);
      jsonStatus.className = 'validation validation-ok';
      jsonStatus.textContent = 'Valid JSON.';
      send.disabled = false;
      return true;
    } catch (e) {
      const at = jsonErrorPosition(text, e.message);
      if (at) {
        const line = Math.min(at.line, cm.lineCount()) - 1;
        errorMark = cm.markText({ line, ch: Math.max(0, at.column - 1) }, { line, ch: at.column },
          { className: 'cm-diag cm-diag-error' });
      }
      jsonStatus.className = 'validation validation-error';
      // V8 appends "in JSON at position 16 (line 1 column 17)": the place is said once, in front
      const reason = e.message.replace(/\s*(in JSON )?at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
      jsonStatus.textContent = `Not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}: ${reason}`;
      send.disabled = true;
      return false;
    }
  };
  cm.on('change', checkJson);
  checkJson();
  await loadSaved();

  let stopWatching = () => {};
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    if (!checkJson()) {
      cm.focus();
      return;
    }
    const topic = byName.get(topicSelect.value);
    send.disabled = true;
    try {
      const receipt = await post(`/api/topics/${enc(topic.name)}/events${query({ key: keyInput.value })}`, cm.getValue());
      toast(`Sent to ${receipt.topic}`);
      stopWatching();
      stopWatching = watch(results, receipt, topic.functions, cm.getValue());
      results.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    } catch (err) {
      showError(errors, err);
      errors.focus();
    } finally {
      send.disabled = !checkJson();
    }
  });
  return () => stopWatching();
}

/** Shows one card per function and fills each in as its invocation reaches a final status. */
function watch(results, receipt, functions, payload) {
  const cards = new Map();
  const list = h('div', { class: 'result-cards' });
  results.replaceChildren(
    h('h2', { id: 'results-h' }, 'Results'),
    h('p', { class: 'receipt' }, 'Event ', h('code', { class: 'event-id' }, receipt.eventId), ' stored on ',
      h('strong', null, receipt.topic), ` partition ${receipt.partition}, offset ${receipt.offset}.`),
    h('pre', { class: 'payload' }, payload.trim()),
    list);
  if (!functions.length) {
    list.append(emptyState('Nothing ran', 'No function is mapped to this topic.'));
    return () => {};
  }
  for (const f of functions) {
    const card = h('article', { class: 'result-card pending', dataset: { function: f } },
      h('header', null, h('a', { class: 'fn-name', href: `#/functions/${enc(f)}` }, f), h('span', { class: 'badge badge-waiting' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), 'waiting')));
    cards.set(f, card);
    list.append(card);
  }
  const started = Date.now();
  let stopped = false;
  let timer = null;
  const poll = async () => {
    if (stopped) return;
    let page = null;
    try {
      page = await get(`/api/invocations${query({ eventId: receipt.eventId, limit: 100 })}`);
    } catch (e) {
      // try again on the next tick
    }
    let pending = 0;
    for (const f of functions) {
      const inv = page && page.items.find((i) => i.function === f);
      const card = cards.get(f);
      if (inv && inv.status !== 'RUNNING') {
        if (card.dataset.status !== inv.status) fill(card, inv);
      } else {
        pending++;
      }
    }
    if (!pending) return;
    if (Date.now() - started > WAIT_MS) {
      list.append(h('p', { class: 'help' }, 'Still running; the output logs show the results when they arrive.'));
      return;
    }
    timer = setTimeout(poll, 400);
  };
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function fill(card, inv) {
  card.classList.remove('pending');
  card.dataset.status = inv.status;
  card.dataset.version = String(inv.version);
  card.replaceChildren(...[
    h('header', null, h('a', { class: 'fn-name', href: `#/functions/${enc(inv.function)}` }, inv.function),
      h('span', { class: 'version-badge' }, `v${inv.version}`), statusBadge(inv.status),
      h('span', { class: 'muted' }, runTime(inv))),
    inv.error
      ? h('div', null, h('p', { class: 'err-text' }, `${inv.error.type}: ${inv.error.message}`),
        inv.error.traceback ? h('details', null, h('summary', null, 'Traceback'), h('pre', { class: 'traceback' }, inv.error.traceback)) : null)
      : h('pre', { class: 'result' }, JSON.stringify(inv.result, null, 2)),
    inv.logs ? h('details', null, h('summary', null, 'Logs'), h('pre', { class: 'logs' }, inv.logs)) : null,
    h('p', { class: 'small-link' }, invocationLink(inv, 'Attempts and details →'), ' · ',
      h('a', { href: `#/logs${query({ function: inv.function })}` }, 'In output logs →')),
  ].filter(Boolean)); // replaceChildren would show a null as the text "null"
}
