// Try it: evaluate one request, from a form or as raw JSON, and see the decision with the rules that fired, in order.
import { h, fill, api, amount, table, ruleLink, ApiError, hasRole } from './core.js';

const INSTRUMENT = {
  symbol: 'BTCUSDT', contractSize: 0.001, qtyStep: 1, minQty: 1, tickSize: 0.1, minNotional: 5, maxLeverage: 125,
  maintenanceTiers: [{ notionalFloor: 0, rate: 0.004, amount: 0 }, { notionalFloor: 50000, rate: 0.005, amount: 50 }],
};

// The worked example of the policy: step 1 opens 25 contracts; step 3b adds and raises the stop.
const TEMPLATES = {
  'OPEN — worked example step 1': {
    requestId: 'console-open', account: { id: 'acc-1', equity: 5000, tier: 'STANDARD', openRiskOtherPositions: 0 },
    instrument: INSTRUMENT, market: { lastPrice: 69500, markPrice: 69500, atr: 1500 },
    intent: { type: 'OPEN', side: 'LONG', price: 69500, stopPrice: 68500, leverage: 5 },
  },
  'ADD — worked example step 3b': {
    requestId: 'console-add', account: { id: 'acc-1', equity: 5000, tier: 'STANDARD', openRiskOtherPositions: 0 },
    instrument: INSTRUMENT,
    position: { id: 'pos-1', side: 'LONG', quantity: 39, averageEntryPrice: 69751.28205128205, peakQuantity: 39, addsCount: 1,
      firstEntryPrice: 69500, initialStopPrice: 68500, stopPrice: 68500, leverage: 5, entryAtr: 1500, highestPrice: 70800,
      lowestPrice: 69400, tiersTaken: 0 },
    market: { lastPrice: 70800, markPrice: 70795, atr: 1000 },
    intent: { type: 'ADD', side: 'LONG', price: 70800, stopPrice: 69500 },
  },
  'REVIEW — open position at +2R': {
    requestId: 'console-review', account: { id: 'acc-1', equity: 5000, tier: 'STANDARD', openRiskOtherPositions: 0 },
    instrument: INSTRUMENT,
    position: { id: 'pos-1', side: 'LONG', quantity: 25, averageEntryPrice: 69500, peakQuantity: 25, addsCount: 0,
      firstEntryPrice: 69500, initialStopPrice: 68500, stopPrice: 68500, leverage: 5, entryAtr: 1500, highestPrice: 71500,
      lowestPrice: 69400, tiersTaken: 0 },
    market: { lastPrice: 71500, markPrice: 71500, atr: 1500 },
    intent: { type: 'REVIEW' },
  },
};

// Form fields: label, path into the request, kind.
const FIELDS = [
  ['Account id', 'account.id', 'text'], ['Equity (USDT)', 'account.equity', 'number'],
  ['Tier', 'account.tier', ['STANDARD', 'EXPERIENCED']], ['Open risk, other positions (USDT)', 'account.openRiskOtherPositions', 'number'],
  ['Symbol', 'instrument.symbol', 'text'],
  ['Intent', 'intent.type', ['OPEN', 'ADD', 'REDUCE', 'CLOSE', 'REVIEW']], ['Side', 'intent.side', ['', 'LONG', 'SHORT']],
  ['Price', 'intent.price', 'number'], ['Stop price', 'intent.stopPrice', 'number'], ['Quantity', 'intent.quantity', 'number'],
  ['Leverage', 'intent.leverage', 'number'],
  ['Last price', 'market.lastPrice', 'number'], ['Mark price', 'market.markPrice', 'number'], ['ATR (price distance)', 'market.atr', 'number'],
];

// What each metric is, and its unit: money and prices in the quote currency; openRiskPctAfter is a PERCENT (0.5 = 0.5 %),
// while the rules' parameters are fractions (riskPct 0.01 = 1 %).
const METRICS = {
  riskBudget: ['Risk budget', 'USDT'],
  openRiskBefore: ['Open risk before', 'USDT'],
  openRiskAfter: ['Open risk after', 'USDT'],
  openRiskPctAfter: ['Open risk after, share of equity', '% of equity'],
  liquidationPrice: ['Liquidation price', 'USDT per unit'],
  averageEntryPriceAfter: ['Average entry after', 'USDT per unit'],
  notionalAfter: ['Notional after', 'USDT'],
  atr: ['ATR', 'USDT (price distance)'],
};

function read(object, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);
}

function write(object, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  const target = keys.reduce((o, k) => (o[k] ??= {}), object);
  if (value === '' || value === undefined) {
    delete target[last];
  } else {
    target[last] = value;
  }
}

