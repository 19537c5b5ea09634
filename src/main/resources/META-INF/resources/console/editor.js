// The rule editor: CodeMirror 6 (bundled into the jar at build time) with search, bracket matching, undo history,
// line numbers, DRL or YAML highlighting, and problems marked at their lines.
//
// CodeMirror styles itself at run time (style-mod). On a document it would add <style> elements, which the console's
// Content-Security-Policy (style-src 'self', no 'unsafe-inline') refuses; inside a shadow root it uses a constructed
// stylesheet (adoptedStyleSheets), which the policy does not govern. So each editor lives in a shadow root of its
// element, and the policy stays as strict as before.
import {
  EditorState, EditorView, StateField, StateEffect, RangeSet, Compartment, Decoration, GutterMarker, gutterLineClass,
  keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, drawSelection,
  history, defaultKeymap, historyKeymap, indentWithTab, search, searchKeymap, highlightSelectionMatches,
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput, yaml,
} from './vendor/codemirror.js';
import { h } from './core.js';
import { drl } from './drl.js';

const yamlLanguage = StreamLanguage.define(yaml);

/** The language of a rules-directory file by its name; decision tables (CSV) are plain text. */
function languageOf(path) {
  if (/\.ya?ml$/.test(path || '')) {
    return yamlLanguage;
  }
  return /\.drl$/.test(path || '') ? drl : [];
}

const setProblems = StateEffect.define();
const problemMarker = new class extends GutterMarker {
  elementClass = 'cm-problem';
}();

/** problems: line → message; shown as a red line number and a tinted line whose title is the message. */
const problemField = StateField.define({
  create: () => ({ lines: Decoration.none, gutter: RangeSet.empty, numbers: [] }),
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setProblems)) {
        const ranges = [...effect.value.entries()].filter(([line]) => line <= tr.state.doc.lines)
          .sort(([a], [b]) => a - b).map(([line, message]) => ({ at: tr.state.doc.line(line).from, line, message }));
        return {
          lines: Decoration.set(ranges.map((r) => Decoration.line({ class: 'cm-problem-line', attributes: { title: r.message } }).range(r.at))),
          gutter: RangeSet.of(ranges.map((r) => problemMarker.range(r.at))),
          numbers: ranges.map((r) => r.line),
        };
      }
    }
    return tr.docChanged
      ? { lines: value.lines.map(tr.changes), gutter: value.gutter.map(tr.changes), numbers: value.numbers } : value;
  },
  provide: (field) => [EditorView.decorations.from(field, (v) => v.lines), gutterLineClass.from(field, (v) => v.gutter)],
});

const theme = EditorView.theme({
  '&': { height: '100%', backgroundColor: '#fbfcfd', color: '#1c2430' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '13px', lineHeight: '18px' },
  '.cm-gutters': { backgroundColor: '#eef2f6', color: '#5d6b7a', borderRight: '1px solid #d8dee6' },
  '.cm-lineNumbers .cm-gutterElement.cm-problem': { backgroundColor: '#b42318', color: '#fff', fontWeight: '700' },
  '.cm-problem-line': { backgroundColor: '#fde2df' },
  '&.cm-focused': { outline: 'none' },
});

/** readOnly: a flag, or a function asked each time a file is opened. */
export function createEditor({ readOnly = false, onChange = () => {}, id = 'editor-text' } = {}) {
  const element = h('div', { class: 'editor', id, role: 'group', 'aria-label': 'File text' });
  const root = element.attachShadow({ mode: 'open' });
  const language = new Compartment();
  let loading = false;

  function stateFor(text, path) {
    return EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
        indentOnInput(), bracketMatching(), highlightActiveLine(), highlightSelectionMatches(), search({ top: true }),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }), language.of(languageOf(path)), problemField,
        keymap.of([...defaultKeymap, ...searchKeymap, ...historyKeymap, indentWithTab]),
        EditorState.tabSize.of(4), EditorState.readOnly.of(typeof readOnly === 'function' ? readOnly() : readOnly), theme,
        EditorView.contentAttributes.of({ 'aria-label': 'File text', spellcheck: 'false', autocapitalize: 'off' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !loading) {
            onChange(update.state.doc.toString());
          }
        }),
      ],
    });
  }

  const view = new EditorView({ state: stateFor('', ''), parent: root, root });

  function mark(list) {
    const problems = new Map();
    for (const p of list) {
      if (p.line > 0) {
        problems.set(p.line, problems.has(p.line) ? `${problems.get(p.line)}\n${p.message}` : p.message);
      }
    }
    view.dispatch({ effects: setProblems.of(problems) });
    element.dataset.problemLines = view.state.field(problemField).numbers.join(' ');
  }

  function goTo(line) {
    const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
    view.dispatch({ selection: { anchor: target.from, head: target.to },
      effects: EditorView.scrollIntoView(target.from, { y: 'center' }) });
    view.focus();
  }

  // The element answers like the textarea it replaced (value, selection), for scripts and the browser tests; setting
  // value is an edit like typing (it can be undone).
  Object.defineProperties(element, {
    value: {
      get: () => view.state.doc.toString(),
      set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    },
    selectionStart: { get: () => view.state.selection.main.from },
    selectionEnd: { get: () => view.state.selection.main.to },
  });

  return {
    element,
    view,
    get text() { return view.state.doc.toString(); },
    /** Shows a file's text (highlighted by its name) with a fresh undo history and no problems marked. */
    open(text, path) {
      loading = true;
      try {
        view.setState(stateFor(text, path));
      } finally {
        loading = false;
      }
      view.scrollDOM.scrollTop = 0;
      mark([]);
    },
    /** problems: [{line, message}] of the file shown; each marks its line in the gutter and the text. */
    mark,
    goTo,
    lineOf(pattern) {
      const index = view.state.doc.toString().split('\n').findIndex((l) => l.includes(pattern));
      return index < 0 ? 0 : index + 1;
    },
  };
}
