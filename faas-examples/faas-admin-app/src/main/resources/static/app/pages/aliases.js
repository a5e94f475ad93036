// A Python function's aliases on its page: which version each runs (with a canary and a shadow),
// which topics run which alias, moving an alias (a rollback is a move), and a shadow's comparison
// with its primary.
import { h, icon } from '../dom.js';
import { get, put, del, enc } from '../api.js';
import { errorBox, loading, percent, ms, statusBadge, jsonLine, confirmDialog, toast, showError } from '../ui.js';

const refresh = () => window.dispatchEvent(new HashChangeEvent('hashchange'));

/**
 * The function as a PUT body that changes nothing but its subscriptions (secrets left out keep their
 * values; a package is sent again as stored).
 */
async function withSubscriptions(fn, subscriptions) {
  const body = {
    runtime: fn.runtime, handler: fn.handler, topics: fn.topics, subscriptions,
    timeout: fn.timeout, maxAttempts: fn.maxAttempts, memoryLimitMb: fn.memoryLimitMb, executor: fn.executor,
    environment: fn.environment, network: fn.network, ledgerRetention: fn.ledgerRetention,
    maxConcurrency: fn.maxConcurrency, onSuccess: fn.onSuccess, onFailure: fn.onFailure,
    batchSize: fn.batchSize, batchWindow: fn.batchWindow, layers: (fn.layers || []).map((l) => l.split('@')[0]),
  };
  if (fn.packageDigest) {
    body.package = (await get(`/api/functions/${enc(fn.name)}/package?zip=true`)).zip;
  } else {
    body.source = fn.source;
  }
  return body;
}

function describe(a) {
  const parts = [`v${a.version}`];
  if (a.canary) parts.push(`${100 - a.canary.weight}% · v${a.canary.version} ${a.canary.weight}% (canary)`);
  return parts.join(' ');
}

export function aliasesSection(fn, versions) {
  const name = fn.name;
  const section = h('section', { class: 'card', 'aria-labelledby': 'aliases-h', id: 'fn-aliases' },
    h('h2', { id: 'aliases-h' }, 'Aliases'),
    h('p', { class: 'help' }, 'Each topic runs the version of an alias: latest (the newest version) unless it names another.'
      + ' Moving an alias changes what its topics run from their next event on; moving it back is a rollback.'
      + ' A canary sends a share of the event keys to a second version; a shadow version runs on the same events,'
      + ' its records kept apart and compared here. A shadow\'s side effects happen.'));
  const slot = h('div', null, loading());
  section.append(slot);
  const load = async () => {
    const aliases = await get(`/api/functions/${enc(name)}/aliases`);
    slot.replaceChildren(table(fn, aliases), subscriptionsForm(fn, aliases), aliasForm(fn, versions, aliases));
  };
  load().catch((e) => slot.replaceChildren(errorBox(e)));
  return section;
}

function table(fn, aliases) {
  const name = fn.name;
  const runBy = (alias) => (fn.subscriptions || []).filter((s) => (s.alias || 'latest') === alias).map((s) => s.topic);
  const comparison = h('div', { id: 'shadow-comparison' });
  const row = (a, latest) => h('tr', { dataset: { alias: a.name } },
    h('td', { 'data-label': 'Alias' }, h('code', null, a.name)),
    h('td', { 'data-label': 'Runs' }, latest ? `v${fn.version} (newest)` : describe(a)),
    h('td', { 'data-label': 'Shadow' }, a.shadowVersion ? `v${a.shadowVersion}` : '—'),
    h('td', { 'data-label': 'Topics' }, runBy(a.name).join(', ') || '—'),
    h('td', { class: 'actions' },
      a.shadowVersion ? h('button', {
        type: 'button', class: 'btn btn-small btn-ghost compare-shadow', 'aria-label': `Compare the shadow of ${a.name}`,
        onclick: () => showComparison(comparison, name, a.name),
      }, 'Compare shadow') : null,
      latest ? null : h('button', {
        type: 'button', class: 'btn btn-small btn-ghost btn-danger-text', 'data-write': '',
        'aria-label': `Delete alias ${a.name}`,
        onclick: async () => {
          const ok = await confirmDialog({ title: `Delete alias ${a.name}?`, message: 'Topics that run it must be moved to another alias first.', confirmLabel: 'Delete', danger: true });
          if (!ok) return;
          try {
            await del(`/api/functions/${enc(name)}/aliases/${enc(a.name)}`);
            toast(`Deleted alias ${a.name}`);
            refresh();
          } catch (e) {
            toast(e.message, 'error');
          }
        },
      }, icon('trash'), 'Delete')));
  return h('div', null, h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'aliases-table' },
    h('thead', null, h('tr', null, ...['Alias', 'Runs', 'Shadow', 'Topics'].map((c) => h('th', { scope: 'col' }, c)),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
    h('tbody', null, row({ name: 'latest' }, true), aliases.map((a) => row(a, false))))), comparison);
}

