// A list that the server filters, sorts and pages, with RabbitMQ's list parameters (page,
// page_size, name, use_regex, sort, sort_reverse), so 10 000 queues cost one page of rows.
import {get, query, ApiError} from './api.js';
import {h, fill, table, armed} from './dom.js';

// Filter, sort and page survive leaving the page and coming back.
const remembered = new Map();

/**
 * @param id         element id prefix, also the key its state is remembered under
 * @param endpoint   API path, e.g. "/queues"
 * @param columns    [{title, cell(row), sort?: the API's sort key}]
 * @param sort       initial sort key
 */
export function pagedList({id, endpoint, columns, sort = 'name', noun = 'items'}) {
  const state = remembered.get(id) || {page: 1, page_size: 100, name: '', use_regex: false, sort, sort_reverse: false};
  remembered.set(id, state);

  const filter = h('input', {type: 'search', id: `${id}-filter`, placeholder: 'Filter by name', value: state.name});
  const regex = h('input', {type: 'checkbox', id: `${id}-regex`, checked: state.use_regex});
  const pageSize = h('select', {id: `${id}-page-size`},
    [20, 100, 500].map(n => h('option', {value: n, selected: n === state.page_size}, String(n))));
  const status = h('span', {class: 'paging-status', id: `${id}-status`});
  const prev = h('button', {type: 'button', id: `${id}-prev`}, '‹ Previous');
  const next = h('button', {type: 'button', id: `${id}-next`}, 'Next ›');
  const body = h('div', {class: 'list-body'});
  let debounce;

  filter.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { state.name = filter.value; state.page = 1; refresh(); }, 300);
  });
  regex.addEventListener('change', () => { state.use_regex = regex.checked; state.page = 1; refresh(); });
  pageSize.addEventListener('change', () => { state.page_size = Number(pageSize.value); state.page = 1; refresh(); });
  prev.addEventListener('click', () => { if (state.page > 1) { state.page--; refresh(); } });
  next.addEventListener('click', () => { state.page++; refresh(); });

  function header(column) {
    if (!column.sort) return column.title;
    const active = state.sort === column.sort;
    const arrow = active ? (state.sort_reverse ? ' ▼' : ' ▲') : '';
    return h('button', {type: 'button', class: 'sort', 'data-sort': column.sort, onclick: () => {
      state.sort_reverse = active ? !state.sort_reverse : false;
      state.sort = column.sort;
      refresh();
    }}, column.title + arrow);
  }

  async function load() {
    const params = {page: state.page, page_size: state.page_size, name: state.name,
      use_regex: state.name ? state.use_regex : '', sort: state.sort, sort_reverse: state.sort_reverse};
    try {
      return await get(endpoint + query(params));
    } catch (e) {
      // The list shrank under us (or the filter did): RabbitMQ says 400 for a page past the end.
      if (e instanceof ApiError && e.status === 400 && state.page > 1) {
        state.page = 1;
        return get(endpoint + query({...params, page: 1}));
      }
      throw e;
    }
  }

  async function refresh() {
    let answer;
    try {
      answer = await load();
    } catch (e) {
      fill(body, h('p', {class: 'error'}, e.message));
      return;
    }
    if (armed(body)) return;
    // A server without paging answers a plain array; show it as one page.
    const paged = Array.isArray(answer)
      ? {items: answer, page: 1, page_count: 1, filtered_count: answer.length, total_count: answer.length}
      : answer;
    state.page = paged.page || 1;
    const first = paged.items.length ? (state.page - 1) * state.page_size + 1 : 0;
    status.textContent = `${first}–${first + paged.items.length - (first ? 1 : 0)} of ${paged.filtered_count}`
      + (paged.filtered_count !== paged.total_count ? ` matching (${paged.total_count} ${noun})` : ` ${noun}`)
      + ` · page ${state.page} of ${Math.max(1, paged.page_count)}`;
    prev.disabled = state.page <= 1;
    next.disabled = state.page >= paged.page_count;
    const cols = columns.map(c => ({...c, title: header(c)}));
    fill(body, table(cols, paged.items, {id: `${id}-table`, empty: state.name ? `No ${noun} match.` : `No ${noun}.`}));
  }

  const element = h('div', {class: 'paged-list', id},
    h('div', {class: 'list-controls'},
      filter, h('label', {}, regex, ' Regex'),
      h('label', {}, 'Page size ', pageSize), prev, status, next),
    body);
  return {element, refresh};
}
