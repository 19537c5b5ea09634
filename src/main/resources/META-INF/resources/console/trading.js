// Trading: the kill switch and the trading states in force at each scope, set and cleared with a reason (risk managers
// and admins; auditors read), and the hash-chained change log with its verification.
import { h, fill, api, toast, when, table, hasRole } from './core.js';

const BASE = '/api/v1/controls/trading-states';
const SCOPES = [
  { scope: 'GLOBAL', title: 'Everything' },
  { scope: 'ACCOUNT', title: 'Accounts' },
  { scope: 'SYMBOL', title: 'Symbols' },
  { scope: 'ACCOUNT_SYMBOL', title: 'Account + symbol' },
];
const STATE_BADGE = { ACTIVE: 'ok', REDUCING: 'warn', HALTED: 'bad' };
// Other operators change states too: the page re-reads them while it is shown.
const REFRESH_MS = 5000;

export async function show(main) {
  const canChange = hasRole('risk-manager', 'admin');
  const status = h('p', { class: 'status', id: 'trading-status' });
  const killSwitch = h('section', { class: 'card kill-switch', id: 'kill-switch' });
  const inForce = h('div', { id: 'states-in-force' });
  const chain = h('p', { id: 'chain-status' });
  const log = h('div', { id: 'change-log' });
  const form = stateForm(canChange, apply);
  const dialog = haltDialog(apply);

  main.append(h('section', { class: 'trading' },
    h('div', { class: 'page-head' }, h('h1', {}, 'Trading'), status),
    killSwitch,
    h('h2', {}, 'States in force'),
    h('p', { class: 'muted' }, 'ACTIVE everywhere unless listed. REDUCING lets only REDUCE and CLOSE through; HALTED '
      + 'rejects every order (a REVIEW still answers, with a note). Where several apply, the most restrictive wins.'),
    inForce,
    canChange ? form.element : h('p', { class: 'muted', id: 'read-only' }, 'Read-only: risk managers and admins set and clear states.'),
    h('h2', {}, 'Change log'),
    h('div', { class: 'toolbar' }, chain, h('button', { type: 'button', id: 'verify-chain', onclick: verify }, 'Verify again')),
    log),
  dialog.element);

  let shownSeq = null;
  await refresh();
  const timer = setInterval(async () => {
    if (!main.isConnected) {
      clearInterval(timer); // the user moved to another page
      return;
    }
    try {
      // Redrawn only when a change came in, so nothing moves under the pointer in between.
      if (!dialog.open() && (await api.get(BASE)).changeSeq !== shownSeq) {
        await refresh();
      }
    } catch (e) {
      // shown again on the next tick or action
    }
  }, REFRESH_MS);

  async function refresh() {
    const [current, changes] = await Promise.all([api.get(BASE), api.get(`${BASE}/changes?limit=100`)]);
    shownSeq = current.changeSeq;
    const states = current.states.map(normalise);
    const global = states.find((s) => s.scope === 'GLOBAL');
    fill(status, `Change ${current.changeSeq}; ${states.length ? `${states.length} state(s) other than ACTIVE` : 'ACTIVE everywhere'}`);
    renderKillSwitch(global);
    fill(inForce, ...SCOPES.map(({ scope, title }) => scopeSection(scope, title, states.filter((s) => s.scope === scope))));
    renderLog(changes);
    main.querySelector('section.trading').dataset.seq = current.changeSeq;
    await verify();
  }

  function renderKillSwitch(global) {
    const halted = global?.state === 'HALTED';
    fill(killSwitch,
      h('div', { class: 'kill-head' },
        h('span', { class: `badge big ${STATE_BADGE[global?.state || 'ACTIVE']}`, id: 'global-state' }, global?.state || 'ACTIVE'),
        h('span', {}, global ? ` everywhere since ${when(global.since)} by ${global.setBy}: ${global.reason}` : ' everywhere')),
      !canChange ? null : halted
        ? h('button', { type: 'button', id: 'resume-all', class: 'resume',
          onclick: () => form.prefill({ scope: 'GLOBAL', state: 'ACTIVE' }) }, 'Resume trading…')
        : h('button', { type: 'button', id: 'halt-all', class: 'halt-all', onclick: () => dialog.ask() }, 'HALT ALL'),
      canChange && !halted ? h('p', { class: 'muted' }, 'Rejects every order on every account and symbol, on every '
        + 'replica within a second, until cleared. You will be asked for a reason and to confirm.') : null);
  }

  function scopeSection(scope, title, states) {
    const keyHeads = { GLOBAL: [], ACCOUNT: ['account'], SYMBOL: ['symbol'], ACCOUNT_SYMBOL: ['account', 'symbol'] }[scope];
    return h('div', { class: 'scope', dataset: { scope } }, h('h3', {}, title),
      states.length
        ? table([...keyHeads, 'state', 'why', 'set by', 'since', ''], states.map((s) => h('tr', { dataset: keysOf(s) },
          keyHeads.map((k) => h('td', {}, k === 'account' ? s.accountId : s.symbol)),
          h('td', {}, h('span', { class: `badge ${STATE_BADGE[s.state]}` }, s.state)),
          h('td', {}, s.reason), h('td', {}, s.setBy || '—'), h('td', {}, when(s.since)),
          h('td', {}, canChange ? h('button', { type: 'button', class: 'link clear-state',
            onclick: () => form.prefill({ ...s, state: 'ACTIVE' }) }, 'Clear…') : ''))), { class: 'grid' })
        : h('p', { class: 'muted' }, 'ACTIVE'));
  }

  function renderLog(changes) {
    fill(log, changes.length
      ? table(['#', 'when', 'who', 'scope', 'change', 'why'], changes.map((c) => h('tr', { dataset: { seq: c.seq } },
        h('td', { class: 'num' }, c.seq),
        h('td', {}, when(c.changedAt)),
        h('td', {}, c.principal, h('span', { class: 'muted' }, c.instanceId ? ` via ${c.instanceId}` : '')),
        h('td', {}, describeScope(c)),
        h('td', {}, h('span', { class: `badge ${STATE_BADGE[c.oldState]}` }, c.oldState), ' → ',
          h('span', { class: `badge ${STATE_BADGE[c.newState]}` }, c.newState)),
        h('td', {}, c.reason))), { class: 'grid', id: 'changes' })
      : h('p', { class: 'muted' }, 'No state has been changed yet.'));
  }

  async function verify() {
    const result = await api.get(`${BASE}/verify`);
    fill(chain, result.ok
      ? h('span', { class: 'badge ok', id: 'chain-ok' }, `chain verified: ${result.checked} change(s) intact`)
      : h('span', { class: 'badge bad', id: 'chain-broken' },
        `chain broken at change ${result.firstBrokenSeq}: ${result.reason}`));
  }

  /** Sends one change; the answer (or the problem naming the fields) is shown where it was asked for. */
  async function apply(change) {
    const done = await api.put(BASE, change);
    toast(`${describeScope(done)}: ${done.oldState} → ${done.newState}`);
    await refresh();
    return done;
  }
}

