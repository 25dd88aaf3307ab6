package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** The node as a whole: status, cluster_status, await_startup. */
final class NodeCommands {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NodeCommands() {
    }

    @Command(name = "status", description = "Shows the node's version, uptime, memory, disk, alarms, totals and listeners.")
    static final class Status extends ApiCommand {
        @Override
        void run(Session session) {
            JsonNode overview = session.api().get("/api/overview");
            String nodeName = overview.path("node").asText();
            JsonNode node = session.api().get("/api/nodes/" + ManagementClient.segment(nodeName));
            ObjectNode status = NODES.objectNode();
            status.put("node_name", nodeName);
            status.put("product_name", overview.path("product_name").asText("RabbitMQ"));
            status.put("product_version", overview.path("product_version").asText());
            status.set("os_pid", node.path("os_pid"));
            status.put("uptime", node.path("uptime").asLong() / 1000);
            status.set("alarms", alarms(List.of(node)));
            ObjectNode memory = status.putObject("memory");
            memory.set("used", node.path("mem_used"));
            memory.set("limit", node.path("mem_limit"));
            ObjectNode disk = status.putObject("disk");
            disk.set("free", node.path("disk_free"));
            disk.set("free_limit", node.path("disk_free_limit"));
            ObjectNode descriptors = status.putObject("file_descriptors");
            descriptors.set("used", node.path("fd_used"));
            descriptors.set("total", node.path("fd_total"));
            descriptors.set("sockets_used", node.path("sockets_used"));
            descriptors.set("sockets_total", node.path("sockets_total"));
            ObjectNode totals = status.putObject("totals");
            totals.set("connections", overview.path("object_totals").path("connections"));
            totals.set("queues", overview.path("object_totals").path("queues"));
            totals.put("virtual_hosts", ListCommand.items(session.api().get("/api/vhosts")).size());
            status.set("listeners", listeners(overview, nodeName));

            Output out = session.output();
            if (out.formatter() == Formatter.json) {
                out.json(status);
                return;
            }
            out.info("Status of node " + nodeName + " ...");
            out.line("Runtime\n");
            out.line("OS PID: " + Cells.render(status.path("os_pid")));
            out.line("Uptime (seconds): " + status.path("uptime").asLong());
            out.line(status.path("product_name").asText() + " version: " + status.path("product_version").asText());
            out.line("Node name: " + nodeName);
            out.line("\nAlarms\n");
            alarmLines(status.path("alarms")).forEach(out::line);
            out.line("\nMemory\n");
            out.line("Total memory used: " + gigabytes(memory.path("used")) + " gb");
            out.line("Memory high watermark setting: computed to: " + gigabytes(memory.path("limit")) + " gb");
            out.line("\nFile Descriptors\n");
            out.line("Total: " + Cells.render(descriptors.path("used")) + ", limit: "
                    + Cells.render(descriptors.path("total")));
            out.line("Sockets: " + Cells.render(descriptors.path("sockets_used")) + ", limit: "
                    + Cells.render(descriptors.path("sockets_total")));
            out.line("\nFree Disk Space\n");
            out.line("Low free disk space watermark: " + gigabytes(disk.path("free_limit")) + " gb");
            out.line("Free disk space: " + gigabytes(disk.path("free")) + " gb");
            out.line("\nTotals\n");
            out.line("Connection count: " + totals.path("connections").asLong());
            out.line("Queue count: " + totals.path("queues").asLong());
            out.line("Virtual host count: " + totals.path("virtual_hosts").asLong());
            out.line("\nListeners\n");
            listenerLines(status.path("listeners"), false).forEach(out::line);
        }
    }

