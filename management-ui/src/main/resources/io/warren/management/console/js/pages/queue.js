// One queue: its details, consumers and bindings; publish, get, purge and delete.
import {get, post, del, seg} from '../api.js';
import {h, fill, section, table, details, form, field, notify, dangerButton, run, parseJsonObject, fmt} from '../dom.js';
import {publishForm} from '../publish-form.js';

export function render(view, [vhost, name]) {
  const base = `/queues/${seg(vhost)}/${seg(name)}`;
  const info = h('div', {id: 'queue-details'});
  const consumers = h('div', {id: 'queue-consumers'});
  const bindings = h('div', {id: 'queue-bindings'});
  const messages = h('div', {id: 'got-messages'});

  const getForm = form('get-messages', [
    field('Ack mode', 'ackmode', {tag: 'select', options: [
      ['ack_requeue_true', 'Nack, requeue'], ['ack_requeue_false', 'Ack, remove from queue'],
      ['reject_requeue_true', 'Reject, requeue'], ['reject_requeue_false', 'Reject, drop']]}),
    field('Encoding', 'encoding', {tag: 'select', options: [['auto', 'Automatic string/base64'], ['base64', 'Base64']]}),
    field('Messages', 'count', {type: 'number', min: 1, value: '1'}),
  ], 'Get messages', async values => {
    const got = await post(`${base}/get`, {count: Number(values.count), ackmode: values.ackmode,
      encoding: values.encoding, truncate: 50000});
    fill(messages, got.length ? got.map(messageView) : h('p', {class: 'empty', id: 'queue-empty'}, 'Queue is empty.'));
    await refresh();
  });

  const bindForm = form('add-binding', [
    field('From exchange', 'source', {required: true}),
    field('Routing key', 'routing_key'),
    field('Arguments (JSON)', 'arguments', {tag: 'textarea', rows: 1}),
  ], 'Bind', async values => {
    await post(`/bindings/${seg(vhost)}/e/${seg(values.source)}/q/${seg(name)}`,
      {routing_key: values.routing_key, arguments: parseJsonObject(values.arguments, 'Arguments')});
    notify(`Bound to ${values.source}.`);
    await refresh();
  });

  view.append(
    h('h1', {}, 'Queue ', h('span', {id: 'queue-name'}, name), h('small', {}, ` in virtual host ${vhost}`)),
    section('Details', info),
    section('Consumers', consumers),
    section('Bindings', bindings, bindForm),
    section('Publish message', publishForm('queue-publish', vhost, '', name, () => refresh())),
    section('Get messages', getForm, messages),
    section('Purge or delete',
      dangerButton('Purge', async () => {
        await del(`${base}/contents`);
        notify(`Queue ${name} purged.`);
        await refresh();
      }, {id: 'purge-queue'}), ' ',
      dangerButton('Delete', async () => {
        await del(base);
        notify(`Queue ${name} deleted.`);
        location.hash = '#/queues';
      }, {id: 'delete-queue'})));

  async function refresh() {
    let q;
    let b;
    try {
      [q, b] = await Promise.all([get(base), get(`${base}/bindings`)]);
    } catch (e) {
      fill(info, h('p', {class: 'error'}, e.message));
      return;
    }
    fill(info, details([
      ['Type', q.type || 'classic'], ['State', q.state || ''], ['Features', fmt.flags(q)],
      ['Arguments', fmt.json(q.arguments)], ['Policy', q.policy || ''],
      ['Ready', h('span', {id: 'queue-ready'}, fmt.num(q.messages_ready))],
      ['Unacked', fmt.num(q.messages_unacknowledged)],
      ['Total', h('span', {id: 'queue-messages'}, fmt.num(q.messages))],
      ['Consumers', fmt.num(q.consumers)],
      ['Incoming', fmt.rate(q.message_stats?.publish_details)],
      ['Deliver / get', fmt.rate(q.message_stats?.deliver_get_details)],
    ]));
    fill(consumers, table([
      {title: 'Consumer tag', cell: c => c.consumer_tag},
      {title: 'Channel', cell: c => c.channel_details?.name || ''},
      {title: 'Ack required', cell: c => c.ack_required ? 'yes' : 'no'},
      {title: 'Prefetch', cell: c => fmt.num(c.prefetch_count)},
      {title: 'Exclusive', cell: c => c.exclusive ? 'yes' : 'no'},
      {title: 'Arguments', cell: c => fmt.json(c.arguments)},
    ], q.consumer_details || [], {empty: 'No consumers.'}));
    fill(bindings, table([
      {title: 'From', cell: x => x.source === '' ? '(default exchange)'
        : h('a', {href: `#/exchanges/${seg(vhost)}/${seg(x.source)}`}, x.source)},
      {title: 'Routing key', cell: x => x.routing_key},
      {title: 'Arguments', cell: x => fmt.json(x.arguments)},
      {title: '', cell: x => x.source === '' ? '' : h('button', {type: 'button', onclick: () => run(async () => {
        await del(`/bindings/${seg(vhost)}/e/${seg(x.source)}/q/${seg(name)}/${seg(x.properties_key)}`);
        notify(`Unbound from ${x.source}.`);
        await refresh();
      })}, 'Unbind')},
    ], b, {empty: 'No bindings.'}));
  }
  return {refresh};
}

function messageView(m, i) {
  return h('div', {class: 'message'},
    h('h3', {}, `Message ${i + 1}`),
    details([
      ['Exchange', m.exchange || '(default)'], ['Routing key', m.routing_key],
      ['Redelivered', m.redelivered ? 'yes' : 'no'], ['Remaining in queue', fmt.num(m.message_count)],
      ['Properties', fmt.json(m.properties)],
      ['Payload', h('span', {}, `${fmt.num(m.payload_bytes)} bytes, ${m.payload_encoding}`)],
    ]),
    h('pre', {class: 'payload'}, m.payload));
}
