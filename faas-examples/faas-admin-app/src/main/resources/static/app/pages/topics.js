// Topics: create (name, partitions, ordering), delete, and the functions each one triggers.
import { h, icon } from '../dom.js';
import { get, post, del, enc, query } from '../api.js';
import { pageHeader, errorBox, showError, emptyState, loading, field, confirmDialog, toast } from '../ui.js';

const ORDERINGS = [
  ['KEY', 'By key: same key in order, different keys in parallel'],
  ['PARTITION', 'By partition: one at a time per partition'],
  ['NONE', 'None: everything in parallel'],
];

export async function topicsPage(main) {
  main.append(pageHeader('Topics', 'Kafka topics that trigger functions. Publishing to a topic runs every function mapped to it.'));

  const nameInput = h('input', { type: 'text', id: 'topic-name', name: 'name', required: true, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'e.g. orders' });
  const partitionsInput = h('input', { type: 'number', id: 'topic-partitions', name: 'partitions', min: '1',
    max: '1000', value: '1' });
  const orderingSelect = h('select', { id: 'topic-ordering', name: 'ordering' },
    ORDERINGS.map(([v, label]) => h('option', { value: v }, label)));
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const form = h('form', { class: 'card form form-inline', id: 'topic-form', 'aria-labelledby': 'new-topic-h', 'data-write': '' },
    h('h2', { id: 'new-topic-h' }, 'New topic'),
    errors,
    h('div', { class: 'grid-3' },
      field('Name', nameInput, 'Letters, digits, ".", "_" and "-".'),
      field('Partitions', partitionsInput, 'More partitions, more parallel work.'),
      field('Ordering', orderingSelect, 'How events of the topic are ordered per function.')),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'topic-submit' }, icon('plus'), 'Create topic')));
  const listSlot = h('div', null, loading());
  main.append(form, h('section', { 'aria-labelledby': 'topics-h' },
    h('h2', { id: 'topics-h', class: 'sr-only' }, 'All topics'), listSlot));

  const load = async () => {
    let topics;
    try {
      topics = await get('/api/topics');
    } catch (e) {
      listSlot.replaceChildren(errorBox(e));
      return;
    }
    if (!topics.length) {
      listSlot.replaceChildren(emptyState('No topics yet', 'Create one above, then map functions to it.'));
      return;
    }
    listSlot.replaceChildren(h('div', { class: 'card table-card' }, h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-cards', id: 'topics-table' },
        h('caption', { class: 'sr-only' }, 'Topics'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'num' }, 'Partitions'),
          h('th', { scope: 'col' }, 'Ordering'), h('th', { scope: 'col' }, 'Functions'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', null, topics.map((t) => h('tr', { dataset: { topic: t.name } },
          h('th', { scope: 'row' }, h('a', { class: 'topic-name', href: `#/topics/${enc(t.name)}` }, t.name)),
          h('td', { class: 'num', 'data-label': 'Partitions' }, String(t.partitions)),
          h('td', { 'data-label': 'Ordering' }, h('span', { class: 'tag' }, t.ordering.toLowerCase())),
          h('td', { 'data-label': 'Functions' }, t.functions.length
            ? h('span', { class: 'chips' }, t.functions.map((f) => h('a', { class: 'chip chip-fn', href: `#/functions/${enc(f)}` }, f)))
            : h('span', { class: 'muted' }, 'none')),
          h('td', { class: 'actions' },
            h('a', { class: 'btn btn-small btn-ghost', href: `#/publish${query({ topic: t.name })}`, 'aria-label': `Publish to ${t.name}`, 'data-publish': '' },
              icon('send'), h('span', { class: 'label' }, 'Publish')),
            h('button', { type: 'button', class: 'btn btn-small btn-ghost btn-danger-text', 'aria-label': `Delete topic ${t.name}`, 'data-write': '',
              onclick: () => remove(t) }, icon('trash'), h('span', { class: 'label' }, 'Delete'))))))))));
  };

  const remove = async (t) => {
    const ok = await confirmDialog({
      title: `Delete topic ${t.name}?`,
      message: t.functions.length
        ? `Functions still map it (${t.functions.join(', ')}); faas will refuse until they are moved or deleted.`
        : 'The topic and the events in it are deleted.',
      confirmLabel: 'Delete topic', danger: true,
    });
    if (!ok) return;
    try {
      await del(`/api/topics/${enc(t.name)}`);
      toast(`Topic ${t.name} deleted`);
      await load();
    } catch (e) {
      showError(errors, e);
      errors.focus();
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    const submit = form.querySelector('#topic-submit');
    submit.disabled = true;
    try {
      const created = await post('/api/topics', {
        name: nameInput.value.trim(), partitions: Number(partitionsInput.value || 1), ordering: orderingSelect.value,
      });
      toast(`Topic ${created.name} created`);
      nameInput.value = '';
      await load();
      nameInput.focus();
    } catch (err) {
      showError(errors, err);
      nameInput.focus();
    } finally {
      submit.disabled = false;
    }
  });
  await load();
  return undefined;
}
