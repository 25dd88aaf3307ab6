package io.warren.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.nio.NioParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an idle connection and an idle queue cost a broker: opens N connections (then N queues),
 * lets the broker settle, and compares its memory before and after.
 *
 * <p>Warren's memory is its live heap after a full collection ({@code jcmd PID GC.run}, then
 * {@code GC.heap_info}); RabbitMQ's is the node's {@code mem_used} from its management API.
 * <pre>
 * java -cp benchmarks/target/classes:benchmarks/target/perftest-lib/* io.warren.benchmarks.IdleFootprint \
 *     --uri amqp://guest:guest@127.0.0.1:5682 --warren-pid PID --count 10000
 * java ... IdleFootprint --uri amqp://guest:guest@127.0.0.1:5679 --rabbitmq-api http://127.0.0.1:15679 --count 10000
 * </pre>
 */
public final class IdleFootprint {
    private static final Pattern G1_USED = Pattern.compile("total \\d+K, used (\\d+)K");
    private static final Pattern MEM_USED = Pattern.compile("\"mem_used\":(\\d+)");

    private final String uri;
    private final long warrenPid;
    private final String rabbitApi;

    private IdleFootprint(String uri, long warrenPid, String rabbitApi) {
        this.uri = uri;
        this.warrenPid = warrenPid;
        this.rabbitApi = rabbitApi;
    }

    public static void main(String[] args) throws Exception {
        String uri = null;
        String api = null;
        long pid = -1;
        int count = 10_000;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--uri" -> uri = args[i + 1];
                case "--warren-pid" -> pid = Long.parseLong(args[i + 1]);
                case "--rabbitmq-api" -> api = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        IdleFootprint footprint = new IdleFootprint(uri, pid, api);
        System.out.printf("broker: %s%n", pid > 0 ? "Warren (live heap after full GC)" : "RabbitMQ (mem_used)");
        footprint.connections(count);
        footprint.queues(count);
    }

    private ConnectionFactory factory() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        factory.setRequestedHeartbeat(0);
        factory.setAutomaticRecoveryEnabled(false);
        factory.useNio();
        factory.setNioParams(new NioParams().setNbIoThreads(4));
        return factory;
    }

    private void connections(int count) throws Exception {
        ConnectionFactory factory = factory();
        long before = memory();
        List<Connection> connections = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                connections.add(factory.newConnection("idle-" + i));
            }
            TimeUnit.SECONDS.sleep(5);
            long after = memory();
            report("idle connection", count, before, after);
        } finally {
            for (Connection c : connections) {
                c.abort(2000);
            }
        }
        TimeUnit.SECONDS.sleep(5);
    }

    private void queues(int count) throws Exception {
        try (Connection connection = factory().newConnection("idle-queues")) {
            Channel channel = connection.createChannel();
            long before = memory();
            for (int i = 0; i < count; i++) {
                channel.queueDeclare("idle-queue-" + i, false, false, false, null);
            }
            TimeUnit.SECONDS.sleep(5);
            long after = memory();
            report("idle queue", count, before, after);
            for (int i = 0; i < count; i++) {
                channel.queueDelete("idle-queue-" + i);
            }
        }
    }

    private static void report(String what, int count, long before, long after) {
        System.out.printf("%d x %s: %,d bytes before, %,d after: %,.0f bytes each%n", count, what, before, after,
                (after - before) / (double) count);
    }

    private long memory() throws Exception {
        return warrenPid > 0 ? warrenLiveHeap() : rabbitMemUsed();
    }

    private long warrenLiveHeap() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = G1_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(warrenPid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private long rabbitMemUsed() throws Exception {
        TimeUnit.SECONDS.sleep(6); // the management API refreshes node stats every 5 s
        HttpRequest request = HttpRequest.newBuilder(URI.create(rabbitApi + "/api/nodes"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .build();
        String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = MEM_USED.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no mem_used in " + body);
        }
        return Long.parseLong(m.group(1));
    }
}
