// Audit: search decisions, open one with its input, output and fired rules, verify the chain, export, see firings.
import { h, fill, api, toast, when, shortVersion, table, jsonBlock, ruleLink } from './core.js';
import { renderDecision } from './try.js';

const FILTERS = [
  ['Account', 'accountId'], ['Position', 'positionId'], ['Symbol', 'symbol'], ['Rule fired (any part of its name)', 'rule'],
  ['Violation', 'violation'],
];

export async function show(main, { args, params }) {
  if (args[0]) {
    return showRecord(main, args[0]);
  }
  const inputs = {};
  const rules = h('datalist', { id: 'known-rules' });
  const codes = h('datalist', { id: 'known-violations' });
  const lists = { rule: 'known-rules', violation: 'known-violations' };
  const fields = FILTERS.map(([label, name]) => {
    inputs[name] = h('input', { id: `q-${name}`, name, value: params.get(name) || '', list: lists[name] });
    return h('div', { class: 'field' }, h('label', { for: `q-${name}` }, label), inputs[name]);
  });
  inputs.verdict = h('select', { id: 'q-verdict', name: 'verdict' },
    ['', 'APPROVE', 'ADJUST', 'REJECT', 'ACT', 'HOLD'].map((v) => h('option', { value: v, selected: params.get('verdict') === v },
      v ? `${v}${v === 'ACT' || v === 'HOLD' ? ' (review)' : ''}` : 'any')));
  // Times are typed in UTC as text: a browser's date picker shows local time in the local format (AM/PM), not UTC.
  const timeInput = (name) => h('input', { id: `q-${name}`, name, type: 'text', inputmode: 'numeric', autocomplete: 'off',
    placeholder: 'YYYY-MM-DD HH:MM:SS', pattern: UTC_TEXT.source, title: 'UTC, 24-hour: 2025-03-31 14:00 (seconds and time optional)',
    value: utcText(params.get(name)) });
  inputs.from = timeInput('from');
  inputs.to = timeInput('to');
  const form = h('form', { class: 'fields', id: 'audit-search' }, fields,
    h('div', { class: 'field' }, h('label', { for: 'q-verdict' }, 'Verdict'), inputs.verdict),
    h('div', { class: 'field' }, h('label', { for: 'q-from' }, 'From (UTC)'), inputs.from),
    h('div', { class: 'field' }, h('label', { for: 'q-to' }, 'To (UTC)'), inputs.to),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'primary', id: 'search' }, 'Search')));
  const results = h('div', { id: 'audit-results' });
  const verify = h('span', { id: 'verify-result' });
  const chart = h('div', { id: 'firing-chart', class: 'chart' });
  main.append(h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Audit'),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', id: 'verify', onclick: verifyChain }, 'Verify chain'), verify,
        h('button', { type: 'button', id: 'export-csv', onclick: () => exportAs('csv') }, 'Export CSV'),
        h('button', { type: 'button', id: 'export-ndjson', onclick: () => exportAs('ndjson') }, 'Export NDJSON'),
        h('span', { class: 'muted' }, 'exports every record between From and To (all when empty)'))),
    form, rules, codes, results, h('h2', {}, 'Rule firings over time'), chart));
  api.get('/api/v1/audit/rules/stats').then((stats) => {
    fill(rules, stats.rules.map((r) => h('option', { value: r.name })));
    fill(codes, Object.keys(stats.violations || {}).map((c) => h('option', { value: c })));
  });
  form.addEventListener('submit', (event) => { event.preventDefault(); search(); });
  search();

  function instant(input) {
    const match = UTC_TEXT.exec(input.value.trim());
    if (!input.value.trim()) {
      return '';
    }
    if (!match) {
      throw new Error(`${input.id === 'q-from' ? 'From' : 'To'}: write the time in UTC as YYYY-MM-DD HH:MM:SS (24-hour)`);
    }
    const [, date, hh = '00', mm = '00', ss = '00'] = match;
    return new Date(`${date}T${hh}:${mm}:${ss}Z`).toISOString();
  }

  function query() {
    const q = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) {
      const value = name === 'from' || name === 'to' ? instant(input) : input.value.trim();
      if (value) {
        q.set(name, value);
      }
    }
    return q;
  }

  async function search(cursor) {
    const q = query();
    if (!cursor) {
      // The search is kept in the address, so the back link of a record (and the browser) returns to it.
      history.replaceState(null, '', `#/audit?${q}`);
      sessionStorage.setItem(LAST_SEARCH, `#/audit?${q}`);
    }
    q.set('limit', '50');
    if (cursor) {
      q.set('cursor', cursor);
    }
    const page = await api.get('/api/v1/audit/evaluations?' + q);
    if (!cursor) {
      fill(results, table(['time (UTC)', 'account', 'position', 'symbol', 'intent', 'verdict', 'violations', 'by', 'rule set'], [],
        { class: 'grid', id: 'audit-table' }));
      drawChart();
    }
    const body = results.querySelector('tbody');
    body.append(...page.items.map((r) => h('tr', {},
      h('td', {}, h('a', { href: `#/audit/${r.id}`, class: 'record-link' }, when(r.evaluatedAt))),
      h('td', {}, r.accountId || ''), h('td', {}, r.positionId || ''), h('td', {}, r.symbol || ''), h('td', {}, r.intentType || ''),
      h('td', {}, h('span', { class: `badge verdict-${r.verdict || 'FAILED'}` }, r.verdict || 'FAILED')),
      h('td', {}, (r.violationCodes || []).join(' ')), h('td', {}, r.principal || ''),
      h('td', {}, h('a', { href: `#/version/${encodeURIComponent(r.rulesetVersion)}` }, shortVersion(r.rulesetVersion))))));
    results.querySelector('.more')?.remove();
    if (!body.children.length) {
      results.append(h('p', { class: 'muted more' }, 'No decision matches.'));
    } else if (page.nextCursor) {
      results.append(h('button', { type: 'button', class: 'more', onclick: () => search(page.nextCursor) }, 'More'));
    }
  }

  async function verifyChain() {
    verify.textContent = 'verifying…';
    const result = await api.get('/api/v1/audit/verify');
    verify.className = result.ok ? 'badge ok' : 'badge bad';
    verify.textContent = result.ok
      ? `chain intact: ${result.checked} records in ${result.chains} chain(s)`
      : `BROKEN at ${result.firstBrokenId}: ${result.reason}`;
  }

  async function exportAs(format) {
    const q = new URLSearchParams({ format });
    if (inputs.from.value) q.set('from', instant(inputs.from));
    if (inputs.to.value) q.set('to', instant(inputs.to));
    await api.download('/api/v1/audit/export?' + q, `audit.${format}`);
    toast(`Exported audit.${format}`);
  }

  async function drawChart() {
    const q = new URLSearchParams({ buckets: '48' });
    if (inputs.from.value) q.set('from', instant(inputs.from));
    if (inputs.to.value) q.set('to', instant(inputs.to));
    const timeline = await api.get('/api/v1/audit/rules/timeline?' + q);
    renderTimeline(chart, timeline);
  }
}

