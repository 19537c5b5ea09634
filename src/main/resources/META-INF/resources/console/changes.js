// Changes: governed rule changes. The list (filtered by state and author), rollbacks, and a change set's own page: its
// files with diffs against the active version and an editor, validation at its lines, scenario differences with
// "Accept", impact and backtest kept with it, the steps the signed-in user may take, and its history.
import { h, fill, api, toast, when, shortVersion, table, hasRole, session, ApiError } from './core.js';
import { createEditor } from './editor.js';
import { withTables } from './grid.js';
import { fileDiffs } from './history.js';
import { impactReport } from './impact.js';

const STATES = ['DRAFT', 'PROPOSED', 'APPROVED', 'ACTIVATING', 'ACTIVE', 'REJECTED', 'WITHDRAWN', 'FAILED'];
const STATE_BADGE = { ACTIVE: 'ok', APPROVED: 'ok', PROPOSED: 'warn', DRAFT: '', REJECTED: 'bad', FAILED: 'bad', WITHDRAWN: '' };

export async function show(main, { args, params }) {
  return args[0] ? showChangeSet(main, args[0]) : showList(main, params);
}

export function stateBadge(state) {
  return h('span', { class: `badge ${STATE_BADGE[state] || ''}`, id: 'change-state' }, state);
}

async function showList(main, params) {
  const state = h('select', { id: 'filter-state' }, h('option', { value: '' }, 'any state'),
    STATES.map((s) => h('option', { value: s, selected: params.get('state') === s }, s)));
  const author = h('input', { id: 'filter-author', placeholder: 'author', value: params.get('author') || '' });
  const list = h('div', { id: 'changes-list' });
  const filter = () => {
    const query = new URLSearchParams();
    if (state.value) {
      query.set('state', state.value);
    }
    if (author.value.trim()) {
      query.set('author', author.value.trim());
    }
    location.hash = `#/changes${query.toString() ? '?' + query : ''}`;
  };
  const settings = await api.get('/api/v1/changes/settings');
  main.append(h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Changes'), h('p', { class: 'status', id: 'approvals-needed' },
      settings.requiredApprovals
        ? `Rule changes need ${settings.requiredApprovals} approval(s) by risk managers who did not write them.`
        : 'No approvals required: a valid change set goes live when it is proposed.')),
    h('form', { class: 'fields', onsubmit: (e) => { e.preventDefault(); filter(); } },
      h('div', { class: 'field' }, h('label', { for: 'filter-state' }, 'State'), state),
      h('div', { class: 'field' }, h('label', { for: 'filter-author' }, 'Author'), author),
      h('div', { class: 'field actions' }, h('button', { type: 'submit', id: 'filter' }, 'Filter'))),
    list,
    hasRole('risk-manager', 'admin') ? await rollbackForms() : null));
  const query = new URLSearchParams();
  ['state', 'author'].forEach((k) => params.get(k) && query.set(k, params.get(k)));
  const sets = await api.get(`/api/v1/changes?${query}`);
  fill(list, sets.length ? table(['title', 'state', 'kind', 'author', 'updated', 'base'], sets.map((s) => h('tr', {},
    h('td', {}, h('a', { href: `#/changes/${s.id}`, class: 'change-link' }, s.title)),
    h('td', {}, stateBadge(s.state)),
    h('td', {}, s.kind === 'EMERGENCY_ROLLBACK' ? h('span', { class: 'badge bad' }, 'emergency') : s.kind.toLowerCase()),
    h('td', {}, s.author),
    h('td', {}, when(s.updatedAt)),
    h('td', {}, shortVersion(s.baseVersion)))), { class: 'grid', id: 'changes-table' })
    : h('p', { class: 'muted' }, 'No change sets. Edit files on the Rules page, or upload a zip of rule files below.'));
}