/** The form that sets or clears (ACTIVE) a state at any scope; its keys show only where the scope names them. */
function stateForm(enabled, apply) {
  const scope = h('select', { id: 'state-scope' }, SCOPES.map((s) => h('option', { value: s.scope }, `${s.scope} (${s.title.toLowerCase()})`)));
  const account = h('input', { id: 'state-account', placeholder: 'acc-1', autocomplete: 'off' });
  const symbol = h('input', { id: 'state-symbol', placeholder: 'BTCUSDT', autocomplete: 'off' });
  const state = h('select', { id: 'state-value' }, ['HALTED', 'REDUCING', 'ACTIVE'].map((s) => h('option', { value: s },
    s === 'ACTIVE' ? 'ACTIVE (clear)' : s)));
  const reason = h('input', { id: 'state-reason', required: true, maxlength: 2000, placeholder: 'why (recorded)' });
  const error = h('p', { class: 'error', id: 'state-error', role: 'alert' });
  const accountField = h('div', { class: 'field' }, h('label', { for: 'state-account' }, 'Account'), account);
  const symbolField = h('div', { class: 'field' }, h('label', { for: 'state-symbol' }, 'Symbol'), symbol);
  function showKeys() {
    accountField.hidden = !['ACCOUNT', 'ACCOUNT_SYMBOL'].includes(scope.value);
    symbolField.hidden = !['SYMBOL', 'ACCOUNT_SYMBOL'].includes(scope.value);
  }
  scope.addEventListener('change', showKeys);
  showKeys();
  const element = h('form', { class: 'card', id: 'state-form' },
    h('h3', {}, 'Set or clear a state'),
    h('div', { class: 'fields' },
      h('div', { class: 'field' }, h('label', { for: 'state-scope' }, 'Scope'), scope),
      accountField, symbolField,
      h('div', { class: 'field' }, h('label', { for: 'state-value' }, 'State'), state),
      h('div', { class: 'field wide-reason' }, h('label', { for: 'state-reason' }, 'Reason (required)'), reason),
      h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'primary', id: 'state-apply' }, 'Apply'))),
    error);
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const change = { scope: scope.value, state: state.value, reason: reason.value };
    if (!accountField.hidden) change.accountId = account.value;
    if (!symbolField.hidden) change.symbol = symbol.value;
    try {
      await apply(change);
      reason.value = '';
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return {
    element: enabled ? element : null,
    /** Fills the form for one scope (from a row's Clear… or Resume) and asks for the reason. */
    prefill(s) {
      scope.value = s.scope;
      account.value = s.accountId || '';
      symbol.value = s.symbol || '';
      state.value = s.state;
      showKeys();
      element.scrollIntoView({ block: 'center' });
      reason.focus();
    },
  };
}

