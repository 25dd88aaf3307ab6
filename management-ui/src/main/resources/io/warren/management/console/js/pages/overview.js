// Overview: object totals, queued messages, and charts of message rates and queue depth that
// move as messages flow.
import {get} from '../api.js';
import {h, fill, section, table, details, fmt} from '../dom.js';
import {TimeSeriesChart, historyQuery, ratePoints, levelPoints} from '../charts.js';

const RATES = [
  {key: 'publish', label: 'Publish'}, {key: 'confirm', label: 'Confirm'},
  {key: 'deliver_get', label: 'Deliver / get', fallback: 'deliver'}, {key: 'ack', label: 'Ack'},
  {key: 'redeliver', label: 'Redeliver'}, {key: 'return_unroutable', label: 'Return'},
];
const DEPTHS = [
  {key: 'messages_ready', label: 'Ready'}, {key: 'messages_unacknowledged', label: 'Unacked'},
  {key: 'messages', label: 'Total'},
];
const TOTALS = [['connections', 'Connections'], ['channels', 'Channels'], ['exchanges', 'Exchanges'],
  ['queues', 'Queues'], ['consumers', 'Consumers']];

export function render(view) {
  const totals = h('div', {class: 'totals', id: 'object-totals'});
  const ratesCanvas = h('canvas', {id: 'rates-chart'});
  const depthCanvas = h('canvas', {id: 'depth-chart'});
  const node = h('div', {id: 'node-details'});
  view.append(
    h('h1', {}, 'Overview'),
    totals,
    h('div', {class: 'charts'},
      section('Message rates', h('div', {class: 'chart'}, ratesCanvas)),
      section('Queued messages', h('div', {class: 'chart'}, depthCanvas))),
    section('Node', node));
  const rates = new TimeSeriesChart(ratesCanvas, RATES, '/s');
  const depths = new TimeSeriesChart(depthCanvas, DEPTHS);

  async function refresh() {
    let o;
    try {
      o = await get('/overview' + historyQuery);
    } catch (e) {
      fill(totals, h('p', {class: 'error'}, e.message));
      return;
    }
    const objects = o.object_totals || {};
    const queued = o.queue_totals || {};
    fill(totals,
      TOTALS.map(([k, label]) => tile(label, objects[k], `total-${k}`)),
      tile('Ready', queued.messages_ready, 'total-ready'),
      tile('Unacked', queued.messages_unacknowledged, 'total-unacked'),
      tile('Total messages', queued.messages, 'total-messages'));
    const stats = o.message_stats || {};
    rates.show(Object.fromEntries(RATES.map(({key, fallback}) => {
      const d = stats[`${key}_details`] ?? stats[`${fallback}_details`];
      const points = ratePoints(d);
      return [key, points ? {points} : {value: d?.rate ?? 0}];
    })));
    depths.show(Object.fromEntries(DEPTHS.map(({key}) => {
      const points = levelPoints(queued[`${key}_details`]);
      return [key, points ? {points} : {value: queued[key] ?? 0}];
    })));
    fill(node,
      details([
        ['Product', `${o.product_name || ''} ${o.product_version || o.management_version || ''}`],
        ['Node', o.node],
        o.cluster_name && ['Cluster', o.cluster_name],
      ]),
      table([
        {title: 'Protocol', cell: l => l.protocol},
        {title: 'Address', cell: l => l.ip_address},
        {title: 'Port', cell: l => String(l.port)},
      ], o.listeners || [], {empty: 'No listeners reported.', id: 'listeners'}));
  }

  return {refresh, dispose() { rates.destroy(); depths.destroy(); }};
}

function tile(label, value, id) {
  return h('div', {class: 'tile', id}, h('span', {class: 'value'}, fmt.num(value ?? 0)), h('span', {class: 'label'}, label));
}
