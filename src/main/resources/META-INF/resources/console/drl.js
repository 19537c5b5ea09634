// DRL for CodeMirror: a stream mode (keywords, strings, comments, numbers, types) for highlighting, not a parser.
import { StreamLanguage } from './vendor/codemirror.js';

const KEYWORDS = new Set(['package', 'import', 'global', 'declare', 'rule', 'when', 'then', 'end', 'salience',
  'agenda-group', 'no-loop', 'lock-on-active', 'activation-group', 'ruleflow-group', 'date-effective', 'date-expires',
  'enabled', 'auto-focus', 'timer', 'dialect', 'not', 'exists', 'forall', 'eval', 'from', 'collect', 'accumulate',
  'entry-point', 'over', 'modify', 'insert', 'insertLogical', 'retract', 'delete', 'update', 'function', 'query',
  'extends', 'unit', 'if', 'else', 'return', 'new', 'and', 'or', 'this', 'final', 'matches', 'memberOf',
  'contains', 'soundslike', 'in', 'init', 'action', 'reverse', 'result', 'for', 'while', 'break', 'continue']);
const ATOMS = new Set(['true', 'false', 'null']);
const PRIMITIVES = new Set(['double', 'int', 'long', 'boolean', 'float', 'short', 'byte', 'char', 'void']);

export const drl = StreamLanguage.define({
  name: 'drl',
  startState: () => ({ inComment: false }),
  token(stream, state) {
    if (state.inComment) {
      state.inComment = !stream.skipTo('*/');
      if (state.inComment) {
        stream.skipToEnd();
      } else {
        stream.match('*/');
      }
      return 'comment';
    }
    if (stream.eatSpace()) {
      return null;
    }
    if (stream.match('//') || stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('/*')) {
      state.inComment = true;
      return this.token(stream, state);
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) {
      return 'string';
    }
    if (stream.match(/^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[dDfFlLbB]?/)) {
      return 'number';
    }
    if (stream.match(/^\$[\w]+/)) {
      return 'variable-2';
    }
    const word = stream.match(/^[A-Za-z_][\w-]*/);
    if (word) {
      const text = word[0];
      if (KEYWORDS.has(text)) {
        return 'keyword';
      }
      if (ATOMS.has(text)) {
        return 'atom';
      }
      if (PRIMITIVES.has(text) || /^[A-Z]/.test(text)) {
        return 'typeName';
      }
      return 'variableName';
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
});
