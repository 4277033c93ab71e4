// The token prompt: the API needs `Authorization: Bearer TOKEN`. The token is kept in this
// browser's localStorage. The server writes a first write token to DATA/initial-token at its first
// start (and says so); more come from `opticplan token create --role read|write`.
import {api, token, ApiError} from '../api.js';
import {h} from '../dom.js';
import {field} from '../ui.js';

export function tokenView(root, _params, query) {
  const input = h('input#token', {type: 'password', name: 'token', autocomplete: 'off', spellcheck: false, value: token.get(), placeholder: 'paste the token'});
  const msg = h('p.form-msg', {role: 'status'});
  if (query.expired) msg.append('The server did not accept the saved token: enter another.');
  const form = h('form.card.narrow', {onsubmit: async (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) {
      msg.textContent = 'Enter a token.';
      return;
    }
    const previous = token.get();
    token.set(t);
    msg.textContent = 'Checking…';
    try {
      await api.scenarios();
      location.hash = '#' + (query.next && !query.next.startsWith('/token') ? query.next : '/');
    } catch (err) {
      token.set(previous);
      msg.textContent = err instanceof ApiError && err.status === 401 ? 'The server does not know this token.' : err.message;
      msg.classList.add('error');
    }
  }},
  h('h1', 'Sign in with a token'),
  h('p', 'At its first start the server wrote a write token to ', h('code', 'DATA/initial-token'), ' (DATA: its --data folder). ',
    'Make more with ', h('code', 'opticplan token create --role read|write'), '. A read token may look, validate and quote; changing anything needs a write token.'),
  field('Token', input),
  h('div.actions',
    h('button.primary#token-save', {type: 'submit'}, 'Use this token'),
    token.get() ? h('button', {type: 'button', onclick: () => {
      token.set('');
      input.value = '';
      msg.textContent = 'Forgotten.';
    }}, 'Forget token') : null),
  msg);
  root.append(form);
  input.focus();
}
