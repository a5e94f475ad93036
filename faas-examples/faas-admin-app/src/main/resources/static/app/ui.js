// Shared pieces of the pages: alerts, toasts, dialogs, badges, times, empty states.
import { h, icon, clear } from './dom.js';

/** An error box: the problem's title and detail, and its diagnostics when there are any. */
export function errorBox(error, extra) {
  const title = error && error.title ? error.title : 'Something went wrong';
  const detail = error && error.message ? error.message : String(error);
  const diagnostics = error && error.diagnostics ? error.diagnostics : [];
  return h('div', { class: 'alert alert-error', role: 'alert' },
    icon('alert'),
    h('div', { class: 'alert-body' },
      h('strong', { class: 'alert-title' }, title),
      h('p', { class: 'alert-detail' }, detail),
      diagnostics.length ? diagnosticList(diagnostics) : null,
      extra || null));
}

/** A list of validator findings: "line 3, column 12  undefined name 'x'". */
export function diagnosticList(diagnostics) {
  return h('ul', { class: 'diagnostics' }, diagnostics.map((d) =>
    h('li', { class: `diag diag-${String(d.severity).toLowerCase()}` },
      h('span', { class: 'diag-sev' }, d.severity === 'ERROR' ? 'error' : 'warning'),
      h('span', { class: 'diag-pos' }, `line ${d.line}, col ${d.column}`),
      h('span', { class: 'diag-msg' }, d.message))));
}

/** Shows an error in a slot (replacing what it held), or clears the slot with no error. */
export function showError(slot, error) {
  clear(slot);
  if (error) {
    slot.append(errorBox(error));
  }
}

export function toast(message, kind = 'ok') {
  const region = document.getElementById('toasts');
  const t = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'error' ? 'alert' : 'check'), h('span', null, message));
  region.append(t);
  setTimeout(() => t.classList.add('leaving'), 3500);
  setTimeout(() => t.remove(), 4000);
}

/**
 * A modal confirmation: resolves true on confirm, false on cancel, Escape or a click outside.
 * Focus goes to Cancel, and back to what had it when the dialog closes.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const cancel = h('button', { type: 'button', class: 'btn btn-secondary', value: 'cancel' }, 'Cancel');
    const ok = h('button', { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, value: 'ok' },
      confirmLabel);
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId },
      h('form', { method: 'dialog' },
        h('h2', { id: titleId }, title),
        typeof message === 'string' ? h('p', null, message) : message,
        h('div', { class: 'dialog-actions' }, cancel, ok)));
    cancel.addEventListener('click', () => dialog.close('cancel'));
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) dialog.close('cancel');
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (before && before.focus) before.focus();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Links to an invocation's own page (its permalink). */
export function invocationLink(inv, text) {
  return h('a', { class: 'inv-link', href: `#/invocations/${encodeURIComponent(inv.id)}`, title: 'The page of this invocation' },
    text || 'Open');
}

export function statusBadge(status) {
  const label = { SUCCEEDED: 'succeeded', FAILED: 'failed', TIMED_OUT: 'timed out', RUNNING: 'running' }[status]
    || String(status).toLowerCase();
  return h('span', { class: `badge badge-${String(status).toLowerCase()}` }, label);
}

export function topicChips(topics) {
  return h('span', { class: 'chips' }, (topics || []).map((t) =>
    h('a', { class: 'chip', href: `#/logs?topic=${encodeURIComponent(t)}`, title: `Output logs of topic ${t}` }, t)));
}

// Times always say their time zone (the browser's): "07 Dec 2026, 09:41:03 UTC".
const DATE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  timeZoneName: 'short',
});

export function formatTime(iso) {
  if (!iso) return '—';
  return DATE.format(new Date(iso));
}

/** The browser's time zone, as the times on the pages are shown in it: "Europe/Berlin". */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

/** An ISO-8601 duration as people say it: PT30S is "30 s", PT1H30M "1 h 30 min", P7D "7 d". */
export function duration(iso) {
  if (iso === null || iso === undefined || iso === '') return '—';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
  if (!m) return String(iso);
  let seconds = Number(m[1] || 0) * 86400 + Number(m[2] || 0) * 3600 + Number(m[3] || 0) * 60 + Number(m[4] || 0);
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  const parts = [];
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['min', 60]]) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)} ${unit}`);
      seconds %= size;
    }
  }
  if (seconds) parts.push(`${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')} s`);
  return parts.join(' ');
}

/** An ISO-8601 duration in the short form the API also takes, for an input: PT30S is "30s", PT2H "2h". */
export function durationInput(iso) {
  if (!iso) return '';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(String(iso));
  if (!m) return String(iso);
  const millis = Math.round((Number(m[1] || 0) * 86400 + Number(m[2] || 0) * 3600 + Number(m[3] || 0) * 60
    + Number(m[4] || 0)) * 1000);
  for (const [unit, size] of [['d', 86400000], ['h', 3600000], ['m', 60000], ['s', 1000]]) {
    if (millis && millis % size === 0) return `${millis / size}${unit}`;
  }
  return `${millis}ms`;
}

/**
 * How long a run took: its duration covers every attempt of the latest run and the backoff between
 * them; with more than one attempt it says so ("4.20 s over 3 attempts").
 */
export function runTime(inv) {
  if (inv.durationMs === null || inv.durationMs === undefined || inv.durationMs < 0) return '—';
  return inv.attempts > 1 ? `${ms(inv.durationMs)} over ${inv.attempts} attempts` : ms(inv.durationMs);
}

/** A value for <input type="datetime-local"> (the browser's time zone) from an ISO instant, or ''. */
export function toLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An ISO instant from an <input type="datetime-local"> value (the browser's time zone), or ''. */
export function fromLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

export function timeAgo(iso) {
  if (!iso) return 'never';
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** A <time> showing "3 min ago", with the exact time on hover. */
export function ago(iso) {
  return iso ? h('time', { datetime: iso, title: formatTime(iso) }, timeAgo(iso)) : h('span', { class: 'muted' }, 'never');
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  const p = rate * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

export function ms(value) {
  if (value === null || value === undefined || value < 0) return '—';
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(value < 10000 ? 2 : 1)} s`;
}

/** JSON as one short line for tables. */
export function jsonLine(value, max = 120) {
  if (value === undefined) return '';
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function emptyState(title, text, action) {
  return h('div', { class: 'empty' },
    h('p', { class: 'empty-title' }, title),
    text ? h('p', { class: 'empty-text' }, text) : null,
    action || null);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** The page header: a heading (focused on navigation, for screen readers) and actions. */
export function pageHeader(title, subtitle, ...actions) {
  return h('div', { class: 'page-head' },
    h('div', null,
      h('h1', { tabindex: '-1' }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

/** A labelled form field: label, control, optional help text wired with aria-describedby. */
export function field(label, control, help) {
  const id = control.id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = id;
  let helpEl = null;
  if (help) {
    helpEl = h('p', { class: 'help', id: `${id}-help` }, help);
    control.setAttribute('aria-describedby', `${id}-help`);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, helpEl);
}

/** Repeats fn every `everyMs` while the page is visible; returns a function that stops it. */
export function every(everyMs, fn) {
  let stopped = false;
  let timer = null;
  const tick = async () => {
    if (stopped) return;
    if (!document.hidden) {
      try {
        await fn();
      } catch (e) {
        // the next tick tries again; a page shows its own errors
      }
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