async function showComparison(slot, name, alias) {
  slot.replaceChildren(loading());
  try {
    const c = await get(`/api/functions/${enc(name)}/aliases/${enc(alias)}/shadow?limit=1000`);
    const side = (label, s) => h('tr', null, h('th', { scope: 'row' }, label),
      h('td', { 'data-label': 'Versions' }, s.versions.map((v) => `v${v}`).join(', ') || '—'),
      h('td', { class: 'num', 'data-label': 'Error rate' }, percent(s.errorRate)),
      h('td', { class: 'num', 'data-label': 'p50' }, ms(s.p50Millis)),
      h('td', { class: 'num', 'data-label': 'p95' }, ms(s.p95Millis)));
    slot.replaceChildren(
      h('h3', { class: 'sub-h' }, `Shadow v${c.shadowVersion} of ${alias}`),
      h('p', { id: 'shadow-summary' }, `${c.compared} ${c.compared === 1 ? 'event' : 'events'} compared: ${c.same} the same, ${c.different} different`
        + (c.unpaired ? `; ${c.unpaired} not comparable yet (a record missing or running)` : '') + '.'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'shadow-sides' },
        h('thead', null, h('tr', null, ...['', 'Versions', 'Error rate', 'p50', 'p95'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, side('Primary', c.primary), side('Shadow', c.shadow)))),
      c.differences.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'shadow-differences' },
        h('caption', { class: 'sub-h' }, 'Events whose outcome differs'),
        h('thead', null, h('tr', null, ...['Event', 'Primary', 'Shadow'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, c.differences.map((d) => h('tr', null,
          h('td', { 'data-label': 'Event' }, h('a', { href: `#/invocations/${enc(d.invocationId)}` }, h('code', { class: 'break-anywhere' }, d.eventId))),
          h('td', { 'data-label': 'Primary' }, statusBadge(d.primaryStatus), ' ', `v${d.primaryVersion} `,
            h('code', { class: 'cell-json' }, d.primaryError || jsonLine(d.primaryResult, 60))),
          h('td', { 'data-label': 'Shadow' }, statusBadge(d.shadowStatus), ' ',
            h('code', { class: 'cell-json' }, d.shadowError || jsonLine(d.shadowResult, 60)))))))) : null);
  } catch (e) {
    slot.replaceChildren(errorBox(e));
  }
}

