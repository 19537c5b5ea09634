// A DRL editor: a textarea over a highlighted copy of its text, with line numbers and problems marked at their lines.
import { h, clear } from './core.js';

const KEYWORDS = new Set(['package', 'import', 'global', 'declare', 'rule', 'when', 'then', 'end', 'salience',
  'agenda-group', 'no-loop', 'lock-on-active', 'activation-group', 'dialect', 'not', 'exists', 'forall', 'eval',
  'from', 'collect', 'accumulate', 'modify', 'insert', 'insertLogical', 'retract', 'delete', 'update', 'function',
  'query', 'extends', 'if', 'else', 'return', 'new', 'true', 'false', 'null', 'and', 'or', 'this', 'final', 'double',
  'int', 'long', 'boolean', 'String', 'matches', 'memberOf', 'contains', 'in']);
const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\b\d+(?:\.\d+)?\b|[A-Za-z_][\w-]*|\s+|.)/g;

function highlightLine(text) {
  const parts = [];
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    let cls = null;
    if (token.startsWith('//') || token.startsWith('/*')) {
      cls = 'tok-comment';
    } else if (token.startsWith('"') || token.startsWith("'")) {
      cls = 'tok-string';
    } else if (/^\d/.test(token)) {
      cls = 'tok-number';
    } else if (KEYWORDS.has(token)) {
      cls = 'tok-keyword';
    } else if (/^[A-Z]/.test(token)) {
      cls = 'tok-type';
    }
    parts.push(cls ? h('span', { class: cls }, token) : token);
  }
  return parts;
}

export function createEditor({ readOnly = false, onChange = () => {} } = {}) {
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const highlight = h('pre', { class: 'highlight', 'aria-hidden': 'true' });
  const area = h('textarea', { class: 'code', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off',
    wrap: 'off', readonly: readOnly, 'aria-label': 'File text', id: 'editor-text' });
  const view = h('div', { class: 'editor' }, gutter, h('div', { class: 'code-wrap' }, highlight, area));
  let problems = new Map();

  function paint() {
    const lines = area.value.split('\n');
    clear(gutter);
    clear(highlight);
    lines.forEach((line, i) => {
      const problem = problems.get(i + 1);
      gutter.append(h('div', { class: problem ? 'ln err' : 'ln', title: problem || null, dataset: { line: i + 1 } }, i + 1));
      highlight.append(h('span', { class: problem ? 'line err' : 'line' }, highlightLine(line), '\n'));
    });
    syncScroll();
  }

  function syncScroll() {
    highlight.scrollTop = area.scrollTop;
    highlight.scrollLeft = area.scrollLeft;
    gutter.scrollTop = area.scrollTop;
  }

  area.addEventListener('input', () => { paint(); onChange(area.value); });
  area.addEventListener('scroll', syncScroll);
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Tab' && !readOnly) {
      event.preventDefault();
      area.setRangeText('    ', area.selectionStart, area.selectionEnd, 'end');
      paint();
      onChange(area.value);
    }
  });

  return {
    element: view,
    get text() { return area.value; },
    set text(value) { area.value = value; problems = new Map(); paint(); area.scrollTop = 0; },
    /** problems: [{line, message}] of the file shown; each marks its line in the gutter and the text. */
    mark(list) {
      problems = new Map();
      for (const p of list) {
        if (p.line > 0) {
          problems.set(p.line, problems.has(p.line) ? `${problems.get(p.line)}\n${p.message}` : p.message);
        }
      }
      paint();
    },
    goTo(line) {
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1] || '').length);
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
      area.scrollTop = Math.max(0, (line - 5) * lineHeight);
      syncScroll();
    },
    lineOf(pattern) {
      const index = area.value.split('\n').findIndex((l) => l.includes(pattern));
      return index < 0 ? 0 : index + 1;
    },
  };
}