/** HALT ALL asks twice: a reason, then typing HALT, so a stray click cannot stop all trading. */
function haltDialog(apply) {
  const reason = h('textarea', { id: 'halt-reason', rows: 2, maxlength: 2000, required: true });
  const typed = h('input', { id: 'halt-typed', autocomplete: 'off', placeholder: 'HALT' });
  const error = h('p', { class: 'error', id: 'halt-error', role: 'alert' });
  const confirm = h('button', { type: 'submit', class: 'halt-all', id: 'halt-confirm', disabled: true }, 'Halt all trading');
  const ready = () => { confirm.disabled = !(reason.value.trim() && typed.value.trim() === 'HALT'); };
  reason.addEventListener('input', ready);
  typed.addEventListener('input', ready);
  const form = h('form', { method: 'dialog' },
    h('h2', {}, 'Halt all trading?'),
    h('p', {}, 'Every order on every account and symbol will be rejected with TRADING_HALTED until the global state is cleared.'),
    h('label', { for: 'halt-reason' }, 'Reason (required, recorded)'), reason,
    h('label', { for: 'halt-typed' }, 'Type HALT to confirm'), typed,
    error,
    h('div', { class: 'toolbar' }, confirm,
      h('button', { type: 'button', id: 'halt-cancel', onclick: () => element.close() }, 'Cancel')));
  const element = h('dialog', { id: 'halt-dialog', class: 'halt-dialog' }, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await apply({ scope: 'GLOBAL', state: 'HALTED', reason: reason.value });
      element.close();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return {
    element,
    open: () => element.open,
    ask() {
      reason.value = '';
      typed.value = '';
      error.textContent = '';
      ready();
      element.showModal();
      reason.focus();
    },
  };
}

/** A state as the API sends it (the fact's field is `status`), under the name the change log uses. */
function normalise(s) {
  return { ...s, state: s.state || s.status };
}

function keysOf(s) {
  return { scope: s.scope, account: s.accountId || '', symbol: s.symbol || '' };
}

function describeScope(c) {
  switch (c.scope) {
    case 'GLOBAL': return 'everything';
    case 'ACCOUNT': return `account ${c.accountId}`;
    case 'SYMBOL': return `symbol ${c.symbol}`;
    default: return `${c.symbol} on account ${c.accountId}`;
  }
}
