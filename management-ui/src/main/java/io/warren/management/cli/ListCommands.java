package io.warren.management.cli;

import static io.warren.management.cli.Column.at;
import static io.warren.management.cli.Column.constant;
import static io.warren.management.cli.Column.field;
import static io.warren.management.cli.Column.jsonText;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * rabbitmqctl's {@code list_*} commands with its info keys. Where rabbitmqctl shows an Erlang process
 * id ({@code pid}, {@code channel_pid}), which the management API does not expose, warrenctl shows
 * the connection's or channel's name: the API's identifier, and what {@code close_connection} takes.
 */
final class ListCommands {
    private ListCommands() {
    }

    static final Columns QUEUES = new Columns(List.of("name", "messages"),
            field("name"), field("durable"), field("auto_delete"), field("arguments"), field("policy"),
            at("owner_pid", "/owner_pid_details/name"), field("exclusive"), field("exclusive_consumer_tag"),
            field("messages_ready"), field("messages_unacknowledged"), field("messages"),
            field("messages_ready_ram"), field("messages_unacknowledged_ram"), field("messages_ram"),
            field("messages_persistent"), field("message_bytes"), field("message_bytes_ready"),
            field("message_bytes_unacknowledged"), field("message_bytes_ram"), field("message_bytes_persistent"),
            field("head_message_timestamp"), field("disk_reads"), field("disk_writes"), field("consumers"),
            field("consumer_utilisation"), field("consumer_capacity"), field("memory"),
            at("slave_pids", "/slave_nodes"), at("synchronised_slave_pids", "/synchronised_slave_nodes"),
            field("state"), field("type"), field("leader"), field("members"), field("online"),
            field("vhost"), field("node"), field("effective_policy_definition"));

    static final Columns EXCHANGES = new Columns(List.of("name", "type"),
            field("name"), field("type"), field("durable"), field("auto_delete"), field("internal"),
            field("arguments"), field("policy"), field("vhost"));

    static final Columns BINDINGS = new Columns(
            List.of("source_name", "source_kind", "destination_name", "destination_kind", "routing_key", "arguments"),
            at("source_name", "/source"), constant("source_kind", "exchange"), at("destination_name", "/destination"),
            at("destination_kind", "/destination_type"), field("routing_key"), field("arguments"),
            field("properties_key"), field("vhost"));

    static final Columns CONNECTIONS = new Columns(List.of("user", "peer_host", "peer_port", "state"),
            at("pid", "/name"), field("name"), field("port"), field("host"), field("peer_port"), field("peer_host"),
            field("ssl"), field("ssl_protocol"), field("ssl_key_exchange"), field("ssl_cipher"), field("ssl_hash"),
            field("peer_cert_subject"), field("peer_cert_issuer"), field("peer_cert_validity"), field("state"),
            field("channels"), field("protocol"), field("auth_mechanism"), field("user"), field("vhost"),
            field("timeout"), field("frame_max"), field("channel_max"), field("client_properties"),
            field("recv_oct"), field("recv_cnt"), field("send_oct"), field("send_cnt"), field("send_pend"),
            field("connected_at"), field("node"), field("type"));

    static final Columns CHANNELS = new Columns(List.of("pid", "user", "consumer_count", "messages_unacknowledged"),
            at("pid", "/name"), at("connection", "/connection_details/name"), field("name"), field("number"),
            field("user"), field("vhost"), field("transactional"), field("confirm"), field("consumer_count"),
            field("messages_unacknowledged"), field("messages_uncommitted"), field("acks_uncommitted"),
            field("messages_unconfirmed"), field("prefetch_count"), field("global_prefetch_count"), field("state"),
            field("node"));

    static final Columns CONSUMERS = new Columns(
            List.of("queue_name", "channel_pid", "consumer_tag", "ack_required", "prefetch_count", "active",
                    "arguments"),
            at("queue_name", "/queue/name"), at("channel_pid", "/channel_details/name"), field("consumer_tag"),
            field("ack_required"), field("prefetch_count"), field("active"), field("activity_status"),
            field("arguments"), field("exclusive"), at("connection", "/channel_details/connection_name"));

    static final Columns USERS = new Columns(List.of("user", "tags"), at("user", "/name"), field("tags"));

