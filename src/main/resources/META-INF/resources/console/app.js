// The console: a sign-in, a hash router and the pages. Every page talks to the same REST API as any other client.
import { h, fill, session, api, toast, can } from './core.js';

const pages = {
  rules: () => import('./rules.js'),
  version: () => import('./rules.js'),
  try: () => import('./try.js'),
  audit: () => import('./audit.js'),
  backtests: () => import('./backtests.js'),
  changes: () => import('./changes.js'),
  trading: () => import('./trading.js'),
};

const main = document.getElementById('main');

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || '', args: parts.slice(1), params: new URLSearchParams(query || '') };
}

// Renders overlap when the hash changes while a page's code is still loading (the sign-in sends the user to the first
// page, the user or a link moves on at once): only the latest may fill the page.
let latestRender = 0;

async function render() {
  const mine = ++latestRender;
  const me = session.user();
  showChrome(me);
  if (!me) {
    signIn();
    return;
  }
  const { page, args, params } = route();
  const allowed = Object.keys(pages).filter((p) => p !== 'version' && can(p));
  if (!page || !pages[page]) {
    if (allowed.length) {
      location.replace('#/' + allowed[0]);
    } else {
      fill(main, h('section', { class: 'card' }, h('h1', {}, 'No pages for your roles'),
        h('p', {}, `Signed in as ${me.name} with roles: ${me.roles.join(', ') || 'none'}.`)));
    }
    return;
  }
  if (!can(page)) {
    fill(main, h('section', { class: 'card' }, h('h1', {}, 'Not for your roles'),
      h('p', {}, `The ${page} page needs another role; yours: ${me.roles.join(', ') || 'none'}.`)));
    return;
  }
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.getAttribute('href') === '#/' + page));
  const module = await pages[page]();
  if (mine !== latestRender) {
    return; // the user moved on while this page's code loaded: the newer render fills the page
  }
  // Each render gets its own container: a page still loading when the user moves on fills a detached one.
  const container = h('div', { class: 'page' });
  fill(main, container);
  try {
    await module.show(container, { page, args, params });
  } catch (e) {
    container.append(h('p', { class: 'error' }, e.message));
  }
}

function showChrome(me) {
  document.getElementById('nav').hidden = !me;
  document.getElementById('who').hidden = !me;
  if (!me) {
    return;
  }
  document.getElementById('who-name').textContent = `${me.name} (${me.roles.join(', ')})`;
  document.querySelectorAll('#nav a').forEach((a) => {
    a.hidden = !a.dataset.roles.split(' ').some((r) => me.roles.includes(r));
  });
}

function signIn() {
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' });
  const form = h('form', { class: 'card narrow', id: 'sign-in' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Use your position-policy user (the same as for the API).'),
    h('p', { class: 'muted', id: 'api-hint' }, 'The API is described at ', h('a', { href: '/q/swagger-ui', target: '_blank', rel: 'noopener' }, '/q/swagger-ui'),
      ': the browser asks for the same user there, since the console never shares its sign-in with other pages.'),
    h('label', { for: 'username' }, 'User'), user,
    h('label', { for: 'password' }, 'Password'), password,
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      await session.signIn(user.value, password.value);
      render();
    } catch (e) {
      error.textContent = e.message;
      password.select();
    }
  });
  const token = h('textarea', { id: 'token', rows: 3, 'aria-label': 'Bearer token' });
  const tokenForm = h('details', { class: 'card narrow' }, h('summary', {}, 'Sign in with a token from your identity provider'),
    token, h('button', { type: 'button', id: 'token-sign-in', onclick: async () => {
      error.textContent = '';
      try {
        await session.signInWithToken(token.value);
        render();
      } catch (e) {
        error.textContent = e.message;
      }
    } }, 'Sign in with the token'));
  fill(main, form, tokenForm);
  user.focus();
}

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  if (location.hash !== '#/') {
    location.hash = '#/'; // its hashchange renders the sign-in: rendering here too would replace the form under the user
  } else {
    render();
  }
});
window.addEventListener('hashchange', render);
window.addEventListener('unhandledrejection', (event) => toast(event.reason?.message || String(event.reason), true));
api.onUnauthorized = () => {
  session.signOut();
  toast('Your sign-in is no longer valid; sign in again', true);
  render();
};
render();
