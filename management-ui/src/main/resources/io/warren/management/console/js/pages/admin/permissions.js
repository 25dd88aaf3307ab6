import {get, put, del, seg} from '../../api.js';
import {h, fill, section, table, form, field, notify, dangerButton, guarded, armed} from '../../dom.js';

export function create() {
  const list = h('div', {id: 'permissions'});
  async function refresh() {
    const permissions = await get('/permissions');
    if (armed(list)) return;
    fill(list, table([
      {title: 'User', cell: p => p.user},
      {title: 'Virtual host', cell: p => p.vhost},
      {title: 'Configure', cell: p => h('code', {}, p.configure)},
      {title: 'Write', cell: p => h('code', {}, p.write)},
      {title: 'Read', cell: p => h('code', {}, p.read)},
      {title: '', cell: p => dangerButton('Clear', async () => {
        await del(`/permissions/${seg(p.vhost)}/${seg(p.user)}`);
        notify(`Permissions of ${p.user} in ${p.vhost} cleared.`);
        await refresh();
      })},
    ], permissions, {empty: 'No permissions.'}));
  }
  const element = section('Permissions', list, form('set-permissions', [
    field('User', 'user', {required: true}),
    field('Virtual host', 'vhost', {required: true, value: '/'}),
    field('Configure regexp', 'configure', {value: '.*'}),
    field('Write regexp', 'write', {value: '.*'}),
    field('Read regexp', 'read', {value: '.*'}),
  ], 'Set permissions', async values => {
    await put(`/permissions/${seg(values.vhost)}/${seg(values.user)}`,
      {configure: values.configure, write: values.write, read: values.read});
    notify(`Permissions of ${values.user} in ${values.vhost} set.`);
    await refresh();
  }));
  return {element, refresh: guarded(list, refresh)};
}