    @Command(name = "cluster_status", description = "Shows the cluster's name, members, alarms, partitions and listeners.")
    static final class ClusterStatus extends ApiCommand {
        @Override
        void run(Session session) {
            JsonNode overview = session.api().get("/api/overview");
            String nodeName = overview.path("node").asText();
            List<JsonNode> nodes = ListCommand.items(session.api().get("/api/nodes"));
            ObjectNode status = NODES.objectNode();
            status.put("cluster_name", overview.path("cluster_name").asText(nodeName));
            ArrayNode disk = status.putArray("disk_nodes");
            ArrayNode ram = status.putArray("ram_nodes");
            ArrayNode running = status.putArray("running_nodes");
            ArrayNode partitions = status.putArray("partitions");
            for (JsonNode node : nodes) {
                String name = node.path("name").asText();
                ("ram".equals(node.path("type").asText()) ? ram : disk).add(name);
                if (node.path("running").asBoolean(true)) {
                    running.add(name);
                }
                for (JsonNode peer : node.path("partitions")) {
                    partitions.addObject().put("node", name).put("unreachable", peer.asText());
                }
            }
            ObjectNode versions = status.putObject("versions");
            ObjectNode version = versions.putObject(nodeName)
                    .put("product_name", overview.path("product_name").asText("RabbitMQ"))
                    .put("product_version", overview.path("product_version").asText());
            if (overview.hasNonNull("erlang_version")) {
                version.put("erlang_version", overview.get("erlang_version").asText());
            }
            status.set("alarms", alarms(nodes));
            status.set("listeners", listeners(overview, null));

            Output out = session.output();
            if (out.formatter() == Formatter.json) {
                out.json(status);
                return;
            }
            out.info("Cluster status of node " + nodeName + " ...");
            out.line("Basics\n");
            out.line("Cluster name: " + status.path("cluster_name").asText());
            out.line("\nDisk Nodes\n");
            disk.forEach(name -> out.line(name.asText()));
            if (!ram.isEmpty()) {
                out.line("\nRAM Nodes\n");
                ram.forEach(name -> out.line(name.asText()));
            }
            out.line("\nRunning Nodes\n");
            running.forEach(name -> out.line(name.asText()));
            out.line("\nVersions\n");
            versions.properties().forEach(v -> out.line(v.getKey() + ": " + v.getValue().path("product_name")
                    .asText() + " " + v.getValue().path("product_version").asText()
                    + runtime(v.getValue().path("erlang_version").asText(""))));
            out.line("\nAlarms\n");
            alarmLines(status.path("alarms")).forEach(out::line);
            out.line("\nNetwork Partitions\n");
            if (partitions.isEmpty()) {
                out.line("(none)");
            }
            partitions.forEach(p -> out.line("Node " + p.path("node").asText() + " cannot communicate with "
                    + p.path("unreachable").asText()));
            out.line("\nListeners\n");
            listenerLines(status.path("listeners"), true).forEach(out::line);
        }
    }

    @Command(name = "await_startup",
            description = "Waits until the node's management API answers, for at most --timeout seconds (default 300).")
    static final class AwaitStartup extends ApiCommand {
        static final int DEFAULT_TIMEOUT_SECONDS = 300;
        private static final Duration RETRY_EVERY = Duration.ofMillis(250);
        private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

