// One exchange: details and bindings from it; publish to it; delete it.
import {get, del, seg} from '../api.js';
import {h, fill, section, table, details, notify, dangerButton, run, fmt} from '../dom.js';
import {publishForm} from '../publish-form.js';

export function render(view, [vhost, pathName]) {
  const name = pathName === 'amq.default' ? '' : pathName;
  const base = `/exchanges/${seg(vhost)}/${seg(pathName)}`;
  const info = h('div', {id: 'exchange-details'});
  const bindings = h('div', {id: 'exchange-bindings'});
  const builtIn = name === '' || name.startsWith('amq.');
  view.append(
    h('h1', {}, 'Exchange ', h('span', {id: 'exchange-name'}, name || '(AMQP default)'),
      h('small', {}, ` in virtual host ${vhost}`)),
    section('Details', info),
    section('Bindings from this exchange', bindings),
    section('Publish message', publishForm('exchange-publish', vhost, name)),
    !builtIn && section('Delete', dangerButton('Delete', async () => {
      await del(base);
      notify(`Exchange ${name} deleted.`);
      location.hash = '#/exchanges';
    }, {id: 'delete-exchange'})));

  async function refresh() {
    let x;
    let b;
    try {
      [x, b] = await Promise.all([get(base), name === '' ? [] : get(`${base}/bindings/source`)]);
    } catch (e) {
      fill(info, h('p', {class: 'error'}, e.message));
      return;
    }
    fill(info, details([
      ['Type', x.type], ['Features', fmt.flags(x)], ['Arguments', fmt.json(x.arguments)], ['Policy', x.policy || ''],
      ['Rate in', fmt.rate(x.message_stats?.publish_in_details)],
      ['Rate out', fmt.rate(x.message_stats?.publish_out_details)],
    ]));
    const kind = {queue: 'q', exchange: 'e'};
    fill(bindings, table([
      {title: 'To', cell: y => h('a', {href: `#/${y.destination_type}s/${seg(vhost)}/${seg(y.destination)}`}, y.destination)},
      {title: 'Kind', cell: y => y.destination_type},
      {title: 'Routing key', cell: y => y.routing_key},
      {title: 'Arguments', cell: y => fmt.json(y.arguments)},
      {title: '', cell: y => h('button', {type: 'button', onclick: () => run(async () => {
        await del(`/bindings/${seg(vhost)}/e/${seg(name)}/${kind[y.destination_type]}/${seg(y.destination)}/${seg(y.properties_key)}`);
        notify(`Unbound ${y.destination}.`);
        await refresh();
      })}, 'Unbind')},
    ], b, {empty: 'No bindings.'}));
  }
  return {refresh};
}
