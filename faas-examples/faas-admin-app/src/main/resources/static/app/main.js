// The faas admin web UI: a small hash router over the pages. Everything it loads comes from this
// app (its own files and WebJars); nothing from another host.
import { h } from './dom.js';
import { errorBox } from './ui.js';
import { functionsPage } from './pages/functions.js';
import { functionForm } from './pages/function-form.js';
import { functionDetail } from './pages/function-detail.js';
import { topicsPage } from './pages/topics.js';
import { publishPage } from './pages/publish.js';
import { logsPage } from './pages/logs.js';
import { tokensPage } from './pages/tokens.js';
import { auditPage } from './pages/audit.js';
import { invocationPage } from './pages/invocation.js';
import { topicPage } from './pages/topic.js';
import { deadLettersPage } from './pages/dead-letters.js';
import { replaysPage } from './pages/replays.js';
import { layersPage } from './pages/layers.js';
import { get, post } from './api.js';

const routes = [
  { path: /^\/functions\/?$/, nav: 'functions', title: 'Functions', page: (main) => functionsPage(main) },
  { path: /^\/functions\/new$/, nav: 'functions', title: 'New function', page: (main) => functionForm(main, null) },
  { path: /^\/functions\/([^/]+)\/edit$/, nav: 'functions', title: 'Edit function', page: (main, m) => functionForm(main, m[1]) },
  { path: /^\/functions\/([^/]+)$/, nav: 'functions', title: 'Function', page: (main, m, q) => functionDetail(main, m[1], q) },
  { path: /^\/topics$/, nav: 'topics', title: 'Topics', page: (main) => topicsPage(main) },
  { path: /^\/topics\/([^/]+)$/, nav: 'topics', title: 'Topic', page: (main, m) => topicPage(main, m[1]) },
  { path: /^\/invocations\/([^/]+)$/, nav: 'logs', title: 'Invocation', page: (main, m) => invocationPage(main, m[1]) },
  { path: /^\/dead-letters$/, nav: 'dead-letters', title: 'Dead letters', page: (main, m, q) => deadLettersPage(main, q) },
  { path: /^\/replays$/, nav: 'replays', title: 'Replays', page: (main) => replaysPage(main) },
  { path: /^\/layers$/, nav: 'layers', title: 'Layers', page: (main) => layersPage(main) },
  { path: /^\/publish$/, nav: 'publish', title: 'Publish', page: (main, m, q) => publishPage(main, q) },
  { path: /^\/logs$/, nav: 'logs', title: 'Output logs', page: (main, m, q) => logsPage(main, q) },
  { path: /^\/tokens$/, nav: 'tokens', title: 'Tokens', page: (main) => tokensPage(main) },
  { path: /^\/audit$/, nav: 'audit', title: 'Audit', page: (main) => auditPage(main) },
];

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

async function navigate() {
  const hash = location.hash || '';
  if (!hash.startsWith('#/')) {
    if (!hash) location.replace('#/functions');
    return;
  }
  const [path, qs] = hash.slice(1).split('?');
  const params = Object.fromEntries(new URLSearchParams(qs || ''));
  const route = routes.find((r) => r.path.test(path));
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      // a page that failed to stop must not block the next one
    }
    cleanup = null;
  }
  const mine = ++generation;
  main.replaceChildren();
  main.removeAttribute('data-ready');
  document.querySelectorAll('.nav a').forEach((a) => {
    if (route && a.dataset.nav === route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (!route) {
    document.title = 'Not found · faas';
    main.append(h('h1', { tabindex: '-1' }, 'Page not found'),
      errorBox({ title: 'Not found', message: `Nothing lives at ${hash}.` }),
      h('p', null, h('a', { href: '#/functions' }, 'Go to the functions')));
    main.dataset.ready = 'true';
    return;
  }
  const m = path.match(route.path).map((part, i) => (i === 0 ? part : decodeURIComponent(part)));
  document.title = `${m[1] || route.title} · faas`;
  try {
    const stop = await route.page(main, m, params);
    if (mine !== generation) {
      if (typeof stop === 'function') stop();
      return;
    }
    cleanup = typeof stop === 'function' ? stop : null;
  } catch (e) {
    main.append(errorBox(e));
  }
  if (mine === generation) {
    main.dataset.ready = 'true';
    const heading = main.querySelector('h1');
    if (heading && !main.contains(document.activeElement)) heading.focus({ preventScroll: true });
  }
}

document.querySelector('.skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

/** Who is signed in: the name in the header, the admin pages for admins, sign-out when there is a session. */
async function whoami() {
  try {
    const me = await get('/api/me');
    document.getElementById('whoami').textContent = me.authenticated ? `${me.name} · ${me.role}` : 'authentication off';
    document.querySelectorAll('[data-admin]').forEach((a) => { a.hidden = me.role !== 'admin'; });
    // What the role may not change is not offered: CSS hides every [data-write] control for it.
    document.body.dataset.role = me.role;
    document.getElementById('signout').hidden = !me.authenticated;
  } catch (e) {
    // a 401 goes to the sign-in page; anything else shows on the page itself
  }
}

document.getElementById('signout').addEventListener('click', async () => {
  try {
    await post('/signout');
  } finally {
    location.assign('/signin.html');
  }
});
window.addEventListener('hashchange', navigate);
whoami();
navigate();
