package io.warren.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.AmqpException;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.message.Message;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import io.warren.broker.stats.HistoryRange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/queues}: lists, one queue (GET, PUT to declare, DELETE with {@code if-unused} and
 * {@code if-empty}), {@code .../contents} DELETE to purge, {@code .../get}, {@code .../bindings}.
 * Queue operations are messages to the queue's actor: the answer is written from its callback,
 * never by waiting on an event loop.
 */
final class QueueRoutes {
    private final ApiContext api;
    private final Rows rows;

    QueueRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
    }

    void register(Router router) {
        router.get("/api/queues", Access.MANAGEMENT, this::listAll);
        router.get("/api/queues/{vhost}", Access.MANAGEMENT, this::listVhost);
        router.addAsync(HttpMethod.GET, "/api/queues/{vhost}/{name}", Access.MANAGEMENT, this::get);
        router.addAsync(HttpMethod.PUT, "/api/queues/{vhost}/{name}", Access.MANAGEMENT, this::put);
        router.addAsync(HttpMethod.DELETE, "/api/queues/{vhost}/{name}", Access.MANAGEMENT, this::delete);
        router.addAsync(HttpMethod.DELETE, "/api/queues/{vhost}/{name}/contents", Access.MANAGEMENT, this::purge);
        router.addAsync(HttpMethod.POST, "/api/queues/{vhost}/{name}/get", Access.MANAGEMENT, this::getMessages);
        router.get("/api/queues/{vhost}/{name}/bindings", Access.MANAGEMENT, this::bindings);
    }

    private JsonResponse listAll(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        List<Map<String, Object>> all = new ArrayList<>();
        for (VirtualHost vhost : api.visibleVhosts(r.user())) {
            all.addAll(queuesOf(vhost));
        }
        return JsonResponse.ok(query.apply(all));
    }

    private JsonResponse listVhost(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        api.requireVhostAccess(r.user(), r.param("vhost"));
        return JsonResponse.ok(query.apply(queuesOf(api.vhost(r.param("vhost")))));
    }

    private List<Map<String, Object>> queuesOf(VirtualHost vhost) {
        List<MessageQueue> queues = new ArrayList<>(vhost.queues());
        queues.removeIf(MessageQueue::isDeleted);
        queues.sort(Comparator.comparing(MessageQueue::name));
        List<Map<String, Object>> out = new ArrayList<>(queues.size());
        for (MessageQueue q : queues) {
            out.add(rows.queue(q));
        }
        return out;
    }

    private MessageQueue requireQueue(ApiRequest r) {
        api.requireVhostAccess(r.user(), r.param("vhost"));
        MessageQueue queue = api.vhost(r.param("vhost")).queue(r.param("name"));
        if (queue == null) {
            throw ApiException.notFound();
        }
        return queue;
    }

    /** One queue, with {@code consumer_details} gathered from the channels that consume from it. */
    private CompletionStage<JsonResponse> get(ApiRequest r) {
        MessageQueue queue = requireQueue(r);
        ListQuery query = ListQuery.of(r);
        HistoryRange rates = HistoryRanges.rates(r);
        HistoryRange lengths = HistoryRanges.lengths(r);
        return api.connectionViews().thenApply(connections -> {
            List<Map<String, Object>> consumers = new ArrayList<>();
            for (ConnectionView c : connections) {
                for (ChannelView ch : c.channels()) {
                    for (ChannelView.ConsumerView consumer : ch.consumers()) {
                        if (consumer.vhost().equals(queue.vhost()) && consumer.queue().equals(queue.name())) {
                            consumers.add(rows.consumer(c, ch, consumer));
                        }
                    }
                }
            }
            Map<String, Object> row = rows.queue(queue);
            withHistory(row, queue, rates, lengths);
            row.put("consumer_details", consumers);
            row.put("deliveries", List.of());
            row.put("incoming", List.of());
            return JsonResponse.ok(query.applyOne(row));
        });
    }

    /** One queue's page asks for history: its rates and depths with samples, for charts. */
    private void withHistory(Map<String, Object> row, MessageQueue queue, HistoryRange rates, HistoryRange lengths) {
        if (rates != null) {
            Map<String, Object> stats = api.stats().queue(queue, rates);
            if (stats != null) {
                row.put("message_stats", stats);
            }
        }
        if (lengths != null) {
            Map<String, Object> details = api.stats().queueLengthDetails(queue, lengths);
            if (details != null) {
                row.putAll(details);
            }
        }
    }

    private CompletionStage<JsonResponse> put(ApiRequest r) {
        String vhostName = r.param("vhost");
        api.requireVhostAccess(r.user(), vhostName);
        ObjectNode body = r.jsonObject();
        VirtualHost vhost = api.vhostToDeclareIn(vhostName);
        String name = r.param("name");
        if (name.isEmpty()) {
            throw ApiException.notFound();
        }
        boolean existed = vhost.queue(name) != null;
        try {
            api.services().resourceOperations().declareQueue(r.user().name(), vhost, name, false, false,
                    Bodies.bool(body, "durable", false), false, Bodies.bool(body, "auto_delete", false),
                    Fields.tableFromJson(body.get("arguments"), "arguments"), ApiContext.NO_CONNECTION);
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        return api.whenDurable(JsonResponse.createdOrUpdated(!existed));
    }

    private CompletionStage<JsonResponse> delete(ApiRequest r) {
        requireQueue(r);
        VirtualHost vhost = api.vhost(r.param("vhost"));
        MessageQueue queue;
        try {
            queue = api.services().resourceOperations().queueToDelete(r.user().name(), vhost, r.param("name"),
                    ApiContext.NO_CONNECTION);
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        if (queue == null) {
            throw ApiException.notFound();
        }
        CompletableFuture<JsonResponse> answer = new CompletableFuture<>();
        queue.delete(r.queryFlag("if-unused"), r.queryFlag("if-empty"), (count, refused) -> {
            if (refused != null) {
                answer.completeExceptionally(ApiException.from(refused));
                return;
            }
            vhost.removeQueue(queue);
            api.whenDurable(JsonResponse.noContent()).whenComplete((ok, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(ok);
                }
            });
        });
        return answer;
    }

    private MessageQueue queueToRead(ApiRequest r) {
        requireQueue(r);
        try {
            return api.services().resourceOperations().queueToRead(r.user().name(), api.vhost(r.param("vhost")),
                    r.param("name"), ApiContext.NO_CONNECTION);
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
    }

    private CompletionStage<JsonResponse> purge(ApiRequest r) {
        MessageQueue queue = queueToRead(r);
        CompletableFuture<JsonResponse> answer = new CompletableFuture<>();
        queue.purge(count -> answer.complete(JsonResponse.noContent()));
        return answer;
    }

    /** How {@code .../get} settles what it took: RabbitMQ's four ack modes. */
    private enum AckMode {
        ACK_REQUEUE_TRUE(MessageQueue.Settlement.REQUEUE),
        ACK_REQUEUE_FALSE(MessageQueue.Settlement.ACK),
        REJECT_REQUEUE_TRUE(MessageQueue.Settlement.REQUEUE),
        REJECT_REQUEUE_FALSE(MessageQueue.Settlement.DISCARD);

        final MessageQueue.Settlement settlement;

        AckMode(MessageQueue.Settlement settlement) {
            this.settlement = settlement;
        }

        static AckMode parse(String text) {
            for (AckMode mode : values()) {
                if (mode.name().equalsIgnoreCase(text)) {
                    return mode;
                }
            }
            throw ApiException.badRequest("Unsupported ackmode '" + text + "'. Please use ack_requeue_true, "
                    + "ack_requeue_false, reject_requeue_true or reject_requeue_false.");
        }
    }

    /**
     * RabbitMQ's {@code .../get}: up to {@code count} messages, taken one after another (each get
     * posted from the previous one's callback) and settled together at the end, so a requeued
     * message is not fetched twice.
     */
    private CompletionStage<JsonResponse> getMessages(ApiRequest r) {
        ObjectNode body = r.jsonObject();
        Bodies.requireKeys(body, "count", "ackmode", "encoding");
        int count = nonNegative(body, "count");
        AckMode ackMode = AckMode.parse(body.get("ackmode").asText());
        String encoding = body.get("encoding").asText();
        if (!encoding.equals("auto") && !encoding.equals("base64")) {
            throw ApiException.badRequest("Unsupported encoding. Please use auto or base64.");
        }
        Integer truncate = body.hasNonNull("truncate") ? nonNegative(body, "truncate") : null;
        MessageQueue queue = queueToRead(r);
        CompletableFuture<JsonResponse> answer = new CompletableFuture<>();
        List<QueueEntry> taken = new ArrayList<>();
        List<Map<String, Object>> messages = new ArrayList<>();
        fetch(queue, count, taken, messages, encoding.equals("base64"), truncate, () -> {
            if (!taken.isEmpty()) {
                queue.settle(null, List.copyOf(taken), ackMode.settlement);
            }
            answer.complete(JsonResponse.ok(messages));
        });
        return answer;
    }

    /** An integer (or its text); a negative one counts as 0, as RabbitMQ answers {@code count: -1} with []. */
    private static int nonNegative(ObjectNode body, String key) {
        com.fasterxml.jackson.databind.JsonNode node = body.get(key);
        try {
            int value = node.isIntegralNumber() ? node.intValue() : Integer.parseInt(node.asText().trim());
            return Math.max(0, value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("'" + key + "' must be an integer");
        }
    }

    private void fetch(MessageQueue queue, int left, List<QueueEntry> taken, List<Map<String, Object>> messages,
                       boolean base64, Integer truncate, Runnable done) {
        if (left == 0) {
            done.run();
            return;
        }
        queue.get(false, (entry, remaining) -> {
            if (entry == null) {
                done.run();
                return;
            }
            taken.add(entry);
            messages.add(describe(entry, remaining, base64, truncate));
            fetch(queue, left - 1, taken, messages, base64, truncate, done);
        });
    }

    private static Map<String, Object> describe(QueueEntry entry, int remaining, boolean base64, Integer truncate) {
        Message message = entry.message();
        ByteBuf body = message.body();
        int size = body.readableBytes();
        int shown = truncate == null ? size : Math.max(0, Math.min(size, truncate));
        byte[] bytes = ByteBufUtil.getBytes(body, body.readerIndex(), shown);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("payload_bytes", size);
        row.put("redelivered", entry.isRedelivered());
        row.put("exchange", message.exchange());
        row.put("routing_key", message.routingKey());
        row.put("message_count", remaining);
        row.put("properties", MessageProperties.toJson(message.properties()));
        String text = base64 ? null : utf8(bytes);
        if (text != null) {
            row.put("payload", text);
            row.put("payload_encoding", "string");
        } else {
            row.put("payload", Base64.getEncoder().encodeToString(bytes));
            row.put("payload_encoding", "base64");
        }
        return row;
    }

    /** The text, when the bytes are valid UTF-8 (RabbitMQ's {@code auto} encoding), else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private JsonResponse bindings(ApiRequest r) {
        MessageQueue queue = requireQueue(r);
        VirtualHost vhost = api.vhost(r.param("vhost"));
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(rows.defaultBinding(queue));
        List<Map<String, Object>> explicit = new ArrayList<>();
        for (VirtualHost.SourcedBinding sb : vhost.bindings()) {
            if (sb.binding().destination() instanceof Destination.ToQueue q && q.queue() == queue) {
                explicit.add(rows.binding(vhost.name(), sb.source().name(), sb.binding()));
            }
        }
        BindingRoutes.sortBindings(explicit);
        out.addAll(explicit);
        return JsonResponse.ok(ListQuery.of(r).apply(out, false));
    }
}
