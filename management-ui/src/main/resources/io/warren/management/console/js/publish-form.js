// The publish form shared by the exchange page and the queue page (which publishes through the
// default exchange with the queue's name as routing key).
import {post, seg} from './api.js';
import {form, field, notify, parseJsonObject} from './dom.js';

/**
 * @param vhost        the exchange's virtual host
 * @param exchange     exchange name; "" is the default exchange (amq.default in the API's path)
 * @param routingKey   a fixed routing key (publishing to a queue), or undefined to ask for one
 * @param onPublished  called after the broker took the message, e.g. to show the queue's new depth
 */
export function publishForm(id, vhost, exchange, routingKey, onPublished = async () => {}) {
  const fields = [
    routingKey === undefined && field('Routing key', 'routing_key', {id: `${id}-routing-key`}),
    field('Delivery mode', 'delivery_mode', {tag: 'select', options: [['1', '1 - non-persistent'], ['2', '2 - persistent']]}),
    field('Headers (JSON)', 'headers', {tag: 'textarea', rows: 1, placeholder: '{"x-tenant": "acme"}'}),
    field('Properties (JSON)', 'properties', {tag: 'textarea', rows: 1, placeholder: '{"content_type": "text/plain"}'}),
    field('Payload', 'payload', {tag: 'textarea', rows: 3, id: `${id}-payload`}),
  ];
  return form(id, fields, 'Publish message', async values => {
    const properties = {...parseJsonObject(values.properties, 'Properties'),
      delivery_mode: Number(values.delivery_mode)};
    const headers = parseJsonObject(values.headers, 'Headers');
    if (Object.keys(headers).length) properties.headers = headers;
    const answer = await post(`/exchanges/${seg(vhost)}/${seg(exchange || 'amq.default')}/publish`, {
      properties, routing_key: routingKey ?? values.routing_key, payload: values.payload, payload_encoding: 'string',
    });
    notify(answer?.routed === false ? 'Message published, but not routed to any queue.' : 'Message published.',
      answer?.routed === false ? 'error' : 'info');
    await onPublished();
  });
}
