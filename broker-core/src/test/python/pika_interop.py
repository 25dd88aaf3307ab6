"""Interoperability checks with Python's pika, driven by PikaInteropIT.

Usage: python3 pika_interop.py PORT
Exits 0 and prints "ALL PIKA CHECKS PASSED" when every check holds; otherwise raises.
"""
import datetime
import decimal
import os
import sys
import uuid

import pika
from pika.exceptions import ChannelClosedByBroker, UnroutableError


def connect(port):
    params = pika.ConnectionParameters(host="127.0.0.1", port=port,
                                       credentials=pika.PlainCredentials("guest", "guest"),
                                       heartbeat=0, blocked_connection_timeout=10)
    return pika.BlockingConnection(params)


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:8])


def check_publish_consume(conn):
    ch = conn.channel()
    queue = ch.queue_declare(queue="", exclusive=True).method.queue
    for i in range(100):
        ch.basic_publish(exchange="", routing_key=queue, body=("m%d" % i).encode())
    received = []

    def on_message(channel, method, properties, body):
        received.append(body.decode())
        channel.basic_ack(method.delivery_tag)
        if len(received) == 100:
            channel.stop_consuming()

    ch.basic_qos(prefetch_count=10)
    ch.basic_consume(queue=queue, on_message_callback=on_message)
    conn.call_later(10, ch.stop_consuming)
    ch.start_consuming()
    assert received == ["m%d" % i for i in range(100)], received[:5]
    ch.close()


def check_confirms_and_returns(conn):
    ch = conn.channel()
    ch.confirm_delivery()
    queue = ch.queue_declare(queue="", exclusive=True).method.queue
    for i in range(50):
        ch.basic_publish(exchange="", routing_key=queue, body=b"x", mandatory=True)
    try:
        ch.basic_publish(exchange="amq.direct", routing_key=unique("nobody"), body=b"lost", mandatory=True)
        raise AssertionError("an unroutable mandatory publish was not returned")
    except UnroutableError:
        pass
    assert ch.queue_declare(queue=queue, passive=True).method.message_count == 50
    ch.close()


def all_types_headers():
    """Every value type pika 1.x can encode (it has no float)."""
    return {
        "int": 42,
        "negative": -7,
        "big": 2 ** 40,
        "text": "héllo wörld",
        "bool": True,
        "false": False,
        "decimal": decimal.Decimal("3.14"),
        "when": datetime.datetime(2026, 11, 21, 12, 30, 0),
        "bytes": b"\x00\x01\xff",
        "none": None,
        "list": [1, "two", decimal.Decimal("3.0"), [4, 5], {"six": 6}],
        "nested": {"a": {"b": {"c": "deep"}}, "n": 1},
    }


def check_tables_round_trip(conn):
    ch = conn.channel()
    queue = ch.queue_declare(queue="", exclusive=True).method.queue
    headers = all_types_headers()
    props = pika.BasicProperties(content_type="application/json", content_encoding="utf-8", headers=headers,
                                 delivery_mode=2, priority=5, correlation_id="corr", reply_to="reply",
                                 expiration="60000", message_id="id-1", timestamp=1700000000, type="t",
                                 user_id="guest", app_id="pika-test")
    ch.basic_publish(exchange="", routing_key=queue, body=b"{}", properties=props)
    method, got, body = None, None, None
    for _ in range(100):
        method, got, body = ch.basic_get(queue=queue, auto_ack=True)
        if method:
            break
    assert method is not None, "message not received"
    for key in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id", "reply_to",
                "expiration", "message_id", "timestamp", "type", "user_id", "app_id"):
        assert getattr(got, key) == getattr(props, key), (key, getattr(got, key), getattr(props, key))
    for key, value in headers.items():
        assert got.headers[key] == value, (key, got.headers[key], value)
    ch.close()


def check_headers_exchange(conn):
    ch = conn.channel()
    exchange = unique("hdr")
    ch.exchange_declare(exchange=exchange, exchange_type="headers", auto_delete=True)
    q_all = ch.queue_declare(queue="", exclusive=True).method.queue
    q_any = ch.queue_declare(queue="", exclusive=True).method.queue
    ch.queue_bind(queue=q_all, exchange=exchange, arguments={"x-match": "all", "format": "pdf", "type": "report"})
    ch.queue_bind(queue=q_any, exchange=exchange, arguments={"x-match": "any", "format": "zip", "type": "log"})
    ch.basic_publish(exchange=exchange, routing_key="", body=b"1",
                     properties=pika.BasicProperties(headers={"format": "pdf", "type": "report"}))
    ch.basic_publish(exchange=exchange, routing_key="", body=b"2",
                     properties=pika.BasicProperties(headers={"format": "pdf", "type": "log"}))
    ch.basic_publish(exchange=exchange, routing_key="", body=b"3",
                     properties=pika.BasicProperties(headers={"format": "doc"}))
    counts = (ch.queue_declare(queue=q_all, passive=True).method.message_count,
              ch.queue_declare(queue=q_any, passive=True).method.message_count)
    assert counts == (1, 1), counts
    ch.close()


def check_large_bodies(conn):
    ch = conn.channel()
    ch.confirm_delivery()
    queue = ch.queue_declare(queue="", exclusive=True).method.queue
    bodies = [os.urandom(5 * 1024 * 1024 + 17), os.urandom(3 * 1024 * 1024)]
    for body in bodies:
        ch.basic_publish(exchange="", routing_key=queue, body=body)
    for expected in bodies:
        method, _, body = ch.basic_get(queue=queue, auto_ack=False)
        assert method is not None
        assert body == expected, (len(body), len(expected))
        ch.basic_ack(method.delivery_tag)
    ch.close()


def check_errors(conn):
    ch = conn.channel()
    try:
        ch.queue_declare(queue=unique("missing"), passive=True)
        raise AssertionError("passive declare of a missing queue succeeded")
    except ChannelClosedByBroker as e:
        assert e.reply_code == 404, e
        assert e.reply_text.startswith("NOT_FOUND - no queue"), e.reply_text
    assert conn.is_open


def main():
    port = int(sys.argv[1])
    conn = connect(port)
    for check in (check_publish_consume, check_confirms_and_returns, check_tables_round_trip,
                  check_headers_exchange, check_large_bodies, check_errors):
        check(conn)
        print("ok:", check.__name__)
    conn.close()
    print("ALL PIKA CHECKS PASSED")


if __name__ == "__main__":
    main()
