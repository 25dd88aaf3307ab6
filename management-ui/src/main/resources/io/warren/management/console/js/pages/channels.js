// Channels: every channel of every connection, paged by the server.
import {h, section, fmt} from '../dom.js';
import {pagedList} from '../paged-list.js';

function mode(c) {
  return [c.confirm && 'Confirm', c.transactional && 'Transactional'].filter(Boolean).join(', ');
}

export function render(view) {
  const list = pagedList({
    id: 'channels', endpoint: '/channels', noun: 'channels',
    columns: [
      {title: 'Channel', cell: c => c.name, sort: 'name'},
      {title: 'User', cell: c => c.user, sort: 'user'},
      {title: 'Virtual host', cell: c => c.vhost, sort: 'vhost'},
      {title: 'Mode', cell: mode},
      {title: 'State', cell: c => c.state || ''},
      {title: 'Prefetch', cell: c => fmt.num(c.prefetch_count), class: 'num'},
      {title: 'Unacked', cell: c => fmt.num(c.messages_unacknowledged), sort: 'messages_unacknowledged', class: 'num'},
      {title: 'Unconfirmed', cell: c => fmt.num(c.messages_unconfirmed), class: 'num'},
      {title: 'Consumers', cell: c => fmt.num(c.consumer_count), sort: 'consumer_count', class: 'num'},
      {title: 'Publish', cell: c => fmt.rate(c.message_stats?.publish_details), class: 'num'},
      {title: 'Deliver / get', cell: c => fmt.rate(c.message_stats?.deliver_get_details), class: 'num'},
    ],
  });
  view.append(h('h1', {}, 'Channels'), section('All channels', list.element));
  return {refresh: list.refresh};
}
