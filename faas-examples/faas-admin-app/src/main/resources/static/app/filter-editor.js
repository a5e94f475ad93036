// Content filters of a function: one EventBridge pattern per chosen topic, each with a dry run that
// matches it on the server (POST /api/filters/test) against the topic's latest events, as the ledger
// has them, or against events pasted as a JSON array.
import { h, icon } from './dom.js';
import { get, post, query } from './api.js';
import { showError } from './ui.js';

/** Most recent events a dry run takes from the ledger. */
const LATEST = 20;

const slug = (topic) => topic.replace(/[^a-zA-Z0-9_-]/g, '_');

/** JSON text to a value, or an error that says which box holds what is not JSON. */
function parse(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw { title: 'Not JSON', message: `${what} is not JSON: ${e.message}` };
  }
}

/** The topic's latest distinct events from the ledger, each with its key as "$key" when it has one. */
async function latestEvents(topic) {
  const page = await get(`/api/invocations${query({ topic, limit: 100 })}`);
  const seen = new Set();
  const events = [];
  for (const i of page.items || []) {
    if (seen.has(i.eventId) || events.length >= LATEST) continue;
    seen.add(i.eventId);
    const event = i.event && typeof i.event === 'object' && !Array.isArray(i.event) && i.key !== null
      ? { ...i.event, $key: i.key } : i.event;
    events.push(event);
  }
  return events;
}

function editorFor(topic, pattern) {
  const id = slug(topic);
  const text = h('textarea', { class: 'filter-text mono', id: `filter-${id}`, rows: '4', spellcheck: 'false',
    placeholder: '{"type": ["created"], "amount": [{"numeric": [">", 100]}]}', 'aria-label': `Filter of ${topic}` });
  text.value = pattern ? JSON.stringify(pattern, null, 2) : '';
  const pasted = h('textarea', { class: 'filter-events mono', id: `filter-events-${id}`, rows: '3', spellcheck: 'false',
    placeholder: '[{"type": "created", "amount": 120, "$key": "order-1", "$headers": {"source": "web"}}]',
    'aria-label': `Events to test the filter of ${topic} against` });
  const results = h('div', { class: 'dry-run-results', id: `dry-run-results-${id}`, 'aria-live': 'polite' });
  const error = h('div', { class: 'inline-error' });
  const run = async () => {
    showError(error, null);
    results.replaceChildren();
    try {
      const filter = text.value.trim() ? parse(text.value, `The filter of ${topic}`) : {};
      const events = pasted.value.trim() ? parse(pasted.value, 'The pasted events') : await latestEvents(topic);
      if (!Array.isArray(events)) {
        throw { title: 'Not a list', message: 'Paste the events as a JSON array: [{...}, {...}]' };
      }
      if (!events.length) {
        results.append(h('p', { class: 'help' }, `No recent events of ${topic} in the ledger: paste some to test against.`));
        return;
      }
      const answer = await post('/api/filters/test', { filter, events });
      const passed = answer.matches.filter(Boolean).length;
      results.append(
        h('p', { class: 'help dry-run-summary' }, `${passed} of ${events.length} ${pasted.value.trim() ? 'pasted' : 'latest'}`
          + ` event${events.length === 1 ? '' : 's'} match; the others would be filtered out.`),
        h('ul', { class: 'dry-run-list' }, events.map((event, n) => h('li', {
          class: `dry-run-row ${answer.matches[n] ? 'match' : 'no-match'}` },
        h('span', { class: 'dry-run-verdict' }, answer.matches[n] ? icon('check') : icon('close'),
          answer.matches[n] ? 'runs' : 'filtered'),
        h('code', null, JSON.stringify(event).slice(0, 160))))));
    } catch (e) {
      showError(error, e);
    }
  };
  const panel = h('div', { class: 'filter-panel', id: `filter-panel-${id}`, dataset: { topic } },
    h('label', { class: 'label-like', for: text.id }, `Filter of ${topic}`),
    text,
    h('p', { class: 'help' }, 'An EventBridge event pattern on the JSON payload; "$key" matches the key and "$headers"'
      + ' the headers. Empty: every event.'),
    h('details', { class: 'dry-run' },
      h('summary', null, 'Events to test against (optional)'),
      pasted,
      h('p', { class: 'help' }, 'A JSON array of payloads, each with "$key" and "$headers" if you like. Empty: the'
        + ` ${LATEST} latest events of ${topic} in the ledger.`)),
    h('button', { type: 'button', class: 'btn btn-small btn-secondary filter-dry-run', id: `dry-run-${id}`, onclick: run },
      icon('send'), 'Dry run'),
    error, results);
  panel.pattern = () => (text.value.trim() ? parse(text.value, `The filter of ${topic}`) : null);
  return panel;
}

/**
 * The filters of the topics chosen in `picker`, prefilled from `subscriptions` ([{topic, filter}]).
 * `.subscriptions()` gives those with a filter, and throws {title, message} for one that is not JSON.
 */
export function filterSection(picker, subscriptions) {
  const stored = new Map((subscriptions || []).filter((s) => s.filter).map((s) => [s.topic, s.filter]));
  const editors = new Map();
  const list = h('div', { class: 'filter-editors', id: 'filter-editors' });
  const none = h('p', { class: 'help' }, 'Choose a topic above to filter its events.');
  const sync = () => {
    const chosen = picker.selected();
    chosen.forEach((topic) => {
      if (!editors.has(topic)) editors.set(topic, editorFor(topic, stored.get(topic)));
    });
    list.replaceChildren(...chosen.map((topic) => editors.get(topic)));
    none.hidden = chosen.length > 0;
  };
  picker.addEventListener('change', sync);
  // a topic created inline is added checked, without a change event
  new MutationObserver(sync).observe(picker.querySelector('#topic-checks'), { childList: true });
  sync();
  const section = h('div', { class: 'filters', id: 'fn-filters' },
    h('p', { class: 'help' }, 'Optional: the function then runs only for the events of a topic that match its filter.'
      + ' The others start nothing, leave no record and count as filtered in the statistics.'),
    none, list);
  section.hasFilters = () => stored.size > 0;
  section.subscriptions = () => picker.selected()
    .map((topic) => ({ topic, filter: editors.get(topic).pattern() }))
    .filter((s) => s.filter !== null);
  return section;
}
