// Exchanges: every exchange, paged by the server; and a form to add one.
import {put, get, seg, vhostNames} from '../api.js';
import {h, section, form, field, notify, parseJsonObject, fmt} from '../dom.js';
import {pagedList} from '../paged-list.js';

/** The default exchange has no name; the API's paths call it amq.default. */
export const exchangeLink = x => h('a', {href: `#/exchanges/${seg(x.vhost)}/${seg(x.name || 'amq.default')}`},
  x.name || '(AMQP default)');

export function render(view) {
  const list = pagedList({
    id: 'exchanges', endpoint: '/exchanges', noun: 'exchanges',
    columns: [
      {title: 'Virtual host', cell: x => x.vhost, sort: 'vhost'},
      {title: 'Name', cell: exchangeLink, sort: 'name'},
      {title: 'Type', cell: x => x.type, sort: 'type'},
      {title: 'Features', cell: x => fmt.flags(x) + (x.policy ? ` ${x.policy}` : '')},
      {title: 'Rate in', cell: x => fmt.rate(x.message_stats?.publish_in_details), class: 'num'},
      {title: 'Rate out', cell: x => fmt.rate(x.message_stats?.publish_out_details), class: 'num'},
    ],
  });
  const vhost = h('select', {name: 'vhost'});
  const type = h('select', {name: 'type'}, ['direct', 'fanout', 'topic', 'headers'].map(t => h('option', {value: t}, t)));
  vhostNames().then(names => vhost.replaceChildren(...names.map(n => h('option', {value: n}, n)))).catch(() => {});
  // Offer the exchange types the broker has, plugins' included.
  get('/overview').then(o => {
    if (o?.exchange_types?.length) type.replaceChildren(...o.exchange_types.map(t => h('option', {value: t.name}, t.name)));
  }).catch(() => {});
  view.append(
    h('h1', {}, 'Exchanges'),
    section('All exchanges', list.element),
    section('Add an exchange', form('new-exchange', [
      h('label', {class: 'field'}, h('span', {}, 'Virtual host'), vhost),
      field('Name', 'name', {required: true}),
      h('label', {class: 'field'}, h('span', {}, 'Type'), type),
      field('Durability', 'durable', {tag: 'select', options: [['true', 'Durable'], ['false', 'Transient']]}),
      field('Auto delete', 'auto_delete', {tag: 'select', options: [['false', 'No'], ['true', 'Yes']]}),
      field('Internal', 'internal', {tag: 'select', options: [['false', 'No'], ['true', 'Yes']]}),
      field('Arguments (JSON)', 'arguments', {tag: 'textarea', rows: 1, placeholder: '{"alternate-exchange": "unrouted"}'}),
    ], 'Add exchange', async values => {
      await put(`/exchanges/${seg(values.vhost)}/${seg(values.name)}`, {type: values.type,
        durable: values.durable === 'true', auto_delete: values.auto_delete === 'true',
        internal: values.internal === 'true', arguments: parseJsonObject(values.arguments, 'Arguments')});
      notify(`Exchange ${values.name} added.`);
      await list.refresh();
    })));
  return {refresh: list.refresh};
}
