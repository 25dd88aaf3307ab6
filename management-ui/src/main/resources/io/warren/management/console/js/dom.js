// Small DOM helpers. Everything the server sends is inserted as text, never as HTML, so a queue
// called "<img onerror=...>" is only a name.

/** Creates an element: h('a', {href: '#/x', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of {@code el}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table: columns are {title, cell(row) -> node|string, class?}. */
export function table(columns, rows, {empty = 'Nothing here.', id} = {}) {
  if (!rows.length) return h('p', {class: 'empty', id}, empty);
  return h('table', {class: 'list', id},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {class: c.class}, c.title)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map(c => h('td', {class: c.class}, c.cell(row)))))));
}

/** A definition list of label/value pairs, for the details of one object. */
export function details(pairs) {
  return h('dl', {class: 'details'}, pairs.filter(p => p).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A titled panel. */
export function section(title, ...children) {
  return h('section', {class: 'panel'}, h('h2', {}, title), ...children);
}

/**
 * A button that asks again before it acts: the first click arms it, the second runs the action.
 * No window.confirm, so nothing blocks the page.
 */
export function dangerButton(label, action, {id} = {}) {
  const button = h('button', {type: 'button', class: 'danger', id});
  let armed = false;
  let timer;
  const reset = () => { armed = false; button.classList.remove('armed'); button.textContent = label; };
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.classList.add('armed');
      button.textContent = `Really ${label.toLowerCase()}?`;
      timer = setTimeout(reset, 4000);
      return;
    }
    clearTimeout(timer);
    reset();
    await run(action);
  });
  reset();
  return button;
}

/** Whether {@code container} holds an armed danger button, which a redraw would disarm under the user's pointer. */
export function armed(container) {
  return container.querySelector('button.danger.armed') !== null;
}

/** Runs an action, showing its error (an ApiError's reason) instead of losing it. */
export async function run(action) {
  try {
    return await action();
  } catch (e) {
    notify(e.message || String(e), 'error');
    return undefined;
  }
}

/** A refresh that shows its failure (e.g. 403 for a user without the tag) in {@code container}. */
export function guarded(container, refresh) {
  return async () => {
    try {
      await refresh();
    } catch (e) {
      fill(container, h('p', {class: 'error'}, e.message));
    }
  };
}

let noticeTimer;
/** Shows a short message under the header. */
export function notify(message, kind = 'info') {
  const el = document.getElementById('notice');
  el.textContent = message;
  el.className = kind;
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 8000 : 4000);
}

/** A form whose named inputs are handed to onSubmit as an object; the form stays filled on error. */
export function form(id, fields, submitLabel, onSubmit) {
  const el = h('form', {id, class: 'form'}, fields, h('button', {type: 'submit'}, submitLabel));
  el.addEventListener('submit', async event => {
    event.preventDefault();
    const values = {};
    for (const input of el.querySelectorAll('[name]')) {
      values[input.name] = input.type === 'checkbox' ? input.checked : input.value;
    }
    await run(() => onSubmit(values, el));
  });
  return el;
}

/** A labelled input row for {@link form}. */
export function field(label, name, attrs = {}) {
  const tag = attrs.tag || 'input';
  const {tag: _, options, ...rest} = attrs;
  const input = tag === 'select'
    ? h('select', {name, ...rest}, (options || []).map(o => Array.isArray(o)
      ? h('option', {value: o[0]}, o[1]) : h('option', {value: o}, o)))
    : h(tag, {name, ...rest});
  return h('label', {class: 'field'}, h('span', {}, label), input);
}

/** A JSON object typed into a textarea; empty means {}. */
export function parseJsonObject(text, what) {
  if (!text || !text.trim()) return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} must be a JSON object: ${e.message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object, like {"x-max-length": 1000}`);
  }
  return value;
}

export const fmt = {
  num(n) { return n === undefined || n === null ? '' : Number(n).toLocaleString('en'); },
  rate(details) {
    const r = details && typeof details.rate === 'number' ? details.rate : null;
    return r === null ? '' : `${r.toLocaleString('en', {maximumFractionDigits: r < 10 ? 1 : 0})}/s`;
  },
  bytes(b) {
    if (b === undefined || b === null) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return `${b.toFixed(i ? 1 : 0)} ${units[i]}`;
  },
  json(v) { return v && Object.keys(v).length ? JSON.stringify(v) : ''; },
  flags(o) {
    return [o.durable && 'D', o.auto_delete && 'AD', o.exclusive && 'Excl', o.internal && 'I']
      .filter(Boolean).join(' ');
  },
};
