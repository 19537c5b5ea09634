// Backtests: start one on a candle file of the data directory or an uploaded CSV, watch its progress, compare policy and baseline.
import { h, fill, session, api, toast, num, pct, when, shortVersion, table, hasRole } from './core.js';

const METRICS = [
  ['Final equity', 'finalEquity', (v) => num(v, 2)], ['Total return', 'totalReturn', (v) => pct(v)], ['CAGR', 'cagr', (v) => pct(v)],
  ['Max drawdown', 'maxDrawdown', (v) => pct(v)], ['Sharpe', 'sharpe', (v) => num(v, 2)], ['Sortino', 'sortino', (v) => num(v, 2)],
  ['Profit factor', 'profitFactor', (v) => num(v, 2)], ['Win rate', 'winRate', (v) => pct(v)], ['Average R', 'averageR', (v) => num(v, 2)],
  ['Exposure', 'exposure', (v) => pct(v, 0)], ['Trades', 'trades', (v) => num(v, 0)], ['Fees', 'feesPaid', (v) => num(v, 2)],
  ['Funding', 'fundingPaid', (v) => num(v, 2)],
];

export async function show(main, { args }) {
  if (args[0]) {
    return showJob(main, args[0]);
  }
  const canStart = hasRole('risk-manager', 'admin');
  const jobs = h('div', { id: 'backtest-jobs' });
  main.append(h('section', {}, h('div', { class: 'page-head' }, h('h1', {}, 'Backtests')),
    canStart ? await startForm() : h('p', { class: 'muted' }, 'Your roles may read backtests; starting one needs risk-manager.'),
    h('h2', {}, 'Recent backtests'), jobs));
  const list = await api.get('/api/v1/backtests');
  jobs.append(list.length ? table(['started', 'file', 'rule set', 'by', 'status', ''], list.slice().reverse().map((j) => h('tr', {},
    h('td', {}, when(j.createdAt)), h('td', {}, fileLabel(j.source)), h('td', { class: 'ruleset' }, ruleSetLabel(j.ruleSet)),
    h('td', {}, j.principal), h('td', {}, j.status),
    h('td', {}, h('a', { href: `#/backtests/${j.id}` }, 'open')))), { class: 'grid', id: 'bt-jobs' }) : h('p', { class: 'muted' }, 'None yet.'));
}

/** An uploaded file by the name it was uploaded as (uploads/<hash>/<name>); a data-directory file by its path. */
export function fileLabel(file) {
  const match = /^uploads\/[0-9a-f]+\/(.+)$/.exec(file || '');
  return match ? `${match[1]} (uploaded)` : file;
}

/** Which rule set ran: the active one, an archived version, or a candidate that was never live. */
function ruleSetLabel(run) {
  if (!run) {
    return '—';
  }
  const kind = { active: 'active version', archived: 'archived version', candidate: 'candidate (never live)' }[run.kind] || run.kind;
  return `${kind} ${shortVersion(run.version)}`;
}

