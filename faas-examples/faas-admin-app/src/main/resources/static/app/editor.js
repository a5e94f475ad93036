// CodeMirror 5 (served from its WebJar) for Python and JSON, with the validator's findings shown
// on their lines: a wavy underline at the column, a gutter mark and the message under the line.
import { h } from './dom.js';
import { post, ApiError } from './api.js';

const CM = window.CodeMirror;

function leaveEditor(cm) {
  // Escape hands focus to the next control, so Tab-in-the-editor (indent) is no keyboard trap.
  const wrapper = cm.getWrapperElement();
  const focusables = [...document.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !wrapper.contains(el) && el.offsetParent !== null);
  const next = focusables.find((el) => wrapper.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
  cm.getInputField().blur();
  if (next) next.focus();
}

/** An editor inside `parent`; `label` names it for screen readers. */
export function createEditor(parent, { value = '', mode = 'python', readOnly = false, label, onChange, onSubmit,
  minLines = 12 } = {}) {
  const cm = CM(parent, {
    value,
    mode: mode === 'json' ? { name: 'javascript', json: true } : mode,
    lineNumbers: true,
    indentUnit: 4,
    tabSize: 4,
    indentWithTabs: false,
    matchBrackets: true,
    readOnly,
    viewportMargin: Infinity,
    screenReaderLabel: label,
    gutters: ['cm-diag-gutter', 'CodeMirror-linenumbers'],
    extraKeys: {
      Tab: (c) => (c.somethingSelected() ? c.indentSelection('add') : c.replaceSelection(' '.repeat(c.getOption('indentUnit')))),
      'Shift-Tab': (c) => c.indentSelection('subtract'),
      Esc: leaveEditor,
      'Ctrl-Enter': () => onSubmit && onSubmit(),
      'Cmd-Enter': () => onSubmit && onSubmit(),
    },
  });
  const wrapper = cm.getWrapperElement();
  wrapper.classList.add(readOnly ? 'cm-readonly' : 'cm-editable');
  wrapper.style.setProperty('--min-lines', minLines);
  if (onChange) cm.on('change', () => onChange(cm.getValue()));
  return cm;
}

/** Replaces the findings shown in the editor with `diagnostics` ({line, column, message, severity}). */
export function showDiagnostics(cm, diagnostics) {
  const state = cm.state.faasDiagnostics || { marks: [], widgets: [] };
  state.marks.forEach((m) => m.clear());
  state.widgets.forEach((w) => w.clear());
  cm.clearGutter('cm-diag-gutter');
  state.marks = [];
  state.widgets = [];
  const lines = cm.lineCount();
  for (const d of diagnostics) {
    const line = Math.min(Math.max(d.line, 1), lines) - 1;
    const text = cm.getLine(line) || '';
    const sev = d.severity === 'ERROR' ? 'error' : 'warning';
    let from = Math.max(0, Math.min((d.column || 1) - 1, text.length));
    let to = from;
    const word = /[\w.]+/y;
    word.lastIndex = from;
    const m = word.exec(text);
    to = m ? from + m[0].length : Math.min(text.length, from + 1);
    if (to === from) {
      // an error at the end of a line: underline the last character
      from = Math.max(0, from - 1);
      to = Math.max(to, from + 1);
    }
    state.marks.push(cm.markText({ line, ch: from }, { line, ch: to },
      { className: `cm-diag cm-diag-${sev}`, attributes: { title: d.message } }));
    cm.setGutterMarker(line, 'cm-diag-gutter',
      h('span', { class: `cm-diag-marker cm-diag-marker-${sev}`, title: d.message }, sev === 'error' ? '●' : '▲'));
    state.widgets.push(cm.addLineWidget(line,
      h('div', { class: `cm-diag-widget cm-diag-widget-${sev}` },
        h('span', { class: 'cm-diag-where' }, `${d.line}:${d.column}`), ' ', d.message),
      { coverGutter: false, noHScroll: true }));
  }
  cm.state.faasDiagnostics = state;
}

/**
 * Validates the editor's Python as you type (debounced): findings go on the lines and into
 * `statusEl`. Returns {check(): Promise<diagnostics>, handler(name)}.
 */
export function liveValidation(cm, statusEl, { delayMs = 400, handler = () => 'handler' } = {}) {
  let timer = null;
  let seq = 0;
  let last = [];
  const render = (state, text) => {
    statusEl.className = `validation validation-${state}`;
    statusEl.textContent = text;
  };
  const check = async () => {
    const mine = ++seq;
    const source = cm.getValue();
    if (!source.trim()) {
      showDiagnostics(cm, []);
      render('idle', 'Write a module that defines the handler.');
      return [];
    }
    render('checking', 'Checking…');
    try {
      const result = await post('/api/validate', { source, handler: handler() || 'handler' });
      if (mine !== seq) return last;
      last = result.diagnostics;
      showDiagnostics(cm, last);
      const errors = last.filter((d) => d.severity === 'ERROR').length;
      const warnings = last.length - errors;
      if (!last.length) {
        render('ok', 'No problems found.');
      } else {
        const parts = [];
        if (errors) parts.push(`${errors} error${errors > 1 ? 's' : ''}`);
        if (warnings) parts.push(`${warnings} warning${warnings > 1 ? 's' : ''}`);
        render(errors ? 'error' : 'warning', `${parts.join(', ')}: ${last[0].message} (line ${last[0].line})`);
      }
      return last;
    } catch (e) {
      if (mine !== seq) return last;
      showDiagnostics(cm, []);
      render('unavailable', e instanceof ApiError ? `Not checked: ${e.message}` : 'Not checked.');
      return [];
    }
  };
  cm.on('change', () => {
    clearTimeout(timer);
    timer = setTimeout(check, delayMs);
  });
  return { check };
}
