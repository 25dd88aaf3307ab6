// The console's shell: routes on the URL's #fragment, keeps the user logged in for the tab, and
// refreshes the page on view at the chosen interval.
import * as session from './session.js';
import {whenUnauthorized, get} from './api.js';
import {fill, h, notify} from './dom.js';
import * as login from './pages/login.js';
import * as overview from './pages/overview.js';
import * as queues from './pages/queues.js';
import * as queue from './pages/queue.js';
import * as exchanges from './pages/exchanges.js';
import * as exchange from './pages/exchange.js';
import * as connections from './pages/connections.js';
import * as channels from './pages/channels.js';
import * as admin from './pages/admin.js';
import * as definitions from './pages/definitions.js';

// #/queues/%2F/orders -> queue page with params ['/', 'orders'].
const routes = [
  ['overview', 0, overview], ['queues', 0, queues], ['queues', 2, queue],
  ['exchanges', 0, exchanges], ['exchanges', 2, exchange], ['connections', 0, connections],
  ['channels', 0, channels], ['admin', 0, admin], ['definitions', 0, definitions],
];

const view = document.getElementById('view');
const interval = document.getElementById('refresh-interval');
let current = null;
let timer = null;

function parse(hash) {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(p => p !== '').map(decodeURIComponent);
  return {name: parts[0] || 'overview', params: parts.slice(1)};
}

async function show() {
  stop();
  const user = session.current();
  const {name, params} = parse(location.hash);
  document.getElementById('nav').hidden = !user;
  document.getElementById('session').hidden = !user;
  if (!user || name === 'login') {
    if (user) { location.hash = '#/overview'; return; }
    // The login page stands in for whatever page was asked for, which shows once logged in.
    fill(view);
    current = login.render(view, {onLogin: show});
    return;
  }
  document.getElementById('whoami').textContent = user.user;
  showProductName();
  const route = routes.find(([n, count]) => n === name && count === params.length);
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === name);
  fill(view);
  if (!route) {
    view.append(h('p', {class: 'error'}, `No such page: ${location.hash}`));
    return;
  }
  const page = route[2].render(view, params) || {};
  current = page;
  if (page.refresh) {
    await refreshSafely(page);
    schedule(page);
  }
}

function schedule(page) {
  const seconds = Number(interval.value);
  if (!seconds) return;
  timer = setTimeout(async function tick() {
    if (current !== page) return;
    if (!document.hidden) await refreshSafely(page);
    if (current === page && Number(interval.value)) timer = setTimeout(tick, Number(interval.value) * 1000);
  }, seconds * 1000);
}

/** A failed refresh is shown, and the next one is still scheduled. */
async function refreshSafely(page) {
  // A timed refresh would redraw the table under an armed "Really delete?" button.
  if (document.querySelector('button.danger.armed')) return;
  try {
    await page.refresh();
  } catch (e) {
    notify(e.message || String(e), 'error');
  }
}

function stop() {
  clearTimeout(timer);
  if (current?.dispose) current.dispose();
  current = null;
}

whenUnauthorized(() => {
  if (!session.current()) return;
  session.clear();
  notify('The broker no longer accepts these credentials; log in again.', 'error');
  location.hash = '#/login';
});

document.getElementById('logout').addEventListener('click', () => {
  session.clear();
  location.hash = '#/login';
});

interval.value = sessionStorage.getItem('warren.refresh') || '5';
interval.addEventListener('change', () => {
  sessionStorage.setItem('warren.refresh', interval.value);
  clearTimeout(timer);
  if (current?.refresh) schedule(current);
});

window.addEventListener('hashchange', show);
show();

// The product name in the header comes from the broker, so the console says what it talks to.
let productNameShown = false;
function showProductName() {
  if (productNameShown) return;
  productNameShown = true;
  get('/overview').then(o => {
    if (o?.product_name) document.getElementById('brand').textContent = o.product_name;
  }).catch(() => { productNameShown = false; });
}