/** Proposing an archived version again, uploading rule files as a change set, and an admin's emergency rollback. */
async function rollbackForms() {
  const history = await api.get('/api/v1/rulesets');
  const versions = [...new Map(history.map((e) => [e.version, e])).values()];
  const version = h('select', { id: 'rollback-version' }, versions.map((e) => h('option', { value: e.version },
    `${shortVersion(e.version)} (live ${when(e.activatedAt)} by ${e.principal || '—'}, ${e.trigger})`)));
  const reason = h('input', { id: 'rollback-reason', placeholder: 'why', size: 40 });
  const zip = h('input', { id: 'upload-zip', type: 'file', accept: '.zip,application/zip' });
  const zipTitle = h('input', { id: 'upload-title', placeholder: 'title', size: 30 });
  const emergencyReason = h('input', { id: 'emergency-reason', placeholder: 'reason (required)', size: 40, required: true });
  return h('div', {},
    h('h2', {}, 'Roll back'),
    h('form', { class: 'fields', onsubmit: async (e) => {
      e.preventDefault();
      const set = await api.post('/api/v1/changes/rollback', { version: version.value, reason: reason.value });
      location.hash = `#/changes/${set.id}`;
    } },
    h('div', { class: 'field' }, h('label', { for: 'rollback-version' }, 'Archived version'), version),
    h('div', { class: 'field' }, h('label', { for: 'rollback-reason' }, 'Reason'), reason),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', id: 'propose-rollback' }, 'Propose it again as a change set'))),
    hasRole('admin') ? h('form', { class: 'fields', id: 'emergency-form', onsubmit: async (e) => {
      e.preventDefault();
      if (!confirm('Roll back to the previous version now, without approvals? This is recorded as an emergency change.')) {
        return;
      }
      const set = await api.post('/api/v1/changes/emergency-rollback', { reason: emergencyReason.value });
      toast(`Emergency rollback: ${set.state}`);
      location.hash = `#/changes/${set.id}`;
    } },
    h('div', { class: 'field' }, h('label', { for: 'emergency-reason' }, 'Emergency rollback to the previous version (admin; no approvals)'), emergencyReason),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', id: 'emergency-rollback', class: 'danger' }, 'Roll back now'))) : null,
    h('h2', {}, 'Upload rule files'),
    h('form', { class: 'fields', onsubmit: async (e) => {
      e.preventDefault();
      if (!zip.files[0]) {
        return;
      }
      const set = await api.post('/api/v1/changes/upload', zip.files[0], { headers: { 'Content-Type': 'application/zip',
        'X-Title': zipTitle.value || zip.files[0].name } });
      location.hash = `#/changes/${set.id}`;
    } },
    h('div', { class: 'field' }, h('label', { for: 'upload-zip' }, 'A zip of rule files (paths as in the rules directory)'), zip),
    h('div', { class: 'field' }, h('label', { for: 'upload-title' }, 'Title'), zipTitle),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', id: 'upload' }, 'Create a change set'))));
}

async function showChangeSet(main, id) {
  const me = session.user();
  const mayWrite = hasRole('risk-manager', 'admin');
  const page = h('section', { class: 'change' });
  main.append(page);
  const edits = new Map();
  let detail;
  let current = null;
  const editor = withTables(createEditor, { readOnly: () => !draft(), onChange: (text) => { // a .drl.csv table as a grid
    edits.set(current, text);
    renderFileList();
  } });
  const fileTitle = h('h2', { class: 'file-title', id: 'file-title' });
  const fileList = h('ul', { class: 'files', id: 'change-files' });
  const diffs = h('div', { id: 'change-diff' });
  const results = h('div', { class: 'results', id: 'change-results' });
  const actions = h('div', { id: 'change-actions' });
  const history = h('div', { id: 'change-history' });
  const head = h('div', {});
  const kept = h('div', { id: 'change-kept' });
  const addSelect = h('select', { id: 'add-file' }, h('option', { value: '' }, 'edit another file…'));
  const draftTools = h('div', { class: 'toolbar', id: 'draft-tools' }, addSelect,
    h('button', { type: 'button', id: 'save-files', class: 'primary', onclick: saveFiles }, 'Save files to the draft'),
    h('a', { href: `#/rules?change=${encodeURIComponent(id)}` }, 'edit on the Rules page'));
  if (mayWrite) {
    api.get('/api/v1/rulesets/files').then((live) => addSelect.append(...live.files.map((f) => h('option', { value: f.path }, f.path))));
    addSelect.addEventListener('change', () => { if (addSelect.value) { addFile(addSelect.value); addSelect.value = ''; } });
  }
  page.append(head, actions, h('div', { class: 'rules-layout' },
    h('aside', {}, h('h2', {}, 'Files'), fileList),
    h('div', { class: 'rules-main' }, fileTitle, draftTools, editor.element, results)),
  kept, diffs, h('h2', {}, 'History'), history);
  await reload();

  async function reload(next) {
    detail = next?.changeSet ? next : await api.get(`/api/v1/changes/${encodeURIComponent(id)}`);
    edits.clear();
    const set = detail.changeSet;
    fill(head, h('div', { class: 'page-head' }, h('h1', { id: 'change-title' }, set.title), stateBadge(set.state),
      set.kind === 'EMERGENCY_ROLLBACK' ? h('span', { class: 'badge bad', id: 'emergency-flag' }, 'emergency change') : null,
      set.kind === 'ROLLBACK' ? h('span', { class: 'badge' }, 'rollback') : null,
      h('a', { href: '#/changes' }, '← all changes')),
    h('p', { class: 'status' }, `By ${set.author}, ${when(set.createdAt)}. Base ${shortVersion(set.baseVersion)}; active ${shortVersion(detail.activeVersion)}`,
      set.baseVersion !== detail.activeVersion && !['ACTIVE', 'REJECTED', 'WITHDRAWN', 'FAILED'].includes(set.state)
        ? h('span', { class: 'error', id: 'rebase-needed' }, ' — the active version moved on: rebase before it can go live')
        : (detail.changedMeanwhile || []).length ? h('span', { class: 'error', id: 'rebase-needed' },
          ` — ${detail.changedMeanwhile.join(', ')} changed since it was written: rebase before it can go live`) : '',
      set.activatedVersion ? ` — went live as ${shortVersion(set.activatedVersion)}` : '',
      set.activateAt ? h('span', { id: 'activate-at' }, ` — goes live at ${when(set.activateAt)}`) : '',
      `. Approvals: ${set.approvers.length} of ${detail.requiredApprovals}`,
      set.approvers.length ? ` (${set.approvers.join(', ')})` : ''),
    set.description ? h('p', { id: 'change-description' }, set.description) : null);
    fill(diffs, h('h2', {}, 'Changes against the active version'),
      detail.diff.files.length ? fileDiffs(detail.diff.files) : h('p', { class: 'muted' }, 'The same as the active version.'));
    draftTools.hidden = !draft();
    renderFileList();
    open(current && current in set.files ? current : Object.keys(set.files)[0]);
    renderValidation();
    renderKept();
    renderActions();
    renderHistory();
  }

  function draft() {
    return detail?.changeSet.state === 'DRAFT' && mayWrite;
  }

  function renderFileList() {
    const set = detail.changeSet;
    const problems = problemsOf();
    fill(fileList, Object.keys(set.files).map((path) => {
      const count = problems.filter((p) => p.file === path).length;
      return h('li', {}, h('button', { type: 'button', class: path === current ? 'file current' : 'file', dataset: { path },
        onclick: () => open(path) }, path, set.files[path] === null ? h('span', { class: 'muted' }, ' (deleted)') : '',
      edits.has(path) ? h('span', { class: 'dirty', title: 'changed, not saved' }, ' •') : '',
      count ? h('span', { class: 'badge bad' }, ` ${count}`) : ''));
    }));
  }

  function open(path, line) {
    if (!path) {
      return;
    }
    current = path;
    fileTitle.textContent = path;
    // a .drl.xlsx workbook is shown and edited as its table sheet's CSV (the service writes the cells back into it)
    editor.open(edits.get(path) ?? detail.tables?.[path] ?? detail.changeSet.files[path] ?? '', path);
    editor.mark(problemsOf().filter((p) => p.file === path));
    if (line) {
      editor.goTo(line);
    }
    renderFileList();
  }

  function problemsOf() {
    return detail.changeSet.validation?.report?.problems || [];
  }

  async function addFile(path) {
    const live = await api.get('/api/v1/rulesets/files');
    const file = live.files.find((f) => f.path === path);
    detail.changeSet.files[path] = file ? file.text : '';
    if (file?.csv != null) {
      detail.tables = { ...detail.tables, [path]: file.csv };
    }
    edits.set(path, detail.tables?.[path] ?? detail.changeSet.files[path]);
    open(path);
  }

  async function saveFiles() {
    const files = Object.fromEntries(edits);
    await act('files', { files }, 'Saved the files to the draft');
  }

  /** One step of the change set; the page shows the change set as it is afterwards. */
  async function act(action, body, done) {
    try {
      if (edits.size && action !== 'files' && draft()) { // a step is taken on the files as the editor shows them
        await api.post(`/api/v1/changes/${encodeURIComponent(id)}/files`, { files: Object.fromEntries(edits) });
      }
      const result = await api.post(`/api/v1/changes/${encodeURIComponent(id)}/${action}`, body);
      if (action === 'impact') {
        await reload();
      } else {
        await reload(result.changeSet ? result : undefined);
      }
      if (done) {
        toast(done);
      }
      return result;
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        await reload(); // a refused proposal validated again: its problems show below
      }
      results.prepend(h('h3', { class: 'error', id: 'action-error' }, `${action}: ${e.message}`));
      return null;
    }
  }

  function renderValidation() {
    const validation = detail.changeSet.validation;
    if (!validation) {
      fill(results, h('p', { class: 'muted', id: 'result-heading' }, 'Not validated in its current form yet.'));
      return;
    }
    const report = validation.report;
    const differences = validation.scenarioDifferences || [];
    fill(results,
      h('h3', { class: report.problems.length ? 'error' : 'ok', id: 'result-heading' }, report.problems.length
        ? `Not valid: ${report.problems.length} problem(s)` : `Valid: version ${shortVersion(report.version)} compiles and passes every scenario`),
      report.problems.length ? h('ul', { class: 'problems', id: 'problems' }, report.problems.map((p) => h('li', {},
        p.file in detail.changeSet.files || p.line
          ? h('button', { type: 'button', class: 'link', onclick: () => openOrAdd(p.file, p.line) }, `${p.file}${p.line ? ':' + p.line : ''}`)
          : p.file,
        ` ${p.kind ? p.kind + ': ' : ''}${p.message}`))) : null,
      differences.length ? scenarioDifferences(differences, draft() ? () => act('accept-results', undefined,
        'The scenario files now expect what the change set decides') : null) : null);
  }

  async function openOrAdd(path, line) {
    if (!(path in detail.changeSet.files)) {
      await addFile(path);
      edits.delete(path); // opened to read, not yet an edit
    }
    open(path, line);
  }

  function renderKept() {
    const set = detail.changeSet;
    fill(kept,
      set.impact ? h('div', { id: 'change-impact' }, impactReport(set.impact, 'the change set')) : null,
      set.backtestId ? h('p', { id: 'change-backtest' }, 'Backtest of the change set: ',
        h('a', { href: `#/backtests/${set.backtestId}` }, set.backtestId.slice(0, 8))) : null);
  }

  function renderActions() {
    const set = detail.changeSet;
    const isEditor = set.editors.includes(me.name);
    const comment = h('input', { id: 'change-comment', placeholder: 'comment', size: 50 });
    const buttons = [];
    const button = (idName, label, onclick, cls) => buttons.push(h('button', { type: 'button', id: idName, class: cls, onclick }, label));
    const withComment = (action, required) => async () => {
      if (required && !comment.value.trim()) {
        fill(results, h('h3', { class: 'error', id: 'result-heading' }, `${action}: a comment is required`));
        comment.focus();
        return;
      }
      await act(action, comment.value.trim() ? { comment: comment.value.trim() } : {}, `${action}: done`);
    };
    if (mayWrite) {
      const pending = !['ACTIVE', 'REJECTED', 'WITHDRAWN', 'FAILED', 'ACTIVATING'].includes(set.state);
      if (set.state === 'DRAFT') {
        button('validate', 'Validate', () => act('validate', undefined));
        button('impact', 'Impact', async () => {
          fill(kept, h('p', { class: 'muted' }, 'Replaying recent audited decisions against the change set…'));
          await act('impact', undefined);
        });
        buttons.push(backtestForm());
        if (isEditor) {
          button('propose', detail.requiredApprovals ? 'Propose' : 'Propose: it goes live at once (no approvals required)',
            withComment('propose'), 'primary');
        }
      }
      if (set.state === 'PROPOSED' && !isEditor && !set.approvers.includes(me.name)) {
        button('approve', 'Approve', withComment('approve'), 'primary');
      } else if (set.state === 'PROPOSED' && isEditor) {
        buttons.push(h('span', { class: 'muted', id: 'approval-hint' }, 'You wrote or edited it: its approval takes another risk manager.'));
      }
      if (['PROPOSED', 'APPROVED'].includes(set.state) && !isEditor) {
        button('reject', 'Reject', withComment('reject', true));
      }
      if (pending && isEditor) {
        button('withdraw', 'Withdraw', withComment('withdraw'));
      }
      if (pending && (set.baseVersion !== detail.activeVersion || (detail.changedMeanwhile || []).length)) {
        button('rebase', 'Rebase on the active version', () => act('rebase', undefined, 'Rebased and validated again'));
      }
      // With approvals required the time is approved with the change: not live before it, and a new time is approved again
      const approvedTime = detail.requiredApprovals > 0 && set.activateAt && new Date(set.activateAt) > new Date();
      if (set.state === 'APPROVED' && !approvedTime) {
        button('activate', 'Activate now', () => act('activate', undefined, 'Activated'), 'primary');
      }
      if (pending) {
        const again = detail.requiredApprovals > 0 && ['PROPOSED', 'APPROVED'].includes(set.state) ? ': to be approved again' : '';
        const label = () => (at.value ? 'Schedule' : 'Schedule (empty: at once)') + again;
        const at = h('input', { type: 'datetime-local', id: 'activate-at-input', 'aria-label': 'Activate at (your time)' });
        const schedule = h('button', { type: 'button', id: 'schedule', onclick: () =>
          act('schedule', { activateAt: at.value ? new Date(at.value).toISOString() : null }, at.value ? 'Scheduled' : 'No longer scheduled') },
        label());
        at.addEventListener('input', () => { schedule.textContent = label(); });
        buttons.push(h('span', { class: 'toolbar' }, at, schedule));
      }
    }
    fill(actions, buttons.length ? [h('div', { class: 'toolbar' }, comment), h('div', { class: 'toolbar' }, buttons)]
      : h('p', { class: 'muted', id: 'no-actions' }, `Nothing for you to do here: the change set is ${set.state}.`));
  }

  function backtestForm() {
    const file = h('select', { id: 'change-backtest-file' });
    api.get('/api/v1/backtests/files').then((files) => fill(file, files.map((f) => h('option', { value: f }, f))));
    return h('span', { class: 'toolbar' }, file, h('button', { type: 'button', id: 'change-backtest-start', onclick: async () => {
      if (!file.value) {
        toast('No candle files: upload one on the Backtests page', true);
        return;
      }
      const job = await act('backtest', { file: file.value });
      if (job) {
        location.hash = `#/backtests/${job.id}`;
      }
    } }, 'Backtest'));
  }

  function renderHistory() {
    fill(history, table(['when', 'who', 'what', 'state', 'comment', 'detail'], detail.changeSet.events.map((e) => h('tr', { dataset: { action: e.action } },
      h('td', {}, when(e.at)),
      h('td', {}, e.principal || '—'),
      h('td', {}, e.action),
      h('td', {}, e.fromState ? `${e.fromState} → ${e.toState}` : e.toState || ''),
      h('td', {}, e.comment || ''),
      h('td', { class: 'muted' }, e.detail || ''))), { class: 'grid', id: 'change-events' }));
  }

}

/** Each failing scenario as what its file expects next to what the candidate decides, with an Accept button. */
export function scenarioDifferences(differences, accept) {
  const side = (x) => x ? h('div', {},
    h('div', {}, h('span', { class: `badge verdict-${x.verdict}` }, x.verdict || '—')),
    (x.actions || []).map((a) => h('div', { class: 'action' }, [a.type, a.quantity != null ? `quantity ${a.quantity}` : null,
      a.price != null ? `price ${a.price}` : null, a.stopPrice != null ? `stop ${a.stopPrice}` : null,
      a.leverage != null ? `leverage ${a.leverage}` : null, a.reason].filter((v) => v != null).join(' · '))),
    x.violations?.length ? h('div', { class: 'error' }, `violations: ${x.violations.join(', ')}`) : null) : '—';
  return h('div', { id: 'scenario-differences' },
    h('h3', {}, `${differences.length} scenario(s) decide differently with the change set`),
    table(['scenario', 'expected (the scenario file)', 'the change set decides', 'differences'], differences.map((d) => h('tr', { class: 'scenario-difference' },
      h('td', {}, `${d.file}:${d.line}`, h('div', { class: 'muted' }, d.note || `#${d.index}`)),
      h('td', { class: 'expected' }, side(d.expected)),
      h('td', { class: 'decided' }, side(d.decided)),
      h('td', {}, h('ul', { class: 'problems' }, (d.failures || []).map((f) => h('li', {}, f)))))), { class: 'grid' }),
    accept ? h('div', { class: 'toolbar' }, h('button', { type: 'button', id: 'accept-results', class: 'primary', onclick: accept },
      'Accept these results as the new expectations'),
    h('span', { class: 'muted' }, 'The scenario files are rewritten to expect what the change set decides; the rewrite shows in the diff.')) : null);
}
