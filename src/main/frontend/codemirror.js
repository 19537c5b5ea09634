// What the console takes from CodeMirror 6, bundled by esbuild at build time (see pom.xml) into
// /console/vendor/codemirror.js and served from the jar: the console loads nothing from the internet.
export { EditorState, StateField, StateEffect, RangeSet, Compartment } from '@codemirror/state';
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, Decoration, GutterMarker, gutterLineClass, rectangularSelection,
} from '@codemirror/view';
export { history, defaultKeymap, historyKeymap, indentWithTab, undo, redo, undoDepth } from '@codemirror/commands';
export { search, searchKeymap, highlightSelectionMatches, openSearchPanel } from '@codemirror/search';
export {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput, foldGutter, foldKeymap,
} from '@codemirror/language';
export { yaml } from '@codemirror/legacy-modes/mode/yaml';
