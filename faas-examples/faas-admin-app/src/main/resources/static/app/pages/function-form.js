// Create a function (upload a .py file like the old system's form, or write it in the editor) and
// edit one (a new version). Python is checked as you type; the server's problem detail and
// diagnostics are shown when it refuses.
import { h, icon, append } from '../dom.js';
import { get, post, put, api, enc } from '../api.js';
import { pageHeader, errorBox, showError, field, loading, toast, diagnosticList, durationInput } from '../ui.js';
import { createEditor, liveValidation, showDiagnostics } from '../editor.js';
import { filterSection } from '../filter-editor.js';

const STARTER = `def handler(event, context):
    context.logger.info("got %s", event)
    return {"echo": event}
`;

/** A checkbox list of topics with "create new topic" inline. */
function topicPicker(topics, selected) {
  const list = h('div', { class: 'checks', id: 'topic-checks' });
  const addBox = (name, checked) => {
    const id = `pick-topic-${name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    list.append(h('label', { class: 'check', for: id },
      h('input', { type: 'checkbox', id, name: 'topics', value: name, checked }),
      h('span', null, name)));
  };
  topics.forEach((t) => addBox(t.name, selected.includes(t.name)));
  const empty = h('p', { class: 'help', hidden: topics.length > 0 }, 'No topics yet: create one below.');
  const newName = h('input', { type: 'text', id: 'new-topic-name', autocomplete: 'off', placeholder: 'e.g. orders',
    'aria-label': 'New topic name' });
  const error = h('div', { class: 'inline-error' });
  const create = async () => {
    const name = newName.value.trim();
    if (!name) {
      newName.focus();
      return;
    }
    try {
      await post('/api/topics', { name });
      addBox(name, true);
      empty.hidden = true;
      newName.value = '';
      showError(error, null);
      toast(`Topic ${name} created`);
    } catch (e) {
      showError(error, e);
    }
  };
  newName.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      // Enter here creates the topic rather than submitting the whole form
      e.preventDefault();
      create();
    }
  });
  const fieldset = h('fieldset', { class: 'field' },
    h('legend', null, 'Topics'),
    h('p', { class: 'help' }, 'The function runs for every event published to any of these, or with a content filter below only for those that match it.'),
    list, empty,
    h('div', { class: 'new-topic' },
      newName,
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'create-topic-inline', onclick: create },
        icon('plus'), 'Create new topic')),
    error);
  fieldset.selected = () => [...list.querySelectorAll('input:checked')].map((i) => i.value);
  return fieldset;
}

const VARIABLE = '[A-Za-z_][A-Za-z0-9_]{0,127}';

/**
 * Environment variables (name and value, shown) and secrets (names shown; values write-only, typed in
 * password inputs that start empty). A stored secret keeps its value unless a new one is typed or it
 * is marked for removal.
 */
function configEditor(environment, secretNames) {
  const envRows = h('div', { class: 'kv-rows', id: 'env-rows' });
  const secretRows = h('div', { class: 'kv-rows', id: 'secret-rows' });
  const envRow = (key = '', value = '') => {
    const row = h('div', { class: 'kv-row env-row' },
      h('input', { type: 'text', class: 'env-name', value: key, autocomplete: 'off', spellcheck: 'false',
        pattern: VARIABLE, placeholder: 'NAME', 'aria-label': 'Variable name' }),
      h('input', { type: 'text', class: 'env-value', value, autocomplete: 'off', spellcheck: 'false',
        placeholder: 'value', 'aria-label': 'Variable value' }),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': 'Remove variable',
        onclick: () => row.remove() }, icon('trash')));
    envRows.append(row);
  };
  const secretRow = (stored) => {
    const nameInput = h('input', { type: 'text', class: 'secret-name', value: stored || '', readOnly: !!stored,
      autocomplete: 'off', spellcheck: 'false', pattern: VARIABLE, placeholder: 'NAME', 'aria-label': 'Secret name' });
    const valueInput = h('input', { type: 'password', class: 'secret-value', autocomplete: 'new-password',
      placeholder: stored ? 'unchanged (type to replace)' : 'value', 'aria-label': stored ? `New value of ${stored}` : 'Secret value' });
    const row = h('div', { class: 'kv-row secret-row', dataset: stored ? { stored } : {} }, nameInput, valueInput,
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': stored ? `Remove secret ${stored}` : 'Remove secret',
        onclick: () => {
          if (stored) {
            row.classList.toggle('removed');
            row.dataset.removed = row.classList.contains('removed') ? 'true' : '';
            valueInput.disabled = row.classList.contains('removed');
          } else {
            row.remove();
          }
        } }, icon('trash')));
    secretRows.append(row);
  };
  Object.entries(environment || {}).forEach(([k, v]) => envRow(k, v));
  (secretNames || []).forEach((n) => secretRow(n));
  const fieldset = h('fieldset', { class: 'field', id: 'fn-config' },
    h('legend', { class: 'sr-only' }, 'Environment and secrets'),
    h('p', { class: 'help' }, 'The function reads both as environment variables (os.environ). Environment values are shown'
      + ' here and in the API; secret values are stored encrypted, never shown again, and replaced by *** in results and logs.'),
    h('h3', { class: 'sub-h' }, 'Environment variables'), envRows,
    h('button', { type: 'button', class: 'btn btn-small btn-secondary', id: 'add-env', onclick: () => envRow() },
      icon('plus'), 'Add variable'),
    h('h3', { class: 'sub-h' }, 'Secrets'), secretRows,
    h('button', { type: 'button', class: 'btn btn-small btn-secondary', id: 'add-secret', onclick: () => secretRow() },
      icon('plus'), 'Add secret'));
  fieldset.environment = () => {
    const out = {};
    envRows.querySelectorAll('.env-row').forEach((row) => {
      const key = row.querySelector('.env-name').value.trim();
      if (key) out[key] = row.querySelector('.env-value').value;
    });
    return out;
  };
  /** Secrets to set (name → value) and stored ones to remove (name → null); untouched ones are left out. */
  fieldset.secrets = () => {
    const out = {};
    secretRows.querySelectorAll('.secret-row').forEach((row) => {
      const key = row.querySelector('.secret-name').value.trim();
      const value = row.querySelector('.secret-value').value;
      if (!key) return;
      if (row.dataset.removed === 'true') out[key] = null;
      else if (value) out[key] = value;
    });
    return out;
  };
  return fieldset;
}

/**
 * Where outcomes go (onSuccess, onFailure topics), batches (size and window) and the concurrency
 * limit; {@code values()} gives them as the API takes them, {@code changed()} whether any is set.
 */
function deliveryEditor(topics, current) {
  const topicSelect = (id, value) => h('select', { id },
    h('option', { value: '' }, 'none'),
    topics.map((t) => h('option', { value: t.name, selected: t.name === value }, t.name)));
  const onSuccess = topicSelect('fn-on-success', current ? current.onSuccess : null);
  const onFailure = topicSelect('fn-on-failure', current ? current.onFailure : null);
  const batchSize = h('input', { type: 'number', id: 'fn-batch-size', min: '1', max: '10000',
    value: current && current.batchSize > 1 ? String(current.batchSize) : '', placeholder: '1' });
  const batchWindow = h('input', { type: 'text', id: 'fn-batch-window', autocomplete: 'off',
    value: current && current.batchSize > 1 ? durationInput(current.batchWindow) : '', placeholder: '0s' });
  const maxConcurrency = h('input', { type: 'number', id: 'fn-max-concurrency', min: '0', max: '10000',
    value: current && current.maxConcurrency ? String(current.maxConcurrency) : '', placeholder: 'no limit' });
  const fieldset = h('fieldset', { class: 'field', id: 'fn-delivery' },
    h('legend', { class: 'sr-only' }, 'Destinations, batches and concurrency'),
    h('h3', { class: 'sub-h' }, 'Destinations'),
    h('p', { class: 'help' }, 'Once an invocation is final, its result goes to the success topic and a failure document'
      + ' (error, attempts, event) to the failure topic, keyed by the event\'s key. A function on that topic makes a chain.'),
    h('div', { class: 'grid-2' },
      field('On success', onSuccess, 'Topic that receives what the function returns.'),
      field('On failure', onFailure, 'Topic that receives the failure document.')),
    h('h3', { class: 'sub-h' }, 'Batches'),
    h('p', { class: 'help' }, 'Above 1 the handler gets a list of events and returns a list of results in the same order:'
      + ' def handler(events, context). An exception in an event\'s place fails that event alone.'),
    h('div', { class: 'grid-2' },
      field('Batch size', batchSize, 'Most events per call, 1 to 10,000. Empty: 1, one event per call.'),
      field('Batch window', batchWindow, 'Longest a batch waits to fill, e.g. 200ms; at most 5s.')),
    h('h3', { class: 'sub-h' }, 'Concurrency'),
    field('Most at once', maxConcurrency, 'Invocations of this function running at once in one instance. Empty: no limit of its own.'));
  fieldset.values = () => ({
    onSuccess: onSuccess.value || null,
    onFailure: onFailure.value || null,
    batchSize: batchSize.value.trim() ? Number(batchSize.value) : null,
    batchWindow: batchWindow.value.trim() || null,
    maxConcurrency: maxConcurrency.value.trim() ? Number(maxConcurrency.value) : null,
  });
  fieldset.changed = () => Object.values(fieldset.values()).some((v) => v !== null);
  return fieldset;
}

export async function functionForm(main, name) {
  const editing = !!name;
  main.append(pageHeader(editing ? `Edit ${name}` : 'New function',
    editing ? 'Saving stores a new version; events read after it run the new code.'
      : 'A Python module that defines handler(event, context). Its return value is the result.'));
  const slot = main.appendChild(h('div', null, loading()));
  let topics;
  let current = null;
  try {
    [topics, current] = await Promise.all([get('/api/topics'),
      editing ? get(`/api/functions/${enc(name)}`) : Promise.resolve(null)]);
  } catch (e) {
    slot.replaceChildren(errorBox(e));
    return;
  }
  if (editing && current.runtime !== 'python') {
    slot.replaceChildren(errorBox({ title: 'Not editable here', message:
      `${name} is a Java function: it is registered in code by its host application (@FaasFunction).` }));
    return;
  }

  const form = h('form', { class: 'card form', id: 'function-form', novalidate: true });
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const nameInput = h('input', { type: 'text', name: 'name', id: 'fn-name', required: true, autocomplete: 'off',
    value: editing ? name : '', readOnly: editing, pattern: '[a-zA-Z][a-zA-Z0-9_-]{0,63}', spellcheck: 'false' });
  const handlerInput = h('input', { type: 'text', name: 'handler', id: 'fn-handler', autocomplete: 'off',
    value: current ? current.handler : 'handler', spellcheck: 'false' });
  const timeoutInput = h('input', { type: 'text', name: 'timeout', id: 'fn-timeout', autocomplete: 'off',
    value: current ? durationInput(current.timeout) : '', placeholder: '30s' });
  const attemptsInput = h('input', { type: 'number', name: 'maxAttempts', id: 'fn-attempts', min: '1', max: '100',
    value: current ? String(current.maxAttempts) : '', placeholder: '3' });
  const picker = topicPicker(topics, current ? current.topics : []);
  const config = configEditor(current ? current.environment : {}, current ? current.secrets : []);
  const filters = filterSection(picker, current ? current.subscriptions : []);
  const delivery = deliveryEditor(topics, current);

  // Source: a file (the old upload form, a .py or a .zip package) or the editor. Editing uses the
  // editor, or for a package a new .zip (none: the stored files again).
  const packaged = !!(current && current.packageDigest);
  let mode = editing && !packaged ? 'editor' : 'upload';
  const fileInput = h('input', { type: 'file', name: 'file', id: 'fn-file',
    accept: '.py,.zip,text/x-python,text/plain,application/zip' });
  const fileDiagnostics = h('div', { class: 'file-diagnostics', 'aria-live': 'polite' });
  const isZip = () => !!fileInput.files.length && /\.zip$/i.test(fileInput.files[0].name);
  const uploadPane = h('div', { class: 'source-pane', id: 'pane-upload' },
    field(packaged ? 'New package (.zip)' : 'Python file or package', fileInput, packaged
      ? 'A new zip of the package; left empty, the stored files are kept. The handler is module.function.'
      : 'A Python file (.py, UTF-8), or a zip of modules, data files and a requirements.txt: a package, whose'
        + ' handler is module.function such as main.handler. Every module is checked before it is stored.'),
    fileDiagnostics);
  const layersInput = h('input', { type: 'text', id: 'fn-layers', autocomplete: 'off', spellcheck: 'false',
    value: current ? (current.layers || []).map((l) => l.split('@')[0]).join(', ') : '', placeholder: 'none' });
  const editorHost = h('div', { class: 'editor-host', id: 'code-editor' });
  const validation = h('p', { class: 'validation validation-idle', id: 'validation-status', 'aria-live': 'polite' },
    'Checked as you type.');
  const loadFile = h('input', { type: 'file', id: 'fn-load-file', accept: '.py,text/x-python,text/plain',
    hidden: true, 'aria-label': 'Python file to load into the editor' });
  const editorPane = h('div', { class: 'source-pane', id: 'pane-editor' },
    h('div', { class: 'editor-head' },
      h('span', { class: 'label-like', id: 'code-label' }, 'Code'),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => loadFile.click() },
        icon('upload'), 'Load from file'),
      loadFile),
    editorHost,
    validation,
    h('p', { class: 'help' }, 'Tab indents; Esc leaves the editor; Ctrl+Enter saves.'));

  const tabs = editing ? null : h('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Source of the code' },
    ...[['upload', 'Upload a file'], ['editor', 'Write code']].map(([value, label]) =>
      h('label', { class: 'segment' },
        h('input', { type: 'radio', name: 'source-mode', value, checked: value === mode,
          onchange: () => setMode(value) }),
        h('span', null, label))));

  append(form, [errors,
    h('div', { class: 'grid-2' },
      field('Function name', nameInput, editing ? 'The name cannot change.' : 'Unique: letters, digits, - and _, starting with a letter.'),
      field('Handler', handlerInput, 'The function faas calls: def handler(event, context).')),
    picker,
    h('details', { class: 'advanced', open: filters.hasFilters() },
      h('summary', { id: 'filters-summary' }, 'Content filters'), filters),
    tabs ? h('div', { class: 'field' }, h('span', { class: 'label-like' }, 'Code'), tabs) : null,
    uploadPane, editorPane,
    h('details', { class: 'advanced', open: !!(current && (Object.keys(current.environment || {}).length
      || (current.secrets || []).length)) }, h('summary', { id: 'config-summary' }, 'Environment and secrets'), config),
    h('details', { class: 'advanced', open: delivery.changed() },
      h('summary', { id: 'delivery-summary' }, 'Destinations, batches and concurrency'), delivery),
    h('details', { class: 'advanced', open: !!layersInput.value },
      h('summary', { id: 'layers-summary' }, 'Layers'),
      field('Shared layers', layersInput, 'Names of layers (/api/layers), comma-separated, on sys.path after the'
        + ' code. Saving takes each layer\'s current content.')),
    h('details', { class: 'advanced' }, h('summary', { id: 'timing-summary' }, 'Timeout and retries'),
      h('div', { class: 'grid-2' },
        field('Timeout', timeoutInput, 'Longest run, e.g. 30s or 2m. Empty: the app default.'),
        field('Attempts', attemptsInput, 'Tries before the invocation is FAILED. Empty: the app default.'))),
    h('div', { class: 'form-actions' },
      h('a', { class: 'btn btn-secondary', href: editing ? `#/functions/${enc(name)}` : '#/functions' }, 'Cancel'),
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'fn-submit' },
        editing ? 'Save new version' : 'Create function'))]);
  slot.replaceChildren(form);

  const cm = createEditor(editorHost, { value: current ? current.source : STARTER, label: 'Python code',
    onSubmit: () => form.requestSubmit(), minLines: 14 });
  cm.getWrapperElement().setAttribute('aria-labelledby', 'code-label');
  const live = liveValidation(cm, validation, { handler: () => handlerInput.value.trim() });
  handlerInput.addEventListener('change', () => live.check());

  function setMode(value) {
    mode = value;
    uploadPane.hidden = value !== 'upload';
    editorPane.hidden = value !== 'editor';
    if (value === 'editor') {
      cm.refresh();
      live.check();
    }
  }
  setMode(mode);

  fileInput.addEventListener('change', async () => {
    fileDiagnostics.replaceChildren();
    const file = fileInput.files[0];
    if (!file) return;
    if (isZip()) {
      // a package: the server checks every module of it, and knows which are vendored
      fileDiagnostics.replaceChildren(h('p', { class: 'help' }, `${file.name}: a package; its modules are checked when it is saved.`));
      return;
    }
    try {
      const source = await file.text();
      const result = await post('/api/validate', { source, handler: handlerInput.value.trim() || 'handler' });
      fileDiagnostics.replaceChildren(result.diagnostics.length
        ? h('div', null, h('p', { class: 'help' }, `${file.name}:`), diagnosticList(result.diagnostics))
        : h('p', { class: 'validation validation-ok' }, `${file.name}: no problems found.`));
    } catch (e) {
      // the server checks again on submit and says why it refuses
    }
  });
  loadFile.addEventListener('change', async () => {
    const file = loadFile.files[0];
    if (file) {
      cm.setValue(await file.text());
      loadFile.value = '';
      live.check();
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    const chosen = picker.selected();
    const problems = [];
    if (!nameInput.value.trim()) problems.push('Give the function a name.');
    if (!chosen.length) problems.push('Choose at least one topic (or create one).');
    if (mode === 'upload' && !fileInput.files.length && !packaged) problems.push('Choose the Python file to upload.');
    let subscriptions = [];
    try {
      subscriptions = filters.subscriptions();
    } catch (problem) {
      problems.push(problem.message);
    }
    if (editing) {
      // which alias a topic runs is set on the function page: an edit keeps it
      const aliasOf = new Map((current.subscriptions || []).filter((s) => s.alias && s.alias !== 'latest')
        .map((s) => [s.topic, s.alias]));
      const byTopic = new Map(subscriptions.map((s) => [s.topic, s]));
      chosen.filter((topic) => aliasOf.has(topic)).forEach((topic) => {
        byTopic.set(topic, { ...(byTopic.get(topic) || { topic, filter: null }), alias: aliasOf.get(topic) });
      });
      subscriptions = [...byTopic.values()];
    }
    if (problems.length) {
      showError(errors, { title: 'Missing information', message: problems.join(' ') });
      errors.focus();
      return;
    }
    const submit = form.querySelector('#fn-submit');
    submit.disabled = true;
    submit.classList.add('busy');
    try {
      let saved;
      const layers = layersInput.value.split(',').map((l) => l.trim()).filter((l) => l);
      if (mode === 'upload' && !editing && !subscriptions.length && !delivery.changed() && !layers.length) {
        const data = new FormData();
        data.set('name', nameInput.value.trim());
        chosen.forEach((t) => data.append('topics', t));
        if (handlerInput.value.trim()) data.set('handler', handlerInput.value.trim());
        if (timeoutInput.value.trim()) data.set('timeout', timeoutInput.value.trim());
        if (attemptsInput.value.trim()) data.set('maxAttempts', attemptsInput.value.trim());
        Object.entries(config.environment()).forEach(([k, v]) => data.append('environment', `${k}=${v}`));
        Object.entries(config.secrets()).forEach(([k, v]) => { if (v !== null) data.append('secrets', `${k}=${v}`); });
        data.set('file', fileInput.files[0]);
        saved = await api('POST', '/api/functions', data);
      } else {
        // the upload form has no field for filters: a file with filters goes as JSON
        const code = {};
        if (mode === 'upload' && (isZip() || !fileInput.files.length)) {
          code.package = fileInput.files.length ? await base64(fileInput.files[0])
            : (await get(`/api/functions/${enc(name)}/package?zip=true`)).zip;
        } else {
          code.source = mode === 'upload' ? await fileInput.files[0].text() : cm.getValue();
        }
        const body = {
          name: nameInput.value.trim(), runtime: 'python', handler: handlerInput.value.trim() || null,
          topics: chosen, subscriptions, ...code, layers, timeout: timeoutInput.value.trim() || null,
          maxAttempts: attemptsInput.value.trim() ? Number(attemptsInput.value) : null,
          environment: config.environment(), secrets: config.secrets(), ...delivery.values(),
        };
        if (editing) {
          // a PUT replaces the spec: what this form does not show keeps its value
          Object.assign(body, { memoryLimitMb: current.memoryLimitMb, executor: current.executor,
            network: current.network, ledgerRetention: current.ledgerRetention });
        }
        saved = editing ? await put(`/api/functions/${enc(name)}`, body) : await post('/api/functions', body);
      }
      toast(editing ? `Saved ${saved.name} version ${saved.version}` : `Created ${saved.name}`);
      location.hash = `#/functions/${enc(saved.name)}`;
    } catch (err) {
      showError(errors, err);
      if (mode === 'editor' && err.diagnostics && err.diagnostics.length) showDiagnostics(cm, err.diagnostics);
      errors.focus();
    } finally {
      submit.disabled = false;
      submit.classList.remove('busy');
    }
  });
  if (!editing) nameInput.focus();
}

/** A file's bytes in base64, as the API takes a package. */
async function base64(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