        @Override
        void run(Session session) {
            int seconds = session.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : session.timeoutSeconds();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            ManagementClient api = session.api().withTimeout(ATTEMPT_TIMEOUT);
            CliException last;
            while (true) {
                try {
                    api.get("/api/overview");
                    return;
                } catch (CliException e) {
                    // Unreachable, or too slow to answer: not started yet.
                    last = e;
                } catch (ApiStatusException e) {
                    // Wrong credentials will not become right by waiting; a 5xx may be a node still starting.
                    if (e.status() < 500) {
                        throw e;
                    }
                    last = new CliException(ExitCodes.SOFTWARE, e.getMessage(), e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CliException(ExitCodes.TEMP_FAIL, "the node at " + api.node() + " did not start within "
                            + seconds + " s; last attempt: " + last.getMessage(), last);
                }
                try {
                    Thread.sleep(Math.min(RETRY_EVERY.toMillis(), Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliException(ExitCodes.TEMP_FAIL, "interrupted while waiting for " + api.node(), e);
                }
            }
        }
    }

    /** The alarms in effect on {@code nodes}, as {@code {"node":..., "resource":"memory"|"disk"}} objects. */
    static ArrayNode alarms(List<JsonNode> nodes) {
        ArrayNode alarms = NODES.arrayNode();
        for (JsonNode node : nodes) {
            if (node.path("mem_alarm").asBoolean(false)) {
                alarms.addObject().put("node", node.path("name").asText()).put("resource", "memory");
            }
            if (node.path("disk_free_alarm").asBoolean(false)) {
                alarms.addObject().put("node", node.path("name").asText()).put("resource", "disk");
            }
        }
        return alarms;
    }

    static List<String> alarmLines(JsonNode alarms) {
        List<String> lines = new ArrayList<>();
        for (JsonNode alarm : alarms) {
            lines.add(("memory".equals(alarm.path("resource").asText()) ? "Memory alarm" : "Free disk space alarm")
                    + " on node " + alarm.path("node").asText());
        }
        if (lines.isEmpty()) {
            lines.add("(none)");
        }
        return lines;
    }

    /** The overview's listeners, of one node or (with null) of all. */
    static ArrayNode listeners(JsonNode overview, String ofNode) {
        ArrayNode listeners = NODES.arrayNode();
        for (JsonNode listener : overview.path("listeners")) {
            if (ofNode == null || ofNode.equals(listener.path("node").asText())) {
                String address = listener.path("ip_address").asText();
                String protocol = listener.path("protocol").asText();
                listeners.addObject()
                        .put("node", listener.path("node").asText())
                        .put("interface", address.contains(":") ? "[" + address + "]" : address)
                        .put("port", listener.path("port").asInt())
                        .put("protocol", protocol)
                        .put("purpose", purpose(protocol));
            }
        }
        return listeners;
    }

    static List<String> listenerLines(JsonNode listeners, boolean withNode) {
        List<String> lines = new ArrayList<>();
        for (JsonNode listener : listeners) {
            lines.add((withNode ? "Node: " + listener.path("node").asText() + ", interface: " : "Interface: ")
                    + listener.path("interface").asText() + ", port: " + listener.path("port").asInt()
                    + ", protocol: " + listener.path("protocol").asText() + ", purpose: "
                    + listener.path("purpose").asText());
        }
        if (lines.isEmpty()) {
            lines.add("(none)");
        }
        return lines;
    }

    /** RabbitMQ reports a bare Erlang version ("25.2.3"); Warren its JVM ("Java 17.0.15"). */
    static String runtime(String version) {
        if (version.isEmpty()) {
            return "";
        }
        return Character.isDigit(version.charAt(0)) ? " on Erlang " + version : " on " + version;
    }

    /** What a listener is for, in rabbitmqctl's words. */
    static String purpose(String protocol) {
        return switch (protocol) {
            case "amqp" -> "AMQP 0-9-1";
            case "amqp/ssl" -> "AMQP 0-9-1 over TLS";
            case "http" -> "HTTP API";
            case "https" -> "HTTP API over TLS";
            case "clustering" -> "inter-node communication";
            case "prometheus" -> "Prometheus exporter API over HTTP";
            default -> protocol;
        };
    }

    /** rabbitmqctl shows memory and disk in gigabytes rounded to 4 decimals, e.g. 0.148 or 84.6483. */
    static String gigabytes(JsonNode bytes) {
        if (!bytes.isNumber()) {
            return "?";
        }
        BigDecimal gb = BigDecimal.valueOf(bytes.asDouble() / 1_000_000_000d).setScale(4, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return gb.scale() < 1 ? gb.setScale(1).toPlainString() : gb.toPlainString();
    }
}