export async function show(main) {
  const raw = h('textarea', { id: 'request-json', class: 'json-input', rows: 28, spellcheck: 'false', 'aria-label': 'Request JSON' });
  const jsonError = h('p', { class: 'error', id: 'json-error' });
  const output = h('div', { id: 'decision' });
  const inputs = {};
  const form = h('form', { class: 'fields', id: 'try-form' }, FIELDS.map(([label, path, kind]) => {
    const id = 'f-' + path.replace('.', '-');
    const input = Array.isArray(kind)
      ? h('select', { id, name: path }, kind.map((v) => h('option', { value: v }, v || '—')))
      : h('input', { id, name: path, type: kind === 'number' ? 'number' : 'text', step: 'any' });
    inputs[path] = { input, kind };
    input.addEventListener('input', formToJson);
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  }));
  const template = h('select', { id: 'template', onchange: () => load(TEMPLATES[template.value]) },
    Object.keys(TEMPLATES).map((name) => h('option', { value: name }, name)));
  raw.addEventListener('input', jsonToForm);
  main.append(h('section', {},
    h('div', { class: 'page-head' }, h('h1', {}, 'Try it'),
      h('p', { class: 'muted' }, 'Evaluate a request against the live rule set. The decision is audited like any other.')),
    h('div', { class: 'two' },
      h('div', {}, h('label', { for: 'template' }, 'Start from'), template, form,
        h('button', { type: 'button', class: 'primary', id: 'evaluate', onclick: evaluate }, 'Evaluate'),
        h('label', { for: 'request-json' }, 'Request (JSON; the form edits it, and you can edit it directly)'), raw, jsonError),
      output)));
  load(TEMPLATES[template.value]);

  function load(request) {
    raw.value = JSON.stringify(request, null, 2);
    jsonToForm();
  }

  function formToJson() {
    let request;
    try {
      request = JSON.parse(raw.value);
    } catch (e) {
      jsonError.textContent = 'Fix the JSON before using the form: ' + e.message;
      return;
    }
    for (const [path, { input, kind }] of Object.entries(inputs)) {
      const value = input.value.trim();
      write(request, path, kind === 'number' ? (value === '' ? undefined : Number(value)) : value);
    }
    raw.value = JSON.stringify(request, null, 2);
    jsonError.textContent = '';
  }

  function jsonToForm() {
    let request;
    try {
      request = JSON.parse(raw.value);
      jsonError.textContent = '';
    } catch (e) {
      jsonError.textContent = 'Not JSON yet: ' + e.message;
      return;
    }
    for (const [path, { input }] of Object.entries(inputs)) {
      const value = read(request, path);
      input.value = value === undefined || value === null ? '' : value;
    }
  }

  async function evaluate() {
    fill(output, h('p', { class: 'muted' }, 'Evaluating…'));
    try {
      const decision = await api.post('/api/v1/evaluations', raw.value, { headers: { 'Content-Type': 'application/json' } });
      renderDecision(output, decision);
    } catch (e) {
      // The error once: each bad field in the list, or the detail when the problem names no field.
      const errors = e.problem?.errors || [];
      fill(output, h('h2', { class: 'error', id: 'verdict' }, e instanceof ApiError && e.problem ? e.problem.title : 'Failed'),
        errors.length
          ? h('ul', { id: 'request-errors', class: 'error' }, errors.map((x) => h('li', {}, h('code', {}, x.field), ' ', x.reason)))
          : h('p', { class: 'error', id: 'request-error' }, e.problem?.detail || e.message));
    }
  }
}

export function renderDecision(target, d) {
  fill(target, 
    h('h2', {}, 'Verdict ', h('span', { id: 'verdict', class: `badge verdict-${d.verdict}` }, d.verdict)),
    h('p', { class: 'muted' }, 'evaluation ',
      hasRole('auditor', 'admin') ? h('a', { href: `#/audit/${d.evaluationId}`, id: 'evaluation-link' }, d.evaluationId) : d.evaluationId,
      ' · rule set ', h('code', {}, (d.rulesetVersion || '').slice(7, 19))),
    d.actions?.length ? [h('h3', {}, 'Actions'), table(['type', 'quantity', 'price', 'stop', 'leverage', 'reason'],
      d.actions.map((a) => h('tr', {}, h('td', {}, a.type), h('td', { class: 'num' }, amount(a.quantity)), h('td', { class: 'num' }, amount(a.price)),
        h('td', { class: 'num' }, amount(a.stopPrice)), h('td', { class: 'num' }, a.leverage ?? '—'), h('td', {}, a.reason || ''))),
      { class: 'grid', id: 'actions' })] : null,
    d.violations?.length ? [h('h3', {}, 'Violations'), h('ul', { id: 'violations' }, d.violations.map((v) => h('li', {},
      h('code', {}, v.code), ' ', v.message || '')))] : null,
    d.adjustments?.length ? [h('h3', {}, 'Adjustments'), h('ul', {}, d.adjustments.map((a) => h('li', {},
      typeof a === 'string' ? a : `${a.field || a.code || ''} ${a.from ?? ''} → ${a.to ?? ''} ${a.reason || a.message || ''}`)))] : null,
    d.metrics ? [h('h3', {}, 'Metrics'), table(['metric', 'value', 'unit'], Object.entries(d.metrics).map(([k, v]) =>
      h('tr', { dataset: { metric: k } }, h('td', {}, METRICS[k]?.[0] || k, ' ', h('code', { class: 'muted' }, k)),
        h('td', { class: 'num' }, typeof v === 'number' ? amount(v) : String(v)),
        h('td', { class: 'unit' }, METRICS[k]?.[1] || ''))), { class: 'grid', id: 'metrics' })] : null,
    h('h3', {}, 'Rules fired, in order'),
    h('ol', { id: 'fired-rules' }, (d.firedRules || []).map((r) => h('li', {}, ruleLink(d.rulesetVersion, r),
      r.message ? h('div', { class: 'muted' }, r.message) : null))));
}