async function startForm() {
  const [files, history] = await Promise.all([api.get('/api/v1/backtests/files'), api.get('/api/v1/rulesets')]);
  const file = h('select', { id: 'bt-file', name: 'file' },
    files.length ? null : h('option', { value: '' }, 'no candle files in the data directory: upload one'),
    files.map((f) => h('option', { value: f }, fileLabel(f))));
  const upload = h('input', { id: 'bt-upload', type: 'file', accept: '.csv,.gz,text/csv' });
  const uploaded = h('span', { id: 'bt-upload-result', class: 'muted' });
  // A problem with the file is shown at the upload box, where it is fixed; others below the form. Each once.
  const fileError = h('p', { class: 'error', id: 'bt-file-error', role: 'alert' });
  const versions = [...new Map(history.map((e) => [e.version, e])).values()];
  const candidate = JSON.parse(sessionStorage.getItem('position-policy.candidate') || 'null');
  const ruleset = h('select', { id: 'bt-ruleset' },
    candidate ? h('option', { value: 'candidate', selected: true }, `your edit from the Rules page (${Object.keys(candidate).join(', ')}), not saved`) : null,
    h('option', { value: '' }, 'the active rule set'),
    versions.map((e) => h('option', { value: e.version }, `${shortVersion(e.version)} (live ${when(e.activatedAt)} by ${e.principal || '—'})`)));
  const settings = {
    initialEquity: h('input', { id: 'bt-equity', type: 'number', value: 10000, min: 1, step: 'any' }),
    tier: h('select', { id: 'bt-tier' }, ['STANDARD', 'EXPERIENCED'].map((t) => h('option', { value: t }, t))),
    breakoutBars: h('input', { id: 'bt-breakout', type: 'number', value: 20, min: 2, max: 1000 }),
    stopAtr: h('input', { id: 'bt-stop-atr', type: 'number', value: 2, min: 0.1, max: 20, step: 'any' }),
  };
  const error = h('p', { class: 'error', id: 'bt-error', role: 'alert' });
  function clearErrors() {
    fileError.textContent = '';
    error.textContent = '';
  }
  function showError(e) {
    const errors = e.problem?.errors || [];
    const onFile = errors.filter((x) => x.field === '$.file' || x.field === 'body');
    const others = errors.filter((x) => !onFile.includes(x));
    if (onFile.length) {
      fileError.textContent = onFile.map((x) => (x.field === '$.file' ? `Candle file: ${x.reason}` : x.reason)).join('; ');
      upload.focus();
    }
    if (others.length) {
      error.textContent = others.map((x) => `${x.field} ${x.reason}`).join('; ');
    } else if (!onFile.length) {
      error.textContent = e.message;
    }
  }
  upload.addEventListener('change', async () => {
    const chosen = upload.files[0];
    if (!chosen) return;
    clearErrors();
    uploaded.textContent = `uploading ${chosen.name}…`;
    try {
      const result = await api.post('/api/v1/backtests/uploads', chosen, {
        headers: { 'Content-Type': chosen.name.endsWith('.gz') ? 'application/gzip' : 'text/csv', 'X-File-Name': encodeURIComponent(chosen.name) } });
      [...file.options].filter((o) => !o.value || o.value === result.file).forEach((o) => o.remove());
      file.append(h('option', { value: result.file, selected: true }, fileLabel(result.file)));
      file.value = result.file;
      uploaded.textContent = `${result.name || chosen.name}: ${num(result.candles, 0)} candles, ${when(result.from)} to ${when(result.to)}`;
    } catch (e) {
      uploaded.textContent = '';
      showError(e);
    }
  });
  const form = h('form', { class: 'fields', id: 'bt-form' },
    h('div', { class: 'field wide' }, h('label', { for: 'bt-file' }, 'Candle file'), file),
    h('div', { class: 'field wide' }, h('label', { for: 'bt-upload' }, 'or upload a CSV (datetime,open,high,low,close,volume)'), upload, uploaded, fileError),
    h('div', { class: 'field wide' }, h('label', { for: 'bt-ruleset' }, 'Rule set'), ruleset),
    h('div', { class: 'field' }, h('label', { for: 'bt-equity' }, 'Initial equity'), settings.initialEquity),
    h('div', { class: 'field' }, h('label', { for: 'bt-tier' }, 'Tier'), settings.tier),
    h('div', { class: 'field' }, h('label', { for: 'bt-breakout' }, 'Breakout bars'), settings.breakoutBars),
    h('div', { class: 'field' }, h('label', { for: 'bt-stop-atr' }, 'Stop (× ATR)'), settings.stopAtr),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'primary', id: 'bt-start' }, 'Start backtest')),
    error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    const body = {
      file: file.value, initialEquity: Number(settings.initialEquity.value), tier: settings.tier.value,
      breakoutBars: Number(settings.breakoutBars.value), stopAtr: Number(settings.stopAtr.value),
    };
    if (ruleset.value === 'candidate') {
      body.files = candidate;
    } else if (ruleset.value) {
      body.rulesetVersion = ruleset.value;
    }
    try {
      const job = await api.post('/api/v1/backtests', body);
      if (body.files) {
        sessionStorage.removeItem('position-policy.candidate');
      }
      location.hash = `#/backtests/${job.id}`;
    } catch (e) {
      showError(e);
    }
  });
  return form;
}

