// Shared by every page: building elements, the signed-in session, calling the API, small formatters.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) — text is always inserted as text, never as HTML. */
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'g', 'line', 'text', 'title', 'path'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Replaces el's children; like h(), it skips null, undefined and false and flattens arrays. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Which page each role may open; buttons check finer rights with hasRole. */
const PAGE_ROLES = {
  rules: ['risk-manager', 'admin'],
  version: ['trader', 'risk-manager', 'auditor', 'admin'],
  try: ['trader', 'admin'],
  audit: ['auditor', 'admin'],
  backtests: ['risk-manager', 'auditor', 'admin'],
  changes: ['risk-manager', 'auditor', 'admin'],
  trading: ['risk-manager', 'auditor', 'admin'],
};

export function hasRole(...roles) {
  const me = session.user();
  return !!me && roles.some((r) => me.roles.includes(r));
}

export function can(page) {
  return hasRole(...(PAGE_ROLES[page] || []));
}

const KEY = 'position-policy.session';

/** The credentials live in this tab's sessionStorage only and go out as an Authorization header, never a cookie. */
export const session = {
  user() {
    const saved = sessionStorage.getItem(KEY);
    return saved ? JSON.parse(saved).user : null;
  },
  authorization() {
    const saved = sessionStorage.getItem(KEY);
    return saved ? JSON.parse(saved).authorization : null;
  },
  async signIn(name, password) {
    return this.signInWith('Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(`${name}:${password}`))));
  },
  /** A bearer JWT from the identity provider, for services that sign users in with tokens. */
  async signInWithToken(token) {
    return this.signInWith('Bearer ' + token.trim().replace(/^Bearer\s+/i, ''));
  },
  async signInWith(authorization) {
    const response = await fetch('/api/v1/me', { headers: { Authorization: authorization, 'X-Requested-With': 'console' } });
    if (response.status === 401) {
      throw new Error(authorization.startsWith('Basic') ? 'Wrong user name or password' : 'The token was not accepted');
    }
    if (!response.ok) {
      throw new Error(`Sign-in failed (${response.status})`);
    }
    const user = await response.json();
    sessionStorage.setItem(KEY, JSON.stringify({ user, authorization }));
    return user;
  },
  signOut() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem('position-policy.candidate');
  },
};

/** An answer other than 2xx: status, and the RFC 9457 problem when the service sent one. */
export class ApiError extends Error {
  constructor(status, problem, body) {
    super(describe(status, problem));
    this.status = status;
    this.problem = problem;
    this.body = body;
  }
}

/** One message per problem: its errors when it names fields (the detail only repeats or counts them), else its detail. */
function describe(status, problem) {
  if (!problem) {
    return `The service answered ${status}`;
  }
  const errors = (problem.errors || []).map((e) => `${e.field || e.file || ''}${e.line ? ':' + e.line : ''} ${e.message || e.reason || ''}`.trim());
  return errors.length ? errors.join('; ') : problem.detail || problem.title || `Error ${status}`;
}

async function call(method, path, body, { raw = false, headers = {}, ok = [] } = {}) {
  const init = { method, headers: { 'X-Requested-With': 'console', ...headers } };
  const authorization = session.authorization();
  if (authorization) {
    init.headers.Authorization = authorization;
  }
  if (body !== undefined) {
    if (body instanceof Blob || typeof body === 'string') {
      init.body = body;
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    // Only the sign-in that sent the request is over: a late answer to a request sent before signing out (or as
    // someone else) must not sign out whoever is signed in now.
    if (api.onUnauthorized && session.authorization() === authorization) {
      api.onUnauthorized();
    }
    throw new ApiError(401, null);
  }
  if (raw && response.ok) {
    return response;
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok && !ok.includes(response.status)) {
    throw new ApiError(response.status, type.includes('problem+json') ? parsed : null, parsed);
  }
  return raw ? response : parsed;
}

export const api = {
  onUnauthorized: null,
  get: (path, options) => call('GET', path, undefined, options),
  post: (path, body, options) => call('POST', path, body, options),
  put: (path, body, options) => call('PUT', path, body, options),
  del: (path, options) => call('DELETE', path, undefined, options),
  /** Fetches with the session's credentials and hands the body to the browser as a download. */
  async download(path, filename) {
    const response = await call('GET', path, undefined, { raw: true });
    const url = URL.createObjectURL(await response.blob());
    const a = h('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  },
  /** An image the API serves (behind sign-in) as an object URL for an <img>. */
  async imageUrl(path) {
    const response = await call('GET', path, undefined, { raw: true });
    return URL.createObjectURL(await response.blob());
  },
};

let toastTimer;
export function toast(message, error = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = error ? 'show error' : 'show';
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = ''; }, error ? 8000 : 4000);
}

export function num(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A price, size or amount as people read it: cents above 100, four decimals above 1, eight significant below. */
export function amount(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  const size = Math.abs(Number(value));
  return size >= 100 || size === 0 ? num(value, 2)
    : size >= 1 ? num(value, 4) : Number(value).toLocaleString('en-US', { maximumSignificantDigits: 8 });
}

export function pct(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)} %`;
}

export function when(instant) {
  return instant ? new Date(instant).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export function shortVersion(version) {
  return version ? version.replace(/^sha256:/, '').slice(0, 12) : '—';
}

/** Pretty JSON in a <pre>. */
export function jsonBlock(value, attrs = {}) {
  return h('pre', { class: 'json', ...attrs }, JSON.stringify(value, null, 2));
}

export function table(headers, rows, attrs = {}) {
  return h('table', attrs,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows));
}

/** A link to the exact text of a rule in an archived rule-set version. */
export function ruleLink(version, rule) {
  const label = `${rule.name}`;
  if (!version || !can('version')) {
    return h('span', { class: 'rule' }, label, rule.file ? h('span', { class: 'muted' }, ` (${rule.file})`) : null);
  }
  const params = new URLSearchParams({ file: rule.file || '', rule: rule.name });
  return h('a', { class: 'rule', href: `#/version/${encodeURIComponent(version)}?${params}` }, label,
    rule.file ? h('span', { class: 'muted' }, ` (${rule.file})`) : null);
}
