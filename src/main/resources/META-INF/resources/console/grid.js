// Decision tables (*.drl.csv, and *.drl.xlsx as their table sheet's CSV) as a grid of cells: edit a cell, add or remove a row; the text it hands back is the CSV
// the Rules page saves like any file. Rows left alone keep their exact text, so a save's diff shows only the edit.
// A problem naming "row N, column X" (as the service reports decision-table errors) marks that cell.
import { h, fill } from './core.js';

const TABLE_SUFFIXES = ['.drl.csv', '.drl.xlsx'];

export function isTable(path) {
  return !!path && TABLE_SUFFIXES.some((s) => path.endsWith(s));
}

/**
 * The Rules page's editor with a grid beside it, both made with the same options: open(text, path) puts a decision
 * table in the grid and any other file in the text editor; everything else the page asks (text, mark, goTo, lineOf,
 * and whatever the text editor offers besides) goes to the one showing.
 */
export function withTables(createTextEditor, options = {}) {
  const textEditor = createTextEditor(options);
  const grid = createGrid(options);
  const element = h('div', { class: 'editor-or-grid' }, textEditor.element, grid.element);
  let current = textEditor;
  grid.element.hidden = true;
  function open(text, path) {
    current = isTable(path) ? grid : textEditor;
    textEditor.element.hidden = current !== textEditor;
    grid.element.hidden = current !== grid;
    current.open(text, path);
  }
  return new Proxy({}, {
    get(_, prop) {
      if (prop === 'element') return element;
      if (prop === 'open') return open;
      if (prop === 'isGrid') return current === grid;
      const value = current[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
    set(_, prop, value) {
      current[prop] = value;
      return true;
    },
  });
}

/** The grid itself: same surface as the text editor (element, text, open, mark, goTo, lineOf); readOnly: a flag, or a
 * function asked each time a table is opened. */
export function createGrid({ readOnly: readOnlyOption = false, onChange = () => {} } = {}) {
  let readOnly = false;
  const body = h('tbody');
  const head = h('thead');
  const addRow = h('button', { type: 'button', id: 'grid-add-row', onclick: () => insertRow(rows.length) }, 'Add row');
  const tools = h('div', { class: 'toolbar' }, addRow,
    h('span', { class: 'muted' }, 'One row per rule; + inserts a row below, − removes it. An empty cell sets nothing.'));
  const element = h('div', { class: 'grid-editor' },
    h('div', { class: 'table-grid', id: 'table-grid' }, h('table', {}, head, body)), tools);
  /** rows: [{cells: [..], original: 'line as read' | null (changed or new)}] */
  let rows = [];
  let trailingNewline = false;
  let problems = [];

  function parse(text) {
    trailingNewline = text.endsWith('\n');
    const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
    rows = lines.map((line) => ({ cells: parseLine(line), original: line }));
  }

  function serialize() {
    const text = rows.map((r) => (r.original !== null ? r.original : formatLine(r.cells))).join('\n');
    return trailingNewline ? text + '\n' : text;
  }

  function changed() {
    paint();
    onChange(serialize());
  }

  function insertRow(at) {
    rows.splice(at, 0, { cells: new Array(width()).fill(''), original: null });
    changed();
    body.querySelector(`tr[data-row="${at + 1}"] input`)?.focus();
  }

  function removeRow(at) {
    rows.splice(at, 1);
    changed();
  }

  function width() {
    return Math.max(1, ...rows.map((r) => r.cells.length));
  }

  function paint() {
    const columns = width();
    // Each column as wide as its longest cell (within reason; the full text is the cell's tooltip).
    const widths = Array.from({ length: columns }, (_, c) => Math.min(28, Math.max(6,
      ...rows.map((r) => (r.cells[c] ?? '').length + 2))));
    fill(head, h('tr', {}, h('th', { class: 'row-head' }, ''),
      Array.from({ length: columns }, (_, c) => h('th', {}, letters(c))), readOnly ? null : h('th', {}, '')));
    const kinds = rowKinds(rows);
    fill(body, rows.map((row, r) => {
      const line = r + 1;
      return h('tr', { class: kinds[r], dataset: { row: line } },
        h('td', { class: 'row-head' }, line),
        Array.from({ length: columns }, (_, c) => {
          const value = row.cells[c] ?? '';
          const input = h('input', { value, readonly: readOnly, 'aria-label': `row ${line}, column ${letters(c)}`,
            title: value.length > widths[c] - 2 ? value : null, dataset: { row: line, column: letters(c) } });
          input.style.width = `${widths[c]}ch`; // a style property, not an attribute: the CSP allows no inline styles
          input.addEventListener('input', () => {
            while (row.cells.length <= c) row.cells.push('');
            row.cells[c] = input.value;
            row.original = null;
            forgetMark(line);
            onChange(serialize());
          });
          return h('td', { dataset: { column: letters(c) } }, input);
        }),
        readOnly ? null : h('td', { class: 'row-tools' },
          h('button', { type: 'button', class: 'row-tool add', title: 'Insert a row below', onclick: () => insertRow(r + 1) }, '+'),
          h('button', { type: 'button', class: 'row-tool remove', title: 'Remove this row', onclick: () => removeRow(r) }, '−')));
    }));
    applyMarks();
  }

  /** Marks the rows and cells the problems name, without rebuilding the grid (the cell being typed in keeps focus). */
  function applyMarks() {
    body.querySelectorAll('.err').forEach((el) => { el.classList.remove('err'); el.removeAttribute('title'); });
    cellMarks(problems).forEach((mark, line) => {
      const tr = body.querySelector(`tr[data-row="${line}"]`);
      if (!tr) return;
      tr.classList.add('err');
      tr.title = mark.message;
      mark.columns.forEach((c) => {
        const td = tr.querySelector(`td[data-column="${letters(c)}"]`);
        td?.classList.add('err');
        if (td) td.title = mark.message;
      });
    });
  }

  /** An edited row's problem is about text that is gone: its mark goes (the page forgets the problem likewise). */
  function forgetMark(line) {
    const tr = body.querySelector(`tr[data-row="${line}"]`);
    tr?.classList.remove('err');
    tr?.querySelectorAll('td.err').forEach((td) => td.classList.remove('err'));
  }

  return {
    element,
    get text() { return serialize(); },
    /** Shows a table's text as cells, with no problems marked. */
    open(text) {
      readOnly = typeof readOnlyOption === 'function' ? readOnlyOption() : readOnlyOption;
      tools.hidden = readOnly;
      problems = [];
      parse(text);
      paint();
      element.querySelector('.table-grid').scrollTop = 0;
    },
    /** problems: [{line, message}]; the line is the sheet row, the message names the column ("column D (…)"). */
    mark(list) {
      problems = list;
      applyMarks();
    },
    goTo(line) {
      const mark = cellMarks(problems).get(line);
      const column = mark && mark.columns.size ? letters([...mark.columns][0]) : 'A';
      const input = body.querySelector(`input[data-row="${line}"][data-column="${column}"]`);
      if (input) {
        input.scrollIntoView({ block: 'center', inline: 'center' });
        input.focus();
        input.select();
      }
    },
    lineOf(pattern) {
      const index = rows.findIndex((r) => (r.original ?? formatLine(r.cells)).includes(pattern));
      return index < 0 ? 0 : index + 1;
    },
  };
}

/** Per row, the columns the problems name (0-based) and their messages. */
function cellMarks(problems) {
  const marks = new Map();
  for (const p of problems) {
    if (!(p.line > 0)) continue;
    const mark = marks.get(p.line) || { columns: new Set(), message: '' };
    const column = /\bcolumn ([A-Z]{1,3})\b/.exec(p.message || '');
    if (column) mark.columns.add(columnIndex(column[1]));
    mark.message = mark.message ? `${mark.message}\n${p.message}` : p.message;
    marks.set(p.line, mark);
  }
  return marks;
}

/** Which rows are the table's header rows (type, object, code, label) and which its rule rows, for styling. */
function rowKinds(rows) {
  const kinds = rows.map(() => 'other-row');
  rows.forEach((row, r) => {
    if ((row.cells[0] || '').trim().toLowerCase().startsWith('ruletable')) {
      for (let k = r + 1; k <= r + 4 && k < rows.length; k++) kinds[k] = 'head-row';
      for (let k = r + 5; k < rows.length && rows[k].cells.some((c) => c.trim()); k++) kinds[k] = 'rule-row';
    }
  });
  return kinds;
}

/** One CSV line's cells: commas separate, a quoted cell may hold commas and doubled quotes. */
export function parseLine(line) {
  const cells = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { cell += '"'; i += 2; }
        else if (line[i] === '"') { i++; break; }
        else { cell += line[i++]; }
      }
      while (i < line.length && line[i] !== ',') cell += line[i++]; // text after a closing quote, as Drools reads it
    } else {
      while (i < line.length && line[i] !== ',') cell += line[i++];
    }
    cells.push(cell);
    if (i >= line.length) return cells;
    i++; // the comma
  }
}

/** Cells back to a CSV line, quoting only cells that need it. */
export function formatLine(cells) {
  return cells.map((c) => (/[",]|^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** 0 → A, 25 → Z, 26 → AA: columns as a spreadsheet names them (and as the service's errors do). */
export function letters(column) {
  let name = '';
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26)) {
    name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
  }
  return name;
}

function columnIndex(name) {
  return [...name].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}