async function showJob(main, id) {
  const progress = h('progress', { id: 'bt-progress', max: 1, value: 0 });
  const status = h('span', { id: 'bt-status' });
  const cancel = h('button', { type: 'button', id: 'bt-cancel', hidden: !hasRole('risk-manager', 'admin'),
    onclick: async () => { await api.del(`/api/v1/backtests/${id}`); toast('Cancelling'); } }, 'Cancel');
  const body = h('div', { id: 'bt-result' });
  main.append(h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Backtest'), h('a', { href: '#/backtests' }, '← all backtests')),
    h('p', {}, progress, ' ', status, ' ', cancel), body));
  let view;
  for (;;) {
    view = await api.get(`/api/v1/backtests/${id}`);
    progress.value = view.progress;
    status.textContent = `${view.status} — ${fileLabel(view.source)} — ${(view.progress * 100).toFixed(0)} %`;
    if (!['QUEUED', 'RUNNING'].includes(view.status) || !document.body.contains(progress)) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (!session.user() || !document.body.contains(progress)) {
      return;
    }
  }
  cancel.hidden = true;
  if (view.status !== 'DONE') {
    body.append(h('p', { class: 'error' }, view.error || `The backtest ended ${view.status}`));
    return;
  }
  const r = view.result;
  const archived = (await api.get('/api/v1/rulesets')).some((e) => e.version === r.rulesetVersion);
  const chart = h('img', { id: 'bt-chart', class: 'equity', alt: 'Equity of policy and baseline' });
  api.imageUrl(`/api/v1/backtests/${id}/equity.svg`).then((url) => { chart.src = url; });
  const rejections = Object.entries(r.policyRejections || {});
  fill(body,
    h('p', {}, `${num(r.candles, 0)} candles from ${when(r.from)} to ${when(r.to)}, rule set `,
      archived ? h('a', { href: `#/version/${encodeURIComponent(r.rulesetVersion)}` }, shortVersion(r.rulesetVersion))
        : h('span', { id: 'bt-candidate' }, `${shortVersion(r.rulesetVersion)} (a candidate, never live)`),
      `; ${num(r.policyEvaluations, 0)} policy evaluations; ${r.gaps} gaps in the data; `,
      `${num(r.candlesPerSecond, 0)} candles/s.`),
    chart,
    h('h2', {}, 'Policy vs baseline'),
    table(['', 'policy (scale in, tiered exits)', 'baseline (one entry, stop or 3R)'], METRICS.map(([label, key, format]) =>
      h('tr', {}, h('th', {}, label), h('td', { class: 'num' }, format(r.policy.metrics[key])), h('td', { class: 'num' }, format(r.baseline.metrics[key])))),
    { class: 'grid', id: 'bt-metrics' }),
    rejections.length ? h('p', { class: 'muted' }, 'Policy rejections: ', rejections.map(([k, v]) => `${k} ${v}`).join(', ')) : null,
    h('h2', {}, 'Trades'), trades(r.policy, 'policy'), trades(r.baseline, 'baseline'));
}

function trades(book, name) {
  const pageSize = 100;
  const rows = h('tbody');
  const more = h('button', { type: 'button', class: 'more' }, 'More');
  let shown = 0;
  function next() {
    rows.append(...book.trades.slice(shown, shown + pageSize).map((t) => h('tr', {},
      h('td', { class: 'num' }, t.number), h('td', {}, t.side), h('td', {}, when(t.openedAt)), h('td', {}, when(t.closedAt)),
      h('td', {}, t.fills.map((f) => `${f.kind} ${num(f.quantity, 4)} @ ${num(f.price, 2)}${f.reason && f.reason !== f.kind ? ' (' + f.reason + ')' : ''}`).join(' · ')),
      h('td', { class: 'num' }, num(t.netPnl, 2)), h('td', { class: 'num' }, num(t.rMultiple, 2)), h('td', {}, t.exitReason))));
    shown += pageSize;
    more.hidden = shown >= book.trades.length;
  }
  more.addEventListener('click', next);
  next();
  return h('details', { open: name === 'policy', class: 'trades' },
    h('summary', {}, `${name}: ${book.trades.length} trades`),
    h('table', { class: 'grid', id: `bt-trades-${name}` },
      h('thead', {}, h('tr', {}, ['#', 'side', 'opened', 'closed', 'fills', 'net P&L', 'R', 'exit'].map((x) => h('th', {}, x)))), rows),
    more);
}
