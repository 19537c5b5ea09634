// Rules: edit the files of the rules directory, validate, see the impact, save (and so reload); history and diffs.
// Also the read-only view of an archived version (#/version/<version>?file=…&rule=…), for auditors' links.
import { h, fill, api, toast, when, shortVersion, hasRole, ApiError } from './core.js';
import { createEditor } from './editor.js';
import { isTable, withTables } from './grid.js';
import { renderHistory } from './history.js';
import { impactReport } from './impact.js';

/** Where the Rules page leaves an unsaved edit for the Backtests page to test. */
export const CANDIDATE_KEY = 'position-policy.candidate';

export async function show(main, { page, args, params }) {
  if (page === 'version') {
    return showVersion(main, args[0], params);
  }
  const state = { dir: null, current: null, edits: new Map(), problems: [] };
  const canEdit = hasRole('risk-manager', 'admin');
  // With approvals required, Save puts the edits into a change set draft (?change=<id>: that one) instead of the files.
  const { requiredApprovals } = await api.get('/api/v1/changes/settings');
  const draftId = params.get('change');
  const status = h('p', { class: 'status', id: 'rules-status' });
  const fileList = h('ul', { class: 'files', id: 'file-list' });
  const results = h('div', { class: 'results', id: 'rules-results' });
  const history = h('div', { class: 'history', id: 'rules-history' });
  const fileTitle = h('h2', { class: 'file-title', id: 'file-title' });
  const editor = withTables(createEditor, { // decision tables open as a grid, other files as text
    readOnly: !canEdit,
    onChange: (text) => {
      const original = state.dir.files.find((f) => f.path === state.current);
      if (original && text === original.text) {
        state.edits.delete(state.current);
      } else {
        state.edits.set(state.current, text);
      }
      forgetProblems(state.current);
      listFiles();
    },
  });
  const buttons = h('div', { class: 'toolbar' },
    h('button', { type: 'button', id: 'validate', onclick: validate }, 'Validate'),
    h('button', { type: 'button', id: 'impact', onclick: impact }, 'Impact'),
    h('button', { type: 'button', id: 'backtest-edit', onclick: backtestEdit, title: 'Backtest the rules with your edit, before saving' }, 'Backtest'),
    h('button', { type: 'button', id: 'save', class: 'primary', onclick: requiredApprovals ? saveToDraft : save,
      title: requiredApprovals ? `Rule changes need ${requiredApprovals} approval(s): your edits go into a change set draft` : null },
    requiredApprovals ? (draftId ? 'Save to the change set' : 'Save as a change set') : 'Save'),
    h('button', { type: 'button', id: 'revert', onclick: revert }, 'Revert file'));
  main.append(h('section', { class: 'rules' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Rules'), status),
    h('div', { class: 'rules-layout' },
      h('aside', {}, h('h2', {}, 'Files'), fileList),
      h('div', { class: 'rules-main' }, fileTitle, canEdit ? buttons : null, editor.element, results)),
    h('h2', {}, 'History'), history));

  window.onbeforeunload = () => (state.edits.size ? 'Your edits are not saved' : undefined);
  window.addEventListener('hashchange', function leave(event) {
    window.removeEventListener('hashchange', leave);
    if (state.edits.size && !event.newURL.includes('#/rules') && !event.newURL.includes('#/backtests')) {
      toast(`${state.edits.size} unsaved edit(s) left on the Rules page were dropped`, true);
    }
    window.onbeforeunload = null;
  });
  await load();
  if (draftId) {
    await editDraft(draftId);
  }
  open(params.get('file') || state.dir.files[0]?.path, params.get('rule'));
  loadHistory();

  async function load() {
    state.dir = await api.get('/api/v1/rulesets/files');
    // The editor works in LF; a file kept with CRLF line ends is sent back with them, so a save changes only the edit.
    for (const f of state.dir.files) {
      f.crlf = f.text.includes('\r\n');
      f.text = f.text.replace(/\r\n/g, '\n');
      f.text = f.csv ?? f.text; // a .drl.xlsx workbook is edited as its table sheet's cells (the service writes them back)
    }
    const last = await api.get('/api/v1/rulesets/status');
    fill(status, 
      state.dir.live
        ? h('span', { class: 'badge ok' }, 'live')
        : h('span', { class: 'badge warn' }, 'not live'),
      ` Active version ${shortVersion(state.dir.activeVersion)}`,
      last.activatedAt ? ` since ${when(last.activatedAt)}` : '',
      !state.dir.live && last.lastAttempt && last.lastAttempt.problems.length
        ? h('span', { class: 'error' }, ` — the files on disk were rejected: ${last.lastAttempt.problems.length} problem(s)`)
        : '');
    listFiles();
  }

  function listFiles() {
    fill(fileList, ...state.dir.files.map((f) => {
      const errors = state.problems.filter((p) => p.file === f.path).length;
      return h('li', {},
        h('button', { type: 'button', class: f.path === state.current ? 'file current' : 'file', dataset: { path: f.path },
          onclick: () => open(f.path) },
        f.path, state.edits.has(f.path) ? h('span', { class: 'dirty', title: 'changed, not saved' }, ' •') : '',
        errors ? h('span', { class: 'badge bad' }, ` ${errors}`) : ''));
    }));
  }

  function open(path, rule) {
    const file = state.dir.files.find((f) => f.path === path);
    if (!file) {
      return;
    }
    state.current = path;
    fileTitle.textContent = path;
    editor.open(state.edits.get(path) ?? file.text, path);
    markProblems();
    listFiles();
    if (rule) {
      const line = editor.lineOf(isTable(path) ? `${rule},` : `rule "${rule}"`); // a table row starts with its name
      if (line) {
        editor.goTo(line);
      }
    }
  }

  function markProblems() {
    editor.mark(state.problems.filter((p) => p.file === state.current));
  }

  function candidateFiles() {
    const files = {};
    state.edits.forEach((text, path) => { files[path] = outgoing(path, text); });
    if (!Object.keys(files).length) {
      files[state.current] = outgoing(state.current, editor.text);
    }
    return files;
  }

  function outgoing(path, text) {
    return state.dir.files.find((f) => f.path === path)?.crlf ? text.replace(/\n/g, '\r\n') : text;
  }

  function showProblems(report, heading) {
    state.problems = report.problems || [];
    markProblems();
    listFiles();
    fill(results, h('h3', { class: state.problems.length ? 'error' : 'ok', id: 'result-heading' }, heading),
      state.problems.length ? h('ul', { class: 'problems', id: 'problems' }, state.problems.map((p) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => { open(p.file); if (p.line) editor.goTo(p.line); } },
          `${p.file}${p.line ? ':' + p.line : ''}`),
        ` ${p.kind ? p.kind + ': ' : ''}${p.message}`))) : null,
      report.totalMillis !== undefined
        ? h('p', { class: 'muted' }, `${report.files} files, ${report.scenarios} scenario files; compile ${report.compileMillis} ms, `
          + `scenarios ${report.checkMillis} ms, total ${report.totalMillis} ms`) : null);
  }

  async function validate() {
    const report = await api.post('/api/v1/rulesets/validate', { files: candidateFiles() });
    showProblems(report, report.problems.length
      ? `Not valid: ${report.problems.length} problem(s)` : `Valid: version ${shortVersion(report.version)} compiles and passes every scenario`);
  }

  async function impact() {
    fill(results, h('p', { class: 'muted' }, 'Replaying recent audited decisions against your edit…'));
    try {
      const report = await api.post('/api/v1/rulesets/impact', { files: candidateFiles(), limit: 1000, show: 20 });
      state.problems = [];
      markProblems();
      fill(results, impactReport(report));
    } catch (e) {
      if (e instanceof ApiError && e.problem && e.problem.errors) {
        showProblems({ problems: e.problem.errors.map(problemFromError) }, 'Not valid: the impact needs rules that compile');
      } else {
        fill(results, h('h3', { class: 'error', id: 'result-heading' }, 'The impact report failed'), h('p', { class: 'error' }, e.message));
      }
    }
  }

  async function save() {
    const path = state.current;
    const others = [...state.edits.keys()].filter((p) => p !== path);
    if (others.length && !confirm(`Save saves ${path} only, checked with the other files as they are on disk; `
      + `your edits to ${others.join(', ')} stay unsaved. Save ${path}?`)) {
      return;
    }
    const original = state.dir.files.find((f) => f.path === path);
    const result = await api.put(`/api/v1/rulesets/files/${path.split('/').map(encodeURIComponent).join('/')}`,
      outgoing(path, editor.text), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'If-Match': `"${original.sha256}"` }, ok: [412, 422] });
    if (result.status === 412) {
      fill(results, h('h3', { class: 'error', id: 'result-heading' }, 'Not saved: someone changed this file since you opened it'),
        h('p', {}, result.detail),
        h('button', { type: 'button', id: 'rebase', onclick: async () => {
          const mine = editor.text;
          await load();
          state.edits.set(path, mine);
          open(path);
          fill(results, h('p', {}, 'The file on disk is now the base; your text is still in the editor. See the history '
            + 'below for what changed, then save again to replace it.'));
          loadHistory();
        } }, 'Keep my text and take the file on disk as the base'));
      return;
    }
    const report = result.report; // a refusal (422) is a rules-invalid problem that carries the report too
    if (result.status === 422 && !result.written) { // written but its reload rejected: saved, shown below
      showProblems(report, `Not saved: ${report.problems.length} problem(s); the service keeps serving ${shortVersion(state.dir.activeVersion)}`);
      if (report.problems.every((p) => p.kind === 'scenario')) {
        results.append(h('p', {}, 'Only scenario expectations stand in the way. If the new results are what you meant: ',
          h('button', { type: 'button', id: 'accept-and-save', class: 'primary', onclick: () => acceptAndSave(path) },
            'Accept these results as the new expectations and save')));
      }
      loadHistory(); // the refused attempt is part of the history
      return;
    }
    state.edits.delete(path);
    sessionStorage.removeItem(CANDIDATE_KEY);
    await load();
    open(path);
    showProblems(report, report.outcome === 'activated'
      ? `Saved; version ${shortVersion(report.version)} is live (reload ${report.totalMillis} ms)`
      : `Saved; reload: ${report.outcome}`);
    toast(`Saved ${path}`);
    loadHistory();
  }

  /**
   * No approvals required: the file and the scenario expectations it moves go live together, as a change set that is
   * created, has its results accepted and is proposed (which activates it) in one step.
   */
  async function acceptAndSave(path) {
    const files = { [path]: outgoing(path, editor.text) };
    const set = await api.post('/api/v1/changes', { title: `Edit of ${path} with its scenario expectations`, files });
    const accepted = await api.post(`/api/v1/changes/${set.id}/accept-results`);
    const link = h('a', { href: `#/changes/${set.id}` }, 'the change set');
    try {
      const done = await api.post(`/api/v1/changes/${set.id}/propose`, { comment: 'saved from the Rules page with the accepted scenario results' });
      if (done.state !== 'ACTIVE') {
        throw new Error(`the change set is ${done.state}`);
      }
      state.edits.delete(path);
      sessionStorage.removeItem(CANDIDATE_KEY);
      await load();
      open(path);
      showProblems({ problems: [] }, `Saved ${Object.keys(accepted.files).join(', ')}; version ${shortVersion(done.activatedVersion)} is live`);
      results.append(h('p', {}, 'See ', link, ' for the rewritten expectations and the history.'));
      toast(`Saved ${path} and its scenario expectations`);
      loadHistory();
    } catch (e) {
      fill(results, h('h3', { class: 'error', id: 'result-heading' }, `Not saved: ${e.message}`), h('p', {}, 'Open ', link, ' to see why.'));
    }
  }

  /** Approvals required: the edits (all of them, or the file shown) go into the change set draft, which is validated. */
  async function saveToDraft() {
    const files = candidateFiles();
    let id = draftId;
    if (id) {
      await api.post(`/api/v1/changes/${encodeURIComponent(id)}/files`, { files });
    } else {
      id = (await api.post('/api/v1/changes', { title: `Edit of ${Object.keys(files).join(', ')}`, files })).id;
    }
    await api.post(`/api/v1/changes/${encodeURIComponent(id)}/validate`);
    state.edits.clear();
    sessionStorage.removeItem(CANDIDATE_KEY);
    toast('Saved to the change set draft; it goes live once proposed and approved');
    location.hash = `#/changes/${id}`;
  }

  /** The files of a change set draft, as edits over the live files. */
  async function editDraft(id) {
    const { changeSet, tables } = await api.get(`/api/v1/changes/${encodeURIComponent(id)}`);
    for (const [path, text] of Object.entries(changeSet.files)) {
      if (text !== null && state.dir.files.some((f) => f.path === path)) {
        state.edits.set(path, (tables?.[path] ?? text).replace(/\r\n/g, '\n')); // a workbook as its sheet's CSV
      }
    }
    status.append(' — editing change set ', h('a', { href: `#/changes/${encodeURIComponent(id)}`, id: 'editing-change' }, changeSet.title));
    listFiles();
  }

  function backtestEdit() {
    sessionStorage.setItem(CANDIDATE_KEY, JSON.stringify(candidateFiles()));
    location.hash = '#/backtests';
  }

  function revert() {
    if (state.edits.has(state.current) && !confirm(`Discard your edits to ${state.current}?`)) {
      return;
    }
    state.edits.delete(state.current);
    sessionStorage.removeItem(CANDIDATE_KEY);
    forgetProblems(state.current);
    open(state.current);
    fill(results);
  }

  /** Problems were found in a text that is gone (reverted or edited again): their badges and marks go with it. */
  function forgetProblems(path) {
    if (state.problems.some((p) => p.file === path)) {
      state.problems = state.problems.filter((p) => p.file !== path);
      markProblems();
    }
  }

  async function loadHistory() {
    const [entries, operations] = await Promise.all([api.get('/api/v1/rulesets'), api.get('/api/v1/rulesets/operations?limit=200')]);
    renderHistory(history, entries, operations);
  }
}

