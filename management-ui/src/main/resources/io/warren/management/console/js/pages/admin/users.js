import {get, put, del, seg} from '../../api.js';
import {h, fill, section, table, form, field, notify, dangerButton, guarded, armed} from '../../dom.js';

/** RabbitMQ 3.9+ sends tags as a list, older versions as one comma-separated string. */
const tagList = u => (Array.isArray(u.tags) ? u.tags.join(', ') : u.tags || '');

export function create() {
  const list = h('div', {id: 'users'});
  async function refresh() {
    const users = await get('/users');
    if (armed(list)) return;
    fill(list, table([
      {title: 'Name', cell: u => u.name},
      {title: 'Tags', cell: tagList},
      {title: 'Password', cell: u => (u.password_hash ? 'set' : 'none')},
      {title: '', cell: u => dangerButton('Delete', async () => {
        await del(`/users/${seg(u.name)}`);
        notify(`User ${u.name} deleted.`);
        await refresh();
      })},
    ], users, {empty: 'No users.'}));
  }
  const element = section('Users', list, form('add-user', [
    field('Username', 'name', {required: true}),
    field('Password', 'password', {type: 'password', required: true, autocomplete: 'new-password'}),
    field('Tags', 'tags', {placeholder: 'administrator, monitoring, policymaker, management'}),
  ], 'Add or update user', async values => {
    const tags = values.tags.split(',').map(t => t.trim()).filter(Boolean).join(',');
    await put(`/users/${seg(values.name)}`, {password: values.password, tags});
    notify(`User ${values.name} saved.`);
    await refresh();
  }));
  return {element, refresh: guarded(list, refresh)};
}
