import {get, put, del, seg} from '../../api.js';
import {h, fill, section, table, form, field, notify, dangerButton, fmt, guarded, armed} from '../../dom.js';

export function create() {
  const list = h('div', {id: 'vhosts'});
  async function refresh() {
    const vhosts = await get('/vhosts');
    if (armed(list)) return;
    fill(list, table([
      {title: 'Name', cell: v => v.name},
      {title: 'Description', cell: v => v.description || ''},
      {title: 'Messages', cell: v => fmt.num(v.messages), class: 'num'},
      {title: '', cell: v => dangerButton('Delete', async () => {
        await del(`/vhosts/${seg(v.name)}`);
        notify(`Virtual host ${v.name} deleted.`);
        await refresh();
      })},
    ], vhosts, {empty: 'No virtual hosts.'}));
  }
  const element = section('Virtual hosts', list, form('add-vhost', [
    field('Name', 'name', {required: true}),
    field('Description', 'description'),
  ], 'Add virtual host', async values => {
    await put(`/vhosts/${seg(values.name)}`, values.description ? {description: values.description} : {});
    notify(`Virtual host ${values.name} added.`);
    await refresh();
  }));
  return {element, refresh: guarded(list, refresh)};
}
