import {get, put, del, seg} from '../../api.js';
import {h, fill, section, table, form, field, notify, dangerButton, parseJsonObject, guarded, armed} from '../../dom.js';

export function create() {
  const list = h('div', {id: 'policies'});
  async function refresh() {
    const policies = await get('/policies');
    if (armed(list)) return;
    fill(list, table([
      {title: 'Virtual host', cell: p => p.vhost},
      {title: 'Name', cell: p => p.name},
      {title: 'Pattern', cell: p => h('code', {}, p.pattern)},
      {title: 'Apply to', cell: p => p['apply-to']},
      {title: 'Definition', cell: p => h('code', {}, JSON.stringify(p.definition))},
      {title: 'Priority', cell: p => String(p.priority), class: 'num'},
      {title: '', cell: p => dangerButton('Delete', async () => {
        await del(`/policies/${seg(p.vhost)}/${seg(p.name)}`);
        notify(`Policy ${p.name} deleted.`);
        await refresh();
      })},
    ], policies, {empty: 'No policies.'}));
  }
  const element = section('Policies', list, form('add-policy', [
    field('Virtual host', 'vhost', {required: true, value: '/'}),
    field('Name', 'name', {required: true}),
    field('Pattern', 'pattern', {required: true, placeholder: '^orders\\.'}),
    field('Apply to', 'apply_to', {tag: 'select', options: [['all', 'Exchanges and queues'], ['queues', 'Queues'], ['exchanges', 'Exchanges']]}),
    field('Priority', 'priority', {type: 'number', value: '0'}),
    field('Definition (JSON)', 'definition', {tag: 'textarea', rows: 2, required: true, placeholder: '{"max-length": 10000}'}),
  ], 'Add or update policy', async values => {
    await put(`/policies/${seg(values.vhost)}/${seg(values.name)}`, {pattern: values.pattern,
      definition: parseJsonObject(values.definition, 'Definition'), priority: Number(values.priority || 0),
      'apply-to': values.apply_to});
    notify(`Policy ${values.name} saved.`);
    await refresh();
  }));
  return {element, refresh: guarded(list, refresh)};
}