const LAST_SEARCH = 'position-policy.audit-search';

/** An ISO instant as a datetime-local value (UTC, to the second); empty when absent. */
/** A UTC time as people type it: date, optionally hours and minutes, optionally seconds; 24-hour. */
const UTC_TEXT = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?Z?$/;

function utcText(iso) {
  return iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '') : null;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/** Stacked bars: the seven rules fired most, the rest as "other rules". */
function renderTimeline(target, t) {
  const top = t.rules.slice(0, 7);
  const rest = t.rules.slice(7);
  const series = rest.length ? [...top, { name: `${rest.length} other rules`, counts: t.buckets.map((_, i) => rest.reduce((n, r) => n + r.counts[i], 0)) }] : top;
  const totals = t.buckets.map((_, i) => series.reduce((n, s) => n + s.counts[i], 0));
  const max = Math.max(1, ...totals);
  const width = 900;
  const height = 220;
  const left = 40;
  const bottom = 30;
  const barWidth = (width - left) / t.buckets.length;
  const svg = h('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img', 'aria-label': 'Rule firings over time' });
  svg.append(h('line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: '#999' }),
    h('text', { x: left - 4, y: 12, 'text-anchor': 'end', class: 'axis' }, String(max)),
    h('text', { x: left - 4, y: height - bottom, 'text-anchor': 'end', class: 'axis' }, '0'));
  t.buckets.forEach((start, i) => {
    let y = height - bottom;
    series.forEach((s, k) => {
      const count = s.counts[i];
      if (!count) return;
      const barHeight = (count / max) * (height - bottom - 10);
      y -= barHeight;
      svg.append(h('rect', { x: left + i * barWidth + 1, y, width: Math.max(1, barWidth - 2), height: barHeight, fill: COLORS[k % COLORS.length] },
        h('title', {}, `${s.name}: ${count} from ${when(start)}`)));
    });
    if (i % Math.ceil(t.buckets.length / 6) === 0) {
      svg.append(h('text', { x: left + i * barWidth, y: height - 10, class: 'axis' }, when(start).slice(5, 16)));
    }
  });
  fill(target, 
    t.rules.length ? svg : h('p', { class: 'muted' }, `No rule fired between ${when(t.from)} and ${when(t.to)}.`),
    h('ul', { class: 'legend' }, series.map((s, k) => h('li', {}, h('svg', { class: 'swatch', width: 12, height: 12, viewBox: '0 0 12 12' }, h('rect', { width: 12, height: 12, fill: COLORS[k % COLORS.length] })), ' ', s.name,
      s.total !== undefined ? ` (${s.total})` : ''))),
    h('p', { class: 'muted' }, `${when(t.from)} to ${when(t.to)}, ${Math.round(t.bucketSeconds / 60)} minutes per bar.`));
}

