// One topic: its partitions with their offsets and the dispatchers' lag on each, the functions it
// triggers with their content filters, and its latest messages (read without joining a consumer group).
import { h, icon } from '../dom.js';
import { get, enc, query } from '../api.js';
import { pageHeader, errorBox, loading, emptyState, formatTime, every } from '../ui.js';

const LIMITS = [10, 20, 50, 100];

export async function topicPage(main, name) {
  let topic;
  try {
    topic = await get(`/api/topics/${enc(name)}`);
  } catch (e) {
    main.append(pageHeader(name, null), errorBox(e), h('p', null, h('a', { href: '#/topics' }, '← All topics')));
    return undefined;
  }
  main.append(pageHeader(h('span', { class: 'topic-name' }, topic.name),
    h('span', { class: 'meta-line' }, `${topic.partitions} partition${topic.partitions === 1 ? '' : 's'} · ordered by `,
      h('span', { class: 'tag' }, topic.ordering.toLowerCase())),
    h('a', { class: 'btn btn-primary', href: `#/publish${query({ topic: topic.name })}`, 'data-publish': '' }, icon('send'), 'Publish'),
    h('a', { class: 'btn btn-secondary', href: `#/logs${query({ topic: topic.name })}` }, icon('logs'), 'Output logs')));

  const partitionSlot = h('div', { id: 'topic-partitions' });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'partitions-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'partitions-h' }, 'Partitions'),
      h('span', { class: 'help', id: 'topic-lag' })),
    partitionSlot));
  const showPartitions = (t) => {
    document.getElementById('topic-lag').textContent = `Lag in all: ${t.lag} record${t.lag === 1 ? '' : 's'}`;
    partitionSlot.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards' },
      h('caption', { class: 'sr-only' }, 'Partitions'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Partition'), h('th', { scope: 'col', class: 'num' }, 'First offset'),
        h('th', { scope: 'col', class: 'num' }, 'Next offset'), h('th', { scope: 'col', class: 'num' }, 'Records kept'),
        h('th', { scope: 'col', class: 'num' }, 'Lag'))),
      h('tbody', null, t.partitionDetails.map((p) => h('tr', { dataset: { partition: String(p.partition) } },
        h('td', { 'data-label': 'Partition' }, String(p.partition)),
        h('td', { class: 'num', 'data-label': 'First offset' }, String(p.earliestOffset)),
        h('td', { class: 'num', 'data-label': 'Next offset' }, String(p.latestOffset)),
        h('td', { class: 'num', 'data-label': 'Records kept' }, String(p.latestOffset - p.earliestOffset)),
        h('td', { class: 'num partition-lag', 'data-label': 'Lag' }, p.lag === null ? h('span', { class: 'muted', title: 'No function reads it yet, or the dispatchers have not reported it' }, 'unknown')
          : h('span', { class: p.lag > 0 ? 'rate-bad' : null }, String(p.lag)))))))));
  };
  showPartitions(topic);

  main.append(h('section', { class: 'card', 'aria-labelledby': 'topic-fns-h' },
    h('h2', { id: 'topic-fns-h' }, 'Functions'),
    topic.functions.length ? h('ul', { class: 'topic-functions', id: 'topic-functions' }, topic.functions.map((f) =>
      h('li', { dataset: { function: f.name } },
        h('div', null, h('a', { class: 'fn-name', href: `#/functions/${enc(f.name)}` }, f.name),
          h('span', { class: 'version-badge small' }, `v${f.version}`),
          h('span', { class: 'muted' }, f.filter ? ' · runs for events that match its filter' : ' · runs for every event')),
        f.filter ? h('pre', { class: 'payload' }, JSON.stringify(f.filter, null, 2)) : null)))
      : h('p', { class: 'muted' }, 'No function is mapped to this topic: its events are stored, but nothing runs.')));

  const limitSelect = h('select', { id: 'messages-limit', 'aria-label': 'How many messages' },
    LIMITS.map((n) => h('option', { value: String(n), selected: n === 20 }, `latest ${n}`)));
  const refresh = h('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'messages-refresh' }, icon('redo'), 'Refresh');
  const messageSlot = h('div', { id: 'topic-messages' }, loading());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'messages-h' },
    h('div', { class: 'section-head' }, h('h2', { id: 'messages-h' }, 'Latest messages'),
      h('div', { class: 'page-actions' }, limitSelect, refresh)),
    messageSlot));
  const loadMessages = async () => {
    const messages = await get(`/api/topics/${enc(name)}/messages${query({ limit: limitSelect.value })}`);
    if (!messages.length) {
      messageSlot.replaceChildren(emptyState('No messages', 'Nothing has been published to this topic, or it has all expired.'));
      return;
    }
    messageSlot.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table table-compact table-cards', id: 'messages-table' },
      h('caption', { class: 'sr-only' }, 'Latest messages, newest first'),
      h('thead', null, h('tr', null, ['Time', 'Partition / offset', 'Key', 'Event', 'Value'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, messages.map((m) => h('tr', { class: 'message-row' },
        h('td', { 'data-label': 'Time' }, formatTime(m.timestamp)),
        h('td', { 'data-label': 'Partition / offset' }, `${m.partition} / ${m.offset}`),
        h('td', { 'data-label': 'Key' }, m.key === null ? h('span', { class: 'muted' }, 'none') : h('code', { class: 'break-anywhere' }, m.key)),
        h('td', { 'data-label': 'Event' }, m.eventId ? h('a', { href: `#/logs${query({ eventId: m.eventId })}`, class: 'break-anywhere', title: 'Its invocations' }, m.eventId)
          : h('span', { class: 'muted' }, '—')),
        h('td', { 'data-label': 'Value' }, h('code', { class: 'message-value' }, m.value === null ? 'null' : m.value),
          m.truncated ? h('span', { class: 'muted' }, ' (cut)') : null)))))));
  };
  const reloadMessages = () => loadMessages().catch((e) => messageSlot.replaceChildren(errorBox(e)));
  limitSelect.addEventListener('change', reloadMessages);
  refresh.addEventListener('click', reloadMessages);
  await reloadMessages();
  return every(5000, async () => showPartitions(await get(`/api/topics/${enc(name)}`)));
}
