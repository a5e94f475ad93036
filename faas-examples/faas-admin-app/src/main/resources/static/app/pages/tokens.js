// Tokens (admin): create one (its value shown once), list them (never their values), revoke.
import { h, icon } from '../dom.js';
import { get, post, del, enc } from '../api.js';
import { pageHeader, errorBox, showError, emptyState, loading, field, confirmDialog, toast, ago } from '../ui.js';

const ROLES = [
  ['developer', 'Developer: topics, functions, publish, ledger, redrive'],
  ['publisher', 'Publisher: publish, and read the runs of its own events'],
  ['viewer', 'Viewer: read only'],
  ['admin', 'Admin: everything, tokens and audit included'],
];

export async function tokensPage(main) {
  main.append(pageHeader('Tokens', 'API tokens: REST clients send one as "Authorization: Bearer <token>". Only its hash is stored.'));

  const nameInput = h('input', { type: 'text', id: 'token-name', name: 'name', required: true, autocomplete: 'off',
    spellcheck: 'false', placeholder: 'e.g. ci-deploy' });
  const roleSelect = h('select', { id: 'token-role', name: 'role' }, ROLES.map(([v, label]) => h('option', { value: v }, label)));
  const errors = h('div', { class: 'form-errors', tabindex: '-1' });
  const shown = h('div', { id: 'token-created', 'aria-live': 'polite' });
  const form = h('form', { class: 'card form', id: 'token-form', 'aria-labelledby': 'new-token-h' },
    h('h2', { id: 'new-token-h' }, 'New token'),
    errors,
    h('div', { class: 'grid-3' },
      field('Name', nameInput, 'Shown in the audit log. Letters, digits, ".", "_" and "-".'),
      field('Role', roleSelect, 'What requests with the token may do.')),
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', id: 'token-submit' }, icon('plus'), 'Create token')),
    shown);
  const listSlot = h('div', null, loading());
  main.append(form, h('section', { 'aria-labelledby': 'tokens-h' },
    h('h2', { id: 'tokens-h', class: 'sr-only' }, 'All tokens'), listSlot));

  const load = async () => {
    let tokens;
    try {
      tokens = await get('/api/tokens');
    } catch (e) {
      listSlot.replaceChildren(errorBox(e));
      return;
    }
    if (!tokens.length) {
      listSlot.replaceChildren(emptyState('No tokens', 'Create one above.'));
      return;
    }
    listSlot.replaceChildren(h('div', { class: 'card table-card' }, h('div', { class: 'table-wrap' },
      h('table', { class: 'table table-cards', id: 'tokens-table' },
        h('caption', { class: 'sr-only' }, 'Tokens'),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Role'),
          h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, 'Last used'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        h('tbody', null, tokens.map((t) => h('tr', { dataset: { token: t.name } },
          h('th', { scope: 'row' }, t.name),
          h('td', { 'data-label': 'Role' }, h('span', { class: 'tag' }, t.role)),
          h('td', { 'data-label': 'Created' }, ago(t.createdAt)),
          h('td', { 'data-label': 'Last used' }, ago(t.lastUsedAt)),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'btn btn-small btn-ghost btn-danger-text', 'aria-label': `Revoke token ${t.name}`,
              onclick: () => revoke(t) }, icon('trash'), h('span', { class: 'label' }, 'Revoke'))))))))));
  };

  const revoke = async (t) => {
    const ok = await confirmDialog({
      title: `Revoke token ${t.name}?`,
      message: 'Requests with it are refused from now on, and browsers signed in with it are signed out.',
      confirmLabel: 'Revoke token', danger: true,
    });
    if (!ok) return;
    try {
      await del(`/api/tokens/${enc(t.name)}`);
      toast(`Token ${t.name} revoked`);
      await load();
    } catch (e) {
      showError(errors, e);
      errors.focus();
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errors, null);
    shown.replaceChildren();
    const submit = form.querySelector('#token-submit');
    submit.disabled = true;
    try {
      const created = await post('/api/tokens', { name: nameInput.value.trim(), role: roleSelect.value });
      shown.append(h('div', { class: 'alert' },
        h('div', { class: 'alert-body' },
          h('strong', { class: 'alert-title' }, `Token ${created.name} (${created.role})`),
          h('p', null, 'Copy it now: it is not shown again.'),
          h('p', { class: 'token-once', id: 'token-value' }, created.token))));
      nameInput.value = '';
      await load();
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
