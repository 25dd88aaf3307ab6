package io.warren.management.api;

import io.warren.broker.Broker;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.LoopbackBroker;
import io.warren.management.ManagementPlugin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A measurement, not a test: how long list calls take with many queues (issue 5 asks for each
 * under 1 s with 10 000). Run from the module directory after {@code mvn test-compile}:
 * <pre>
 *   java -cp target/classes:target/test-classes:$(cat cp.txt) io.warren.management.api.ListTimings [queues]
 * </pre>
 * It declares the queues (each bound to {@code amq.direct}, with a message in every tenth), warms
 * the calls up, then prints the best and median of ten runs of each.
 */
public final class ListTimings {
    private ListTimings() {
    }

    public static void main(String[] args) throws Exception {
        int queues = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dataDir = Files.createTempDirectory("warren-list-timings-");
        try (Broker broker = LoopbackBroker.start(dataDir)) {
            VirtualHost vhost = broker.services().vhosts().get("/").orElseThrow();
            var ops = broker.services().resourceOperations();
            long start = System.nanoTime();
            for (int i = 0; i < queues; i++) {
                String name = "q-" + i;
                ops.declareQueue("guest", vhost, name, false, false, false, false, false, Map.of(), new Object());
                ops.bindQueue("guest", vhost, name, "amq.direct", name, Map.of(), null);
            }
            broker.services().definitions().synced().join();
            System.out.printf("declared %d queues with bindings in %d ms%n", queues,
                    (System.nanoTime() - start) / 1_000_000);
            int port = broker.listener(ManagementPlugin.LISTENER_NAME).getPort();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < queues; i += 10) {
                send(http, port, "POST", "/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q-" + i
                        + "\",\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{}}");
            }
            List<String> calls = List.of(
                    "/api/queues",
                    "/api/queues/%2F",
                    "/api/queues?columns=name,messages",
                    "/api/queues?page=1&page_size=500",
                    "/api/queues?page=20&page_size=500&sort=messages&sort_reverse=true",
                    "/api/queues?page=1&page_size=100&name=q-99&use_regex=false",
                    "/api/queues?page=1&page_size=100&name=%5Eq-9.*7%24&use_regex=true",
                    "/api/bindings",
                    "/api/exchanges",
                    "/api/overview");
            for (String call : calls) {
                for (int warm = 0; warm < 5; warm++) {
                    send(http, port, "GET", call, null);
                }
                long[] millis = new long[10];
                int bytes = 0;
                for (int run = 0; run < millis.length; run++) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = send(http, port, "GET", call, null);
                    millis[run] = (System.nanoTime() - t0) / 1_000_000;
                    bytes = response.body().length();
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(call + " answered " + response.statusCode());
                    }
                }
                Arrays.sort(millis);
                System.out.printf("%-72s best %4d ms  median %4d ms  %,10d bytes%n", call, millis[0], millis[5], bytes);
            }
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, int port, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Basic Z3Vlc3Q6Z3Vlc3Q=").header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
