// Connections: every client connection, paged by the server; close one.
import {del, seg} from '../api.js';
import {h, section, dangerButton, notify, fmt} from '../dom.js';
import {pagedList} from '../paged-list.js';

const bytesRate = d => (d && typeof d.rate === 'number' ? `${fmt.bytes(d.rate)}/s` : '');

export function render(view) {
  const list = pagedList({
    id: 'connections', endpoint: '/connections', noun: 'connections',
    columns: [
      // The name the client gave itself (ConnectionFactory.newConnection("orders-service")) says more than the address.
      {title: 'Name', cell: c => [c.name, c.client_properties?.connection_name
        && h('span', {class: 'client-name'}, ` ${c.client_properties.connection_name}`)], sort: 'name'},
      {title: 'User', cell: c => c.user, sort: 'user'},
      {title: 'Virtual host', cell: c => c.vhost, sort: 'vhost'},
      {title: 'State', cell: c => c.state || ''},
      {title: 'Protocol', cell: c => c.protocol || ''},
      {title: 'Client', cell: c => [c.client_properties?.product, c.client_properties?.version].filter(Boolean).join(' ')},
      {title: 'Channels', cell: c => fmt.num(c.channels), sort: 'channels', class: 'num'},
      {title: 'From client', cell: c => bytesRate(c.recv_oct_details), class: 'num'},
      {title: 'To client', cell: c => bytesRate(c.send_oct_details), class: 'num'},
      {title: '', cell: c => dangerButton('Close', async () => {
        // RabbitMQ reads the reason the client is told from the X-Reason header.
        await del(`/connections/${seg(c.name)}`, {headers: {'X-Reason': 'Closed via management console'}});
        notify(`Connection ${c.name} closed.`);
        await list.refresh();
      })},
    ],
  });
  view.append(h('h1', {}, 'Connections'), section('All connections', list.element));
  return {refresh: list.refresh};
}