/** Which alias each topic runs; saving makes a new version with only that changed. */
function subscriptionsForm(fn, aliases) {
  if (!fn.topics.length) return null;
  const names = ['latest', ...aliases.map((a) => a.name)];
  const byTopic = new Map((fn.subscriptions || []).map((s) => [s.topic, s]));
  const selects = fn.topics.map((topic) => {
    const current = (byTopic.get(topic) || {}).alias || 'latest';
    return [topic, h('select', { id: `alias-of-${topic}`, 'aria-label': `Alias that topic ${topic} runs` },
      names.map((n) => h('option', { value: n, selected: n === current }, n)))];
  });
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const form = h('form', { class: 'alias-topics', id: 'alias-topics-form', 'data-write': '' },
    h('h3', { class: 'sub-h' }, 'Topics'),
    selects.map(([topic, select]) => h('label', { class: 'inline-label' }, `${topic} runs `, select)),
    h('div', null, h('button', { type: 'submit', class: 'btn btn-secondary btn-small', id: 'save-alias-topics' }, 'Save topics')), errors);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const subscriptions = selects.map(([topic, select]) => ({
      topic, filter: (byTopic.get(topic) || {}).filter || null, alias: select.value,
    }));
    try {
      const saved = await put(`/api/functions/${enc(fn.name)}`, await withSubscriptions(fn, subscriptions));
      toast(`${fn.name} is version ${saved.version}; its topics run the aliases chosen`);
      refresh();
    } catch (err) {
      showError(errors, err);
    }
  });
  return form;
}

/** Creates or moves an alias, with an optional canary and shadow. */
function aliasForm(fn, versions, aliases) {
  const options = (selected, none) => [none ? h('option', { value: '' }, none) : null,
    ...[...versions].reverse().map((v) => h('option', { value: String(v.version), selected: v.version === selected },
      `v${v.version}${v.version === fn.version ? ' (newest)' : ''}`))];
  const nameInput = h('input', { id: 'alias-name', type: 'text', placeholder: 'live', autocomplete: 'off', list: 'alias-names' });
  const versionSelect = h('select', { id: 'alias-version' }, options(fn.version));
  const canarySelect = h('select', { id: 'alias-canary' }, options(null, 'no canary'));
  const weightInput = h('input', { id: 'alias-canary-weight', type: 'number', min: '1', max: '99', placeholder: '10' });
  const shadowSelect = h('select', { id: 'alias-shadow' }, options(null, 'no shadow'));
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const fill = (a) => {
    nameInput.value = a.name;
    versionSelect.value = String(a.version);
    canarySelect.value = a.canary ? String(a.canary.version) : '';
    weightInput.value = a.canary ? String(a.canary.weight) : '';
    shadowSelect.value = a.shadowVersion ? String(a.shadowVersion) : '';
  };
  nameInput.addEventListener('change', () => {
    const known = aliases.find((a) => a.name === nameInput.value.trim());
    if (known) fill(known);
  });
  const form = h('form', { class: 'alias-form', id: 'alias-form', 'data-write': '' },
    h('h3', { class: 'sub-h' }, 'Set or move an alias'),
    h('datalist', { id: 'alias-names' }, aliases.map((a) => h('option', { value: a.name }))),
    h('div', { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: 'alias-name' }, 'Alias'), nameInput),
      h('div', { class: 'field' }, h('label', { for: 'alias-version' }, 'Version'), versionSelect)),
    h('div', { class: 'grid-2' },
      h('div', { class: 'field' }, h('label', { for: 'alias-canary' }, 'Canary version'), canarySelect),
      h('div', { class: 'field' }, h('label', { for: 'alias-canary-weight' }, 'Canary share of event keys, %'), weightInput)),
    h('div', { class: 'field' }, h('label', { for: 'alias-shadow' }, 'Shadow version'), shadowSelect),
    h('div', null, h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: 'save-alias' }, 'Save alias')), errors);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    const alias = nameInput.value.trim();
    if (!alias) {
      showError(errors, { title: 'Missing information', message: 'Give the alias a name, such as live.' });
      return;
    }
    const body = { version: Number(versionSelect.value) };
    if (canarySelect.value) body.canary = { version: Number(canarySelect.value), weight: weightInput.value ? Number(weightInput.value) : null };
    if (shadowSelect.value) body.shadowVersion = Number(shadowSelect.value);
    try {
      const saved = await put(`/api/functions/${enc(fn.name)}/aliases/${enc(alias)}`, body);
      toast(`Alias ${saved.name} runs ${describe(saved)}${saved.shadowVersion ? `, shadow v${saved.shadowVersion}` : ''}`);
      refresh();
    } catch (err) {
      showError(errors, err);
    }
  });
  return form;
}