async function showRecord(main, id) {
  const r = await api.get(`/api/v1/audit/evaluations/${encodeURIComponent(id)}`);
  const decision = h('div', { id: 'record-decision' });
  main.append(h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Decision ', h('code', {}, r.id)), h('a', { href: sessionStorage.getItem(LAST_SEARCH) || '#/audit' }, '← back to the search')),
    table(['', ''], [
      ['evaluated at', when(r.evaluatedAt)], ['by', r.principal || '—'], ['request id', r.requestId || '—'],
      ['account / position / symbol', `${r.accountId || '—'} / ${r.positionId || '—'} / ${r.symbol || '—'}`],
      ['intent', r.intentType || '—'], ['verdict', r.verdict || 'FAILED'], ['took', `${r.durationMicros} µs`],
      ['rule set', h('a', { href: `#/version/${encodeURIComponent(r.rulesetVersion)}`, id: 'record-version' }, r.rulesetVersion)],
      ['chain', `${r.chainId} #${r.chainSeq}`], ['previous hash', h('code', {}, r.prevHash)], ['hash', h('code', {}, r.hash)],
    ].map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))), { class: 'grid record' }),
    h('h2', {}, 'Rules fired, in order'),
    h('ol', { id: 'record-fired' }, (r.firedRules || []).map((f) => h('li', {}, ruleLink(r.rulesetVersion, f)))),
    h('div', { class: 'two' },
      h('div', {}, h('h2', {}, 'Input'), jsonBlock(r.request, { id: 'record-request' })),
      h('div', {}, h('h2', {}, 'Output'), decision, h('details', {}, h('summary', {}, 'as JSON'), jsonBlock(r.response))))));
  if (r.response && r.response.verdict) {
    renderDecision(decision, r.response);
  } else {
    decision.append(jsonBlock(r.response));
  }
}
