// One function: its numbers and chart over a chosen window, its code and version history, and its
// latest invocations.
import { h, icon } from '../dom.js';
import { get, post, enc, query } from '../api.js';
import {
  pageHeader, errorBox, loading, topicChips, ago, percent, ms, statusBadge, formatTime, jsonLine, emptyState, every,
  duration, runTime, invocationLink, confirmDialog, toast,
} from '../ui.js';
import { createEditor } from '../editor.js';
import { statsCharts } from '../chart.js';
import { deleteFunction } from './functions.js';
import { aliasesSection } from './aliases.js';
import { packageSection } from './function-package.js';

const WINDOWS = [['PT15M', '15 minutes'], ['PT1H', '1 hour'], ['PT24H', '24 hours'], ['P7D', '7 days']];

export async function functionDetail(main, name, params) {
  let fn;
  let versions;
  try {
    [fn, versions] = await Promise.all([get(`/api/functions/${enc(name)}`),
      get(`/api/functions/${enc(name)}/versions`)]);
  } catch (e) {
    main.append(pageHeader(name, null), errorBox(e),
      h('p', null, h('a', { href: '#/functions' }, '← All functions')));
    return undefined;
  }
  const python = fn.runtime === 'python';
  main.append(pageHeader(
    h('span', { class: 'title-with-badge' }, fn.name, h('span', { class: 'version-badge', id: 'current-version' }, `v${fn.version}`)),
    h('span', { class: 'meta-line' }, h('span', { class: `runtime runtime-${fn.runtime}` }, fn.runtime), ' · ',
      topicChips(fn.topics), ' · handler ', h('code', null, fn.handler), ' · timeout ', duration(fn.timeout),
      ' · ', `${fn.maxAttempts} attempt${fn.maxAttempts > 1 ? 's' : ''}`,
      fn.batchSize > 1 ? h('span', { id: 'fn-batching' }, ` · batches of ${fn.batchSize} (window ${duration(fn.batchWindow)})`) : null,
      fn.maxConcurrency ? ` · at most ${fn.maxConcurrency} at once` : null,
      fn.onSuccess ? h('span', { id: 'fn-on-success' }, ' · results to ', topicChips([fn.onSuccess])) : null,
      fn.onFailure ? h('span', { id: 'fn-on-failure' }, ' · failures to ', topicChips([fn.onFailure])) : null),
    python ? h('a', { class: 'btn btn-primary', href: `#/functions/${enc(name)}/edit`, id: 'edit-function', 'data-write': '' }, icon('edit'), 'Edit') : null,
    fn.topics.length ? h('a', { class: 'btn btn-secondary', href: `#/publish${query({ topic: fn.topics[0] })}`, 'data-publish': '' }, icon('send'), 'Publish') : null,
    h('button', { type: 'button', class: 'btn btn-secondary btn-danger-text', id: 'delete-function', 'data-write': '',
      onclick: () => deleteFunction(name, () => { location.hash = '#/functions'; }) }, icon('trash'), 'Delete')));

  // Numbers and charts
  const windowSelect = h('select', { id: 'stats-window', 'aria-label': 'Time window' },
    WINDOWS.map(([v, label]) => h('option', { value: v, selected: v === (params.window || 'PT1H') }, label)));
  const cards = h('div', { class: 'stat-cards' });
  const chartSlot = h('div', { class: 'chart-slot' }, loading());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'stats-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'stats-h' }, 'Activity'),
      h('label', { class: 'inline-label' }, 'Window ', windowSelect)),
    cards, chartSlot));
  let charts = null;
  let chartsWindow = null;
  const loadStats = async () => {
    const stats = await get(`/api/functions/${enc(name)}/stats${query({ window: windowSelect.value, buckets: 30 })}`);
    const t = stats.totals;
    cards.replaceChildren(
      stat('Invocations', String(t.invocations), stats.truncated ? 'at least (sampled)' : null),
      stat('Error rate', percent(t.errorRate), `${t.failed + t.timedOut} failed`, t.errorRate > 0 ? 'bad' : null),
      stat('p50 duration', ms(t.p50Ms)),
      stat('p95 duration', ms(t.p95Ms)),
      stat('Last invocation', ago(stats.lastInvocationAt)),
      stat('Filtered', String(stats.filtered || 0), 'events its filters kept from it'));
    if (charts && chartsWindow === windowSelect.value) {
      charts.update(stats);
      return;
    }
    const next = statsCharts(stats);
    chartSlot.replaceChildren(next.element);
    if (charts) charts.destroy();
    charts = next;
    chartsWindow = windowSelect.value;
  };
  windowSelect.addEventListener('change', () => loadStats().catch((e) => chartSlot.replaceChildren(errorBox(e))));
  loadStats().catch((e) => chartSlot.replaceChildren(errorBox(e)));

  // Content filters, one per filtered topic
  const filtered = (fn.subscriptions || []).filter((s) => s.filter);
  if (filtered.length) {
    main.append(h('section', { class: 'card', 'aria-labelledby': 'filters-h', id: 'fn-filters' },
      h('h2', { id: 'filters-h' }, 'Content filters'),
      h('p', { class: 'help' }, 'Events of these topics run the function only if they match; the others are counted as filtered.'),
      filtered.map((s) => h('div', { class: 'filter-shown' }, h('h3', { class: 'sub-h' }, s.topic),
        h('pre', { class: 'payload', id: `filter-of-${s.topic}` }, JSON.stringify(s.filter, null, 2))))));
  }

  // Environment and secret names (secret values are never sent to the browser)
  const env = Object.entries(fn.environment || {});
  const secrets = fn.secrets || [];
  main.append(h('section', { class: 'card', 'aria-labelledby': 'config-h', id: 'fn-config' },
    h('h2', { id: 'config-h' }, 'Environment and secrets'),
    !env.length && !secrets.length ? h('p', { class: 'muted' }, 'No environment variables or secrets.') : null,
    env.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'env-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Variable'), h('th', { scope: 'col' }, 'Value'))),
      h('tbody', null, env.map(([k, v]) => h('tr', null, h('td', { 'data-label': 'Variable' }, h('code', null, k)), h('td', { 'data-label': 'Value' }, h('code', { class: 'break-anywhere' }, v))))))) : null,
    secrets.length ? h('div', null, h('h3', { class: 'sub-h' }, 'Secrets'),
      h('ul', { class: 'secret-names', id: 'secret-names' }, secrets.map((n) => h('li', null, h('code', null, n), ' ',
        h('span', { class: 'muted' }, '(value hidden)'))))) : null));

  const packaged = packageSection(name, fn);
  if (packaged) main.append(packaged);

  // Code and versions
  const codeSection = h('section', { class: 'card', 'aria-labelledby': 'code-h' });
  main.append(codeSection);
  if (python) {
    const shown = h('span', { class: 'muted', id: 'code-version' }, `version ${fn.version}`);
    const host = h('div', { class: 'editor-host' });
    codeSection.append(h('div', { class: 'section-head' }, h('h2', { id: 'code-h' }, 'Code'), shown), host);
    const cm = createEditor(host, { value: fn.source, readOnly: true, label: `Code of ${name}`, minLines: 4 });
    const rows = [...versions].reverse().map((v) => h('tr', { dataset: { version: String(v.version) } },
      h('td', { class: 'num', 'data-label': 'Version' }, `v${v.version}`),
      h('td', { 'data-label': 'Saved' }, formatTime(v.createdAt)),
      h('td', { class: 'col-topics', 'data-label': 'Topics' }, topicChips(v.topics)),
      h('td', { 'data-label': 'Handler' }, h('code', null, v.handler)),
      h('td', { class: 'actions' }, h('button', {
        type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': `Show the code of version ${v.version}`,
        onclick: () => {
          cm.setValue(v.source);
          shown.textContent = v.version === fn.version ? `version ${v.version}` : `version ${v.version} (not current)`;
          host.scrollIntoView({ block: 'nearest' });
        },
      }, 'Show code'),
      v.version !== fn.version ? h('button', {
        type: 'button', class: 'btn btn-small btn-ghost', 'aria-label': `Compare version ${v.version} with the current one`,
        onclick: () => compare(v.version, fn.version),
      }, 'Compare') : null,
      v.version !== fn.version ? h('button', {
        type: 'button', class: 'btn btn-small btn-ghost rollback', 'data-write': '', 'aria-label': `Roll back to version ${v.version}`,
        onclick: () => rollback(v.version),
      }, icon('redo'), 'Roll back') : null)));
    const byVersion = new Map(versions.map((v) => [v.version, v]));
    const choose = (id, selected) => h('select', { id }, [...versions].reverse().map((v) =>
      h('option', { value: String(v.version), selected: v.version === selected }, `v${v.version}${v.version === fn.version ? ' (current)' : ''}`)));
    const leftSelect = choose('diff-left', Math.max(1, fn.version - 1));
    const rightSelect = choose('diff-right', fn.version);
    const diffSlot = h('div', { id: 'version-diff' });
    const compare = (left, right) => {
      leftSelect.value = String(left);
      rightSelect.value = String(right);
      diffSlot.replaceChildren(versionDiff(byVersion.get(left), byVersion.get(right)));
      diffSlot.scrollIntoView({ block: 'nearest' });
    };
    const rollback = async (version) => {
      const ok = await confirmDialog({
        title: `Roll back ${name} to version ${version}?`,
        message: `Version ${version}'s code and settings are saved as version ${fn.version + 1}; secrets keep their current values.`,
        confirmLabel: 'Roll back',
      });
      if (!ok) return;
      try {
        const now = await post(`/api/functions/${enc(name)}/rollback`, { version });
        toast(`${name} is now version ${now.version}, the code of version ${version}`);
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } catch (e) {
        toast(e.message, 'error');
      }
    };
    for (const select of [leftSelect, rightSelect]) {
      select.addEventListener('change', () => compare(Number(leftSelect.value), Number(rightSelect.value)));
    }
    codeSection.append(h('h3', { class: 'sub-h' }, 'Version history'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'versions-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Saved'),
          h('th', { scope: 'col', class: 'col-topics' }, 'Topics'), h('th', { scope: 'col' }, 'Handler'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', null, rows))));
    if (versions.length > 1) {
      codeSection.append(h('h3', { class: 'sub-h', id: 'diff-h' }, 'Compare versions'),
        h('div', { class: 'diff-choice' }, h('label', { class: 'inline-label' }, 'Before ', leftSelect),
          h('label', { class: 'inline-label' }, 'After ', rightSelect)),
        diffSlot);
      compare(Number(leftSelect.value), Number(rightSelect.value));
    }
    main.append(aliasesSection(fn, versions));
  } else {
    codeSection.append(h('h2', { id: 'code-h' }, 'Code'),
      h('p', { class: 'muted' }, 'A Java function: its code lives in the host application (@FaasFunction).'));
  }

  // Latest invocations
  const invSlot = h('div', null, loading());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'inv-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'inv-h' }, 'Latest invocations'),
      h('a', { href: `#/logs${query({ function: name })}` }, 'All in output logs →')),
    invSlot));
  const loadInvocations = async () => {
    const page = await get(`/api/invocations${query({ function: name, limit: 10 })}`);
    if (!page.items.length) {
      invSlot.replaceChildren(emptyState('No invocations yet',
        fn.topics.length ? `Publish an event to ${fn.topics.join(' or ')} to run it.` : null,
        fn.topics.length ? h('a', { class: 'btn btn-secondary', href: `#/publish${query({ topic: fn.topics[0] })}` }, icon('send'), 'Publish an event') : null));
      return;
    }
    invSlot.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'fn-invocations' },
      h('thead', null, h('tr', null, ...['Time', 'Version', 'Status', 'Duration', 'Event', 'Result'].map((c) =>
        h('th', { scope: 'col' }, c)))),
      h('tbody', null, page.items.map((i) => h('tr', null,
        h('td', { 'data-label': 'Time' }, invocationLink(i, formatTime(i.queuedAt))), h('td', { class: 'num', 'data-label': 'Version' }, `v${i.version}`),
        h('td', { 'data-label': 'Status' }, statusBadge(i.status)),
        h('td', { class: 'num', 'data-label': 'Duration' }, runTime(i)), h('td', { 'data-label': 'Event' }, h('code', { class: 'cell-json' }, jsonLine(i.event, 60))),
        h('td', { 'data-label': 'Result' }, i.error ? h('span', { class: 'err-text' }, `${i.error.type}: ${i.error.message}`)
          : h('code', { class: 'cell-json' }, jsonLine(i.result, 60)))))))));
  };
  loadInvocations().catch((e) => invSlot.replaceChildren(errorBox(e)));
  const stop = every(5000, async () => {
    await Promise.all([loadInvocations(), loadStats()]);
  });
  return () => {
    stop();
    if (charts) charts.destroy();
  };
}