function problemFromError(e) {
  const match = /^(.*?):(\d+)$/.exec(e.field || '');
  return match ? { file: match[1], line: Number(match[2]), kind: '', message: e.reason }
    : { file: e.field, line: 0, kind: '', message: e.reason };
}

async function showVersion(main, version, params) {
  const set = await api.get(`/api/v1/rulesets/${encodeURIComponent(version)}`);
  const files = Object.keys(set.files);
  const editor = withTables(createEditor, { readOnly: true });
  const title = h('h2', { class: 'file-title' });
  const list = h('ul', { class: 'files' });
  function open(path, rule) {
    title.textContent = path;
    editor.open(set.tables?.[path] ?? set.files[path] ?? '', path); // a workbook as its table sheet's CSV
    fill(list, ...files.map((f) => h('li', {}, h('button', { type: 'button', class: f === path ? 'file current' : 'file',
      onclick: () => open(f) }, f))));
    if (rule) {
      const line = editor.lineOf(isTable(path) ? `${rule},` : `rule "${rule}"`); // a table row starts with its name
      if (line) {
        editor.goTo(line);
      }
    }
  }
  main.append(h('section', { class: 'rules' },
    h('div', { class: 'page-head' }, h('h1', {}, `Rule set ${shortVersion(version)}`),
      h('p', { class: 'status' }, h('code', { id: 'version-full' }, set.version), ` — first live ${when(set.firstActivatedAt)}; `,
        set.activations.map((a) => `${a.trigger} by ${a.principal || '—'} at ${when(a.activatedAt)}`).join('; '))),
    h('div', { class: 'rules-layout' }, h('aside', {}, h('h2', {}, 'Files'), list),
      h('div', { class: 'rules-main' }, title, editor.element))));
  const wanted = params.get('file');
  open(files.includes(wanted) ? wanted : files[0], params.get('rule'));
}
