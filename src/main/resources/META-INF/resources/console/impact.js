// An impact report (recent audited decisions replayed against candidate rules), as the Rules and Changes pages show it.
import { h, when, table, hasRole } from './core.js';

export function impactReport(report, heading = 'your edit') {
  return [
    h('h3', { id: 'impact-heading' }, `Impact: ${report.changed} of ${report.replayed} recent decisions would change`),
    h('p', {}, Object.entries(report.changedBy || {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || 'nothing changes'),
    report.differences.length ? table(['evaluation', 'at', 'what changes', 'recorded', `with ${heading}`],
      report.differences.map((d) => h('tr', {},
        h('td', {}, hasRole('auditor', 'admin') ? h('a', { href: `#/audit/${d.evaluationId}` }, d.evaluationId.slice(0, 8)) : d.evaluationId.slice(0, 8)),
        h('td', {}, when(d.evaluatedAt)),
        h('td', {}, d.error || d.changes.join(', ')),
        h('td', {}, outcome(d.before)),
        h('td', {}, outcome(d.after)))), { class: 'grid' }) : null,
  ];
}

/** A decision in one line: verdict, actions with quantity and stop, violations. */
export function outcome(o) {
  if (!o) {
    return '—';
  }
  const actions = (o.actions || []).map((a) => `${a.type}${a.quantity != null ? ' ' + a.quantity : ''}${a.stopPrice != null ? ' stop ' + a.stopPrice : ''}`);
  return `${o.verdict} ${actions.join(', ')}${o.violations?.length ? ' [' + o.violations.join(', ') + ']' : ''}`;
}