function stat(label, value, note, tone) {
  return h('div', { class: `stat${tone ? ` stat-${tone}` : ''}` },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    note ? h('div', { class: 'stat-note' }, note) : null);
}

/** The settings that differ between two versions, then their code side by side. */
function versionDiff(left, right) {
  if (!left || !right) return h('p', { class: 'muted' }, 'Choose two versions.');
  const settings = [
    ['Handler', (v) => v.handler], ['Timeout', (v) => duration(v.timeout)], ['Attempts', (v) => String(v.maxAttempts)],
    ['Memory', (v) => `${v.memoryLimitMb} MB`], ['Topics', (v) => v.topics.join(', ') || 'none'],
    ['Filters', (v) => JSON.stringify((v.subscriptions || []).filter((s) => s.filter).map((s) => [s.topic, s.filter]))],
    ['Aliases run', (v) => (v.subscriptions || []).filter((s) => s.alias && s.alias !== 'latest').map((s) => `${s.topic}: ${s.alias}`).join(', ') || 'latest'],
    ['Environment', (v) => Object.entries(v.environment || {}).map(([k, x]) => `${k}=${x}`).join(', ') || 'none'],
    ['Secret names', (v) => (v.secrets || []).join(', ') || 'none'], ['Network', (v) => (v.network ? 'on' : 'off')],
    ['Max concurrency', (v) => (v.maxConcurrency ? String(v.maxConcurrency) : 'no limit')],
    ['On success', (v) => v.onSuccess || 'none'], ['On failure', (v) => v.onFailure || 'none'],
    ['Batches', (v) => (v.batchSize > 1 ? `${v.batchSize}, window ${duration(v.batchWindow)}` : 'one event per call')],
  ].filter(([, read]) => read(left) !== read(right));
  const lines = diffLines(left.source || '', right.source || '');
  return h('div', null,
    settings.length ? h('table', { class: 'table table-compact table-cards', id: 'settings-diff' },
      h('caption', { class: 'sr-only' }, 'Settings that changed'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Setting'), h('th', { scope: 'col' }, `v${left.version}`),
        h('th', { scope: 'col' }, `v${right.version}`))),
      h('tbody', null, settings.map(([label, read]) => h('tr', null, h('th', { scope: 'row' }, label),
        h('td', { 'data-label': `v${left.version}`, class: 'diff-old break-anywhere' }, read(left)),
        h('td', { 'data-label': `v${right.version}`, class: 'diff-new break-anywhere' }, read(right))))))
      : h('p', { class: 'muted' }, 'Same settings.'),
    lines === null ? h('p', { class: 'muted' }, 'The code is too long to compare here.')
      : h('div', { class: 'diff', role: 'table', 'aria-label': `Code of v${left.version} beside v${right.version}` },
        h('div', { class: 'diff-row diff-head', role: 'row' }, h('span', { role: 'columnheader', class: 'diff-side' }, `v${left.version}`),
          h('span', { role: 'columnheader', class: 'diff-side' }, `v${right.version}`)),
        lines.map(([kind, a, b]) => h('div', { class: `diff-row diff-${kind}`, role: 'row' },
          h('span', { role: 'cell', class: 'diff-side' }, a === null ? '' : h('span', null, h('span', { class: 'diff-no' }, String(a.no)), a.text)),
          h('span', { role: 'cell', class: 'diff-side' }, b === null ? '' : h('span', null, h('span', { class: 'diff-no' }, String(b.no)), b.text))))));
}

/**
 * Two texts line by line as rows [kind, left, right]: 'same' lines side by side, 'changed' where a
 * removed line faces an added one, else 'removed' or 'added'. From the longest common subsequence;
 * null beyond 2,000 lines a side.
 */
function diffLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > 2000 || b.length > 2000) return null;
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows = [];
  let removed = [];
  let added = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const l = removed[k] || null;
      const r = added[k] || null;
      rows.push([l && r ? 'changed' : l ? 'removed' : 'added', l, r]);
    }
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      rows.push(['same', { no: i + 1, text: a[i] }, { no: j + 1, text: b[j] }]);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      added.push({ no: j + 1, text: b[j] });
      j++;
    } else {
      removed.push({ no: i + 1, text: a[i] });
      i++;
    }
  }
  flush();
  return rows;
}
