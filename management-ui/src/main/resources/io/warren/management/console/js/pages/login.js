// Login: checks the credentials with /api/whoami before keeping them for the tab.
import {get, ApiError} from '../api.js';
import * as session from '../session.js';
import {h} from '../dom.js';

export function render(view, {onLogin}) {
  const message = h('p', {class: 'error', id: 'login-error', hidden: true});
  const user = h('input', {name: 'username', id: 'login-username', autocomplete: 'username', required: true});
  const password = h('input', {name: 'password', id: 'login-password', type: 'password',
    autocomplete: 'current-password'});
  const form = h('form', {id: 'login-form', class: 'form login'},
    h('h1', {}, 'Log in'),
    h('label', {class: 'field'}, h('span', {}, 'Username'), user),
    h('label', {class: 'field'}, h('span', {}, 'Password'), password),
    h('button', {type: 'submit', id: 'login-submit'}, 'Log in'),
    message);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    message.hidden = true;
    const authorization = session.basicAuth(user.value, password.value);
    try {
      const me = await get('/whoami', {authorization});
      session.save(me?.name || user.value, authorization);
      onLogin();
    } catch (e) {
      message.textContent = e instanceof ApiError && e.status === 401
        ? 'Login failed: unknown user or wrong password.'
        : `Login failed: ${e.message}`;
      message.hidden = false;
    }
  });
  view.append(form);
  user.focus();
  return {};
}