    static final Columns VHOSTS = new Columns(List.of("name"),
            field("name"), field("description"), field("tags"), field("tracing"), field("cluster_state"),
            field("default_queue_type"), field("messages"), field("messages_ready"),
            field("messages_unacknowledged"));

    static final Columns PERMISSIONS = new Columns(List.of("user", "configure", "write", "read"),
            field("user"), field("configure"), field("write"), field("read"), field("vhost"));

    static final Columns USER_PERMISSIONS = new Columns(List.of("vhost", "configure", "write", "read"),
            field("vhost"), field("configure"), field("write"), field("read"), field("user"));

    static final Columns POLICIES = new Columns(
            List.of("vhost", "name", "pattern", "apply-to", "definition", "priority"),
            field("vhost"), field("name"), field("pattern"), field("apply-to"), jsonText("definition"),
            field("priority"));

    @Command(name = "list_queues", description = "Lists the queues of a vhost and their properties.")
    static final class ListQueues extends ListCommand {
        ListQueues() {
            super(QUEUES, session -> "Timeout: " + (session.timeoutSeconds() == null
                    ? Warrenctl.DEFAULT_TIMEOUT_SECONDS : session.timeoutSeconds()) + ".0 seconds ...\n"
                    + "Listing queues for vhost " + session.vhost() + " ...", "queues");
        }
    }

    @Command(name = "list_exchanges", description = "Lists the exchanges of a vhost and their properties.")
    static final class ListExchanges extends ListCommand {
        ListExchanges() {
            super(EXCHANGES, session -> "Listing exchanges for vhost " + session.vhost() + " ...", "exchanges");
        }
    }

    @Command(name = "list_bindings", description = "Lists the bindings of a vhost.")
    static final class ListBindings extends ListCommand {
        ListBindings() {
            super(BINDINGS, session -> "Listing bindings for vhost " + session.vhost() + "...", "bindings");
        }
    }

    @Command(name = "list_connections", description = "Lists the node's AMQP connections, of every vhost.")
    static final class ListConnections extends ListCommand {
        ListConnections() {
            super(CONNECTIONS, "Listing connections ...", "/api/connections");
        }
    }

    @Command(name = "list_channels", description = "Lists the node's channels, of every vhost.")
    static final class ListChannels extends ListCommand {
        ListChannels() {
            super(CHANNELS, "Listing channels ...", "/api/channels");
        }
    }

    @Command(name = "list_consumers", description = "Lists the consumers of a vhost's queues.")
    static final class ListConsumers extends ListCommand {
        ListConsumers() {
            super(CONSUMERS, session -> "Listing consumers in vhost " + session.vhost() + " ...", "consumers");
        }
    }

    @Command(name = "list_users", description = "Lists users and their tags.")
    static final class ListUsers extends ListCommand {
        ListUsers() {
            super(USERS, "Listing users ...", "/api/users");
        }
    }

    @Command(name = "list_vhosts", description = "Lists virtual hosts.")
    static final class ListVhosts extends ListCommand {
        ListVhosts() {
            super(VHOSTS, "Listing vhosts ...", "/api/vhosts");
        }
    }

    @Command(name = "list_permissions", description = "Lists the users' permissions in a vhost.")
    static final class ListPermissions extends ListCommand {
        ListPermissions() {
            super(PERMISSIONS, session -> "Listing permissions for vhost \"" + session.vhost() + "\" ...",
                    session -> "/api/vhosts/" + session.vhostSegment() + "/permissions", true);
        }
    }

    @Command(name = "list_user_permissions", description = "Lists one user's permissions in every vhost.")
    static final class ListUserPermissions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "USER", description = "The user.")
        String user;

        @Override
        void run(Session session) {
            session.output().info("Listing permissions for user \"" + user + "\" ...");
            try {
                JsonNode list = session.api().get("/api/users/" + ManagementClient.segment(user) + "/permissions");
                session.output().rows(USER_PERMISSIONS.select(List.of()), ListCommand.items(list));
            } catch (ApiStatusException e) {
                if (e.status() == 404) {
                    throw UserCommands.noSuchUser(user, e);
                }
                throw e;
            }
        }
    }

    @Command(name = "list_policies", description = "Lists the policies of a vhost.")
    static final class ListPolicies extends ListCommand {
        ListPolicies() {
            super(POLICIES, session -> "Listing policies for vhost \"" + session.vhost() + "\" ...", "policies");
        }
    }
}
