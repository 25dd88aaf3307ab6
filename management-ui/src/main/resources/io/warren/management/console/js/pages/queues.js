// Queues: every queue, filtered, sorted and paged by the server; and a form to add one.
import {put, seg, vhostNames} from '../api.js';
import {h, section, form, field, notify, parseJsonObject, fmt} from '../dom.js';
import {pagedList} from '../paged-list.js';

export const queueLink = q => h('a', {href: `#/queues/${seg(q.vhost)}/${seg(q.name)}`, class: 'queue-link'}, q.name);

export function render(view) {
  const list = pagedList({
    id: 'queues', endpoint: '/queues', noun: 'queues',
    columns: [
      {title: 'Virtual host', cell: q => q.vhost, sort: 'vhost'},
      {title: 'Name', cell: queueLink, sort: 'name'},
      {title: 'Type', cell: q => q.type || 'classic'},
      {title: 'Features', cell: q => fmt.flags(q) + (q.policy ? ` ${q.policy}` : '')},
      {title: 'State', cell: q => q.state || ''},
      {title: 'Ready', cell: q => fmt.num(q.messages_ready), sort: 'messages_ready', class: 'num'},
      {title: 'Unacked', cell: q => fmt.num(q.messages_unacknowledged), sort: 'messages_unacknowledged', class: 'num'},
      {title: 'Total', cell: q => fmt.num(q.messages), sort: 'messages', class: 'num'},
      {title: 'Consumers', cell: q => fmt.num(q.consumers), sort: 'consumers', class: 'num'},
      {title: 'Incoming', cell: q => fmt.rate(q.message_stats?.publish_details), class: 'num'},
      {title: 'Deliver / get', cell: q => fmt.rate(q.message_stats?.deliver_get_details), class: 'num'},
      {title: 'Ack', cell: q => fmt.rate(q.message_stats?.ack_details), class: 'num'},
    ],
  });
  const vhost = h('select', {name: 'vhost', id: 'new-queue-vhost'});
  vhostNames().then(names => vhost.replaceChildren(...names.map(n => h('option', {value: n}, n)))).catch(() => {});
  view.append(
    h('h1', {}, 'Queues'),
    section('All queues', list.element),
    section('Add a queue', form('new-queue', [
      h('label', {class: 'field'}, h('span', {}, 'Virtual host'), vhost),
      field('Name', 'name', {id: 'new-queue-name', required: true}),
      field('Durability', 'durable', {tag: 'select', options: [['true', 'Durable'], ['false', 'Transient']]}),
      field('Auto delete', 'auto_delete', {tag: 'select', options: [['false', 'No'], ['true', 'Yes']]}),
      field('Arguments (JSON)', 'arguments', {tag: 'textarea', rows: 2, placeholder: '{"x-max-length": 1000}'}),
    ], 'Add queue', async values => {
      const body = {durable: values.durable === 'true', auto_delete: values.auto_delete === 'true',
        arguments: parseJsonObject(values.arguments, 'Arguments')};
      await put(`/queues/${seg(values.vhost)}/${seg(values.name)}`, body);
      notify(`Queue ${values.name} added.`);
      await list.refresh();
    })));
  return {refresh: list.refresh};
}
