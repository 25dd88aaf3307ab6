#!/usr/bin/env python3
"""Generates io.warren.amqp.method.* from the protocol's JSON description.

The generated sources are committed, so the build needs no Python. Run this again only when the
spec data changes:  python3 amqp-codec/codegen/generate_methods.py
SpecConformanceTest enumerates the same JSON at test time, so generated code that drifts from the
spec (or a hand edit that breaks it) fails the build.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "src", "test", "resources", "amqp-rabbitmq-0.9.1.json")
OUT = os.path.join(HERE, "..", "src", "main", "java", "io", "warren", "amqp", "method")

# Arguments the protocol reserves: always written as zero/empty, ignored when read, and left out
# of the records so nobody mistakes them for something that carries meaning.
RESERVED = {"ticket", "capabilities", "insist", "known-hosts", "out-of-band", "channel-id", "cluster-id"}
NOT_RESERVED_IN = {("access", "request-ok")}  # access.request-ok's ticket is its whole answer

# Long strings that carry text rather than opaque bytes.
TEXT_LONGSTR = {"mechanisms", "locales"}

# Arguments renamed because their plain name would clash with Method's own accessors.
RENAMED = {"class-id": "failingClassId", "method-id": "failingMethodId"}

SUMMARY = {
    "connection.start": "Server proposes the protocol version, its properties and SASL mechanisms.",
    "connection.start-ok": "Client picks a SASL mechanism and sends its first response and properties.",
    "connection.secure": "Server sends a SASL challenge.",
    "connection.secure-ok": "Client answers a SASL challenge.",
    "connection.tune": "Server proposes channel-max, frame-max and heartbeat.",
    "connection.tune-ok": "Client settles channel-max, frame-max and heartbeat.",
    "connection.open": "Client opens a virtual host.",
    "connection.open-ok": "Server confirms the virtual host is open.",
    "connection.close": "Either peer closes the connection, saying why.",
    "connection.close-ok": "Confirms a connection.close.",
    "connection.blocked": "RabbitMQ extension: the server stopped reading publishes (resource alarm).",
    "connection.unblocked": "RabbitMQ extension: the server reads publishes again.",
    "connection.update-secret": "RabbitMQ extension: client replaces its credentials (e.g. an expiring token).",
    "connection.update-secret-ok": "RabbitMQ extension: confirms connection.update-secret.",
    "channel.open": "Client opens a channel.",
    "channel.open-ok": "Server confirms the channel is open.",
    "channel.flow": "Asks the peer to pause or resume sending content.",
    "channel.flow-ok": "Confirms channel.flow.",
    "channel.close": "Either peer closes the channel, saying why.",
    "channel.close-ok": "Confirms a channel.close.",
    "access.request": "Deprecated access-ticket request, kept for old clients.",
    "access.request-ok": "Grants an access ticket.",
    "exchange.declare": "Creates an exchange, or checks that it exists (passive).",
    "exchange.declare-ok": "Confirms exchange.declare.",
    "exchange.delete": "Deletes an exchange.",
    "exchange.delete-ok": "Confirms exchange.delete.",
    "exchange.bind": "RabbitMQ extension: binds an exchange to another exchange.",
    "exchange.bind-ok": "Confirms exchange.bind.",
    "exchange.unbind": "RabbitMQ extension: removes an exchange-to-exchange binding.",
    "exchange.unbind-ok": "Confirms exchange.unbind.",
    "queue.declare": "Creates a queue, or checks that it exists (passive).",
    "queue.declare-ok": "Confirms queue.declare with the queue's name and counts.",
    "queue.bind": "Binds a queue to an exchange.",
    "queue.bind-ok": "Confirms queue.bind.",
    "queue.purge": "Removes every ready message from a queue.",
    "queue.purge-ok": "Confirms queue.purge with the number of messages removed.",
    "queue.delete": "Deletes a queue.",
    "queue.delete-ok": "Confirms queue.delete with the number of messages deleted.",
    "queue.unbind": "Removes a queue's binding.",
    "queue.unbind-ok": "Confirms queue.unbind.",
    "basic.qos": "Sets the prefetch window for a consumer or the channel.",
    "basic.qos-ok": "Confirms basic.qos.",
    "basic.consume": "Starts a consumer on a queue.",
    "basic.consume-ok": "Confirms basic.consume with the consumer tag.",
    "basic.cancel": "Ends a consumer (sent by the server too, when its queue goes away).",
    "basic.cancel-ok": "Confirms basic.cancel.",
    "basic.publish": "Publishes a message; content follows.",
    "basic.return": "Returns an unroutable mandatory message; content follows.",
    "basic.deliver": "Delivers a message to a consumer; content follows.",
    "basic.get": "Fetches one message synchronously.",
    "basic.get-ok": "Answers basic.get with a message; content follows.",
    "basic.get-empty": "Answers basic.get when the queue is empty.",
    "basic.ack": "Acknowledges one or more deliveries (server to client: publisher confirms).",
    "basic.reject": "Rejects one delivery.",
    "basic.recover-async": "Deprecated: redelivers unacknowledged messages without a reply.",
    "basic.recover": "Redelivers unacknowledged messages.",
    "basic.recover-ok": "Confirms basic.recover.",
    "basic.nack": "RabbitMQ extension: rejects one or more deliveries (server to client: negative confirms).",
    "tx.select": "Puts the channel in transactional mode.",
    "tx.select-ok": "Confirms tx.select.",
    "tx.commit": "Commits the current transaction.",
    "tx.commit-ok": "Confirms tx.commit.",
    "tx.rollback": "Abandons the current transaction.",
    "tx.rollback-ok": "Confirms tx.rollback.",
    "confirm.select": "RabbitMQ extension: turns on publisher confirms for the channel.",
    "confirm.select-ok": "Confirms confirm.select.",
}


def camel(name, upper=False):
    parts = name.split("-")
    s = parts[0] + "".join(p.capitalize() for p in parts[1:])
    return s[0].upper() + s[1:] if upper else s


def main():
    spec = json.load(open(SPEC))
    domains = {k: v for k, v in spec["domains"]}
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".java") and f not in ("Method.java",):
            os.remove(os.path.join(OUT, f))
    cases = []
    for cls in spec["classes"]:
        for m in cls["methods"]:
            record = camel(cls["name"], True) + camel(m["name"], True)
            full = cls["name"] + "." + m["name"]
            args = []
            for a in m["arguments"]:
                t = a.get("type") or domains[a["domain"]]
                reserved = a["name"] in RESERVED and (cls["name"], m["name"]) not in NOT_RESERVED_IN
                args.append((a["name"], t, reserved))
            write_record(cls, m, record, full, args)
            cases.append((cls["id"], m["id"], record))
    write_decoder(cases)


def java_type(name, t):
    return {
        "octet": "int", "short": "int", "long": "long", "longlong": "long", "bit": "boolean",
        "shortstr": "String", "table": "Map<String, Object>", "timestamp": "Instant",
        "longstr": "String" if name in TEXT_LONGSTR else "Binary",
    }[t]


def write_record(cls, m, record, full, args):
    comps = [(RENAMED.get(n, camel(n)), t, n) for (n, t, r) in args if not r]
    imports = {"io.netty.buffer.ByteBuf", "io.warren.amqp.field.AmqpTypes"}
    for (_, t, n) in comps:
        jt = java_type(n, t)
        if jt.startswith("Map"):
            imports.add("java.util.Map")
        if jt == "Binary":
            imports.add("io.warren.amqp.field.Binary")
        if jt == "Instant":
            imports.add("java.time.Instant")
    needs_objects = any(java_type(n, t) in ("String", "Binary") for (_, t, n) in comps)
    if needs_objects or any(java_type(n, t).startswith("Map") for (_, t, n) in comps):
        imports.add("java.util.Objects")

    lines = []
    lines.append("// Generated by amqp-codec/codegen/generate_methods.py from the AMQP 0-9-1 spec data. Do not edit.")
    lines.append("package io.warren.amqp.method;")
    lines.append("")
    for i in sorted(imports):
        lines.append(f"import {i};")
    lines.append("")
    lines.append(f"/** {{@code {full}}} ({cls['id']}, {m['id']}): {SUMMARY[full]} */")
    sig = ", ".join(f"{java_type(n, t)} {c}" for (c, t, n) in comps)
    lines.append(f"public record {record}({sig}) implements Method {{")
    lines.append(f"    public static final int CLASS_ID = {cls['id']};")
    lines.append(f"    public static final int METHOD_ID = {m['id']};")
    lines.append("")
    checks = []
    for (c, t, n) in comps:
        jt = java_type(n, t)
        if jt in ("String", "Binary"):
            checks.append(f"        Objects.requireNonNull({c}, \"{c}\");")
        elif jt.startswith("Map"):
            checks.append(f"        {c} = Objects.requireNonNullElse({c}, Map.of());")
    if checks:
        lines.append(f"    public {record} {{")
        lines.extend(checks)
        lines.append("    }")
        lines.append("")
    lines.append("    @Override")
    lines.append("    public int classId() {")
    lines.append("        return CLASS_ID;")
    lines.append("    }")
    lines.append("")
    lines.append("    @Override")
    lines.append("    public int methodId() {")
    lines.append("        return METHOD_ID;")
    lines.append("    }")
    lines.append("")
    lines.append("    @Override")
    lines.append("    public String name() {")
    lines.append(f"        return \"{full}\";")
    lines.append("    }")
    if m.get("content"):
        lines.append("")
        lines.append("    @Override")
        lines.append("    public boolean hasContent() {")
        lines.append("        return true;")
        lines.append("    }")
    # decode
    lines.append("")
    lines.append(f"    static {record} decode(ByteBuf in) {{")
    body, encode = [], []
    i = 0
    while i < len(args):
        n, t, r = args[i]
        if t == "bit":
            group = []
            while i < len(args) and args[i][1] == "bit":
                group.append(args[i])
                i += 1
            named = [(bit, g) for bit, g in enumerate(group) if not g[2]]
            if named:
                body.append("        int bits = in.readUnsignedByte();" if "int bits" not in "".join(body)
                            else "        bits = in.readUnsignedByte();")
                for bit, (gn, _, _) in named:
                    body.append(f"        boolean {RENAMED.get(gn, camel(gn))} = (bits & {1 << bit}) != 0;")
                encode.append("        out.writeByte(" + " | ".join(
                    f"({RENAMED.get(gn, camel(gn))} ? {1 << bit} : 0)" for bit, (gn, _, _) in named) + ");")
            else:
                body.append("        in.skipBytes(1);")
                encode.append("        out.writeByte(0);")
            continue
        c = RENAMED.get(n, camel(n))
        jt = java_type(n, t)
        if r:
            skip = {"short": "in.skipBytes(2);", "shortstr": "AmqpTypes.skipShortString(in);",
                    "longstr": "AmqpTypes.skipLongString(in);"}[t]
            body.append(f"        {skip}")
            enc = {"short": "out.writeShort(0);", "shortstr": "out.writeByte(0);", "longstr": "out.writeInt(0);"}[t]
            encode.append(f"        {enc}")
        else:
            rd = {
                "octet": "in.readUnsignedByte()", "short": "in.readUnsignedShort()",
                "long": "in.readUnsignedInt()", "longlong": "in.readLong()",
                "shortstr": "AmqpTypes.readShortString(in)", "table": "AmqpTypes.readTable(in)",
                "timestamp": "AmqpTypes.readTimestamp(in)",
                "longstr": "AmqpTypes.readLongStringUtf8(in)" if jt == "String" else "AmqpTypes.readLongStringBytes(in)",
            }[t]
            body.append(f"        {jt} {c} = {rd};")
            wr = {
                "octet": f"out.writeByte({c});", "short": f"out.writeShort({c});",
                "long": f"out.writeInt((int) {c});", "longlong": f"out.writeLong({c});",
                "shortstr": f"AmqpTypes.writeShortString(out, {c});", "table": f"AmqpTypes.writeTable(out, {c});",
                "timestamp": f"AmqpTypes.writeTimestamp(out, {c});",
                "longstr": f"AmqpTypes.writeLongString(out, {c});",
            }[t]
            encode.append(f"        {wr}")
        i += 1
    lines.extend(body)
    lines.append(f"        return new {record}(" + ", ".join(c for (c, _, _) in comps) + ");")
    lines.append("    }")
    lines.append("")
    lines.append("    @Override")
    lines.append("    public void writeArguments(ByteBuf out) {")
    lines.extend(encode)
    lines.append("    }")
    lines.append("}")
    with open(os.path.join(OUT, record + ".java"), "w") as f:
        f.write("\n".join(lines) + "\n")


def write_decoder(cases):
    lines = [
        "// Generated by amqp-codec/codegen/generate_methods.py from the AMQP 0-9-1 spec data. Do not edit.",
        "package io.warren.amqp.method;",
        "",
        "import io.netty.buffer.ByteBuf;",
        "import io.warren.amqp.AmqpDecodingException;",
        "import io.warren.amqp.ReplyCode;",
        "",
        "/** Decodes a method's arguments by its class and method id: one switch, no reflection. */",
        "public final class MethodDecoder {",
        "    private MethodDecoder() {",
        "    }",
        "",
        "    /**",
        "     * Reads the arguments of method ({@code classId}, {@code methodId}) from {@code args}.",
        "     *",
        "     * @throws AmqpDecodingException with {@link ReplyCode#NOT_IMPLEMENTED} for an id pair the protocol",
        "     *     does not define; truncated arguments surface as {@link IndexOutOfBoundsException}",
        "     */",
        "    public static Method decode(int classId, int methodId, ByteBuf args) {",
        "        switch ((classId << 16) | methodId) {",
    ]
    for (c, m, r) in cases:
        lines.append(f"            case ({c} << 16) | {m}:")
        lines.append(f"                return {r}.decode(args);")
    lines += [
        "            default:",
        "                throw new AmqpDecodingException(ReplyCode.NOT_IMPLEMENTED,",
        "                        \"unknown method: class \" + classId + \", method \" + methodId);",
        "        }",
        "    }",
        "}",
    ]
    with open(os.path.join(OUT, "MethodDecoder.java"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
