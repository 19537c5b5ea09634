// The Rules page's history: every version that went live (with its changes) and every save that was refused.
import { h, fill, api, when, shortVersion, table } from './core.js';

export function renderHistory(target, entries, operations) {
  const diff = h('div', { id: 'diff' });
  const live = entries.slice(0, 50).map((e, i) => ({ at: Date.parse(e.activatedAt), row: h('tr', {},
    h('td', {}, h('a', { href: `#/version/${encodeURIComponent(e.version)}` }, shortVersion(e.version))),
    h('td', {}, when(e.activatedAt)),
    h('td', {}, e.principal || '—'),
    h('td', {}, e.trigger),
    h('td', {}, entries[i + 1] && entries[i + 1].version !== e.version
      ? h('button', { type: 'button', class: 'link', onclick: () => showDiff(diff, entries[i + 1].version, e.version) }, 'changes') : '')) }));
  // A refused save wrote and activated nothing, but who tried to change what, and why it was refused, is history too.
  const oldest = live.length ? live[live.length - 1].at : 0;
  const refused = operations.filter((o) => o.trigger === 'save' && o.outcome === 'refused' && Date.parse(o.at) >= oldest)
    .map((o) => ({ at: Date.parse(o.at), row: h('tr', { class: 'refused' },
      h('td', {}, h('span', { class: 'badge bad' }, 'not saved')),
      h('td', {}, when(o.at)),
      h('td', {}, o.principal || '—'),
      h('td', {}, `save of ${o.file || '?'} refused`),
      h('td', {}, h('details', {}, h('summary', {}, `${o.problems.length} problem(s)`),
        h('ul', { class: 'problems' }, o.problems.map((p) => h('li', {}, p)))))) }));
  const rows = [...live, ...refused].sort((a, b) => b.at - a.at).map((x) => x.row);
  fill(target, table(['version', 'when', 'by', 'how', ''], rows, { class: 'grid' }), diff);
}

export async function showDiff(target, from, to) {
  const result = await api.get(`/api/v1/rulesets/${encodeURIComponent(from)}/diff/${encodeURIComponent(to)}`);
  fill(target, h('h3', {}, `Changes ${shortVersion(from)} → ${shortVersion(to)}`), fileDiffs(result.files));
  target.scrollIntoView({ behavior: 'smooth' });
}

/** Unified diffs of files ({path, change, diff}), added and removed lines marked. */
export function fileDiffs(files) {
  return files.map((f) => h('details', { open: true, class: 'diff', dataset: { path: f.path } }, h('summary', {}, `${f.path} (${f.change})`),
    h('pre', {}, (f.diff || '').split('\n').map((line) => h('span', {
      class: line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del'
        : line.startsWith('@@') ? 'hunk' : null }, line, '\n')))));
}
