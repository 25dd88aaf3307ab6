package io.warren.management.api;

import io.warren.broker.BrokerServices;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.security.User;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.MessageStats;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the API's routes share: the broker's state, the node's identity, the message-stats source,
 * and the visibility rules of RabbitMQ's user tags (which vhosts and connections a user sees).
 *
 * @param listeners the node's bound listeners by name ("amqp", "management", ...), as of the call
 * @param startedAtMillis when the management plugin started, for {@code uptime}
 */
public record ApiContext(BrokerServices services, String version, MessageStats stats,
                         Supplier<Map<String, InetSocketAddress>> listeners, long startedAtMillis) {
    /**
     * Who owns exclusive queues declared through the API: nobody, so another connection's
     * exclusive queue is refused (405, as to any other connection).
     */
    public static final Object NO_CONNECTION = new Object();

    /** How long a connection may take to describe itself before the answer goes without it. */
    static final long VIEW_TIMEOUT_MILLIS = 5000;

    /**
     * {@code result} once every definition change made so far is on disk, as AMQP answers only then:
     * a client told a durable queue exists can count on it surviving a crash.
     */
    public <T> CompletableFuture<T> whenDurable(T result) {
        return services.definitions().synced().thenApply(ignored -> result);
    }

    public String node() {
        return services.nodeName();
    }

    /** The vhost named by a path, or 404 "Object Not Found". */
    public VirtualHost vhost(String name) {
        return services.vhosts().get(name).orElseThrow(ApiException::notFound);
    }

    /**
     * The vhost a PUT declares something in: RabbitMQ answers a missing one with 404
     * {@code {"error":"not_found","reason":"vhost_not_found"}}, unlike a GET's "Object Not Found".
     */
    public VirtualHost vhostToDeclareIn(String name) {
        return services.vhosts().get(name).orElseThrow(() -> new ApiException(
                io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND, "not_found", "vhost_not_found"));
    }

    /**
     * RabbitMQ's check for vhost-scoped paths: administrators, and users with permissions on the
     * vhost, pass; others get 401 "User not authorised to access virtual host". A vhost that does
     * not exist passes here and is 404 afterwards, as in RabbitMQ.
     */
    public void requireVhostAccess(User user, String vhost) {
        if (Access.isAdministrator(user) || services.vhosts().get(vhost).isEmpty()
                || services.accessControl().mayAccessVhost(user.name(), vhost)) {
            return;
        }
        throw ApiException.notAuthorised("User not authorised to access virtual host");
    }

    /** Whether {@code user} sees objects of {@code vhost} in lists: monitors see all, others their own vhosts. */
    public boolean seesVhost(User user, String vhost) {
        return Access.isMonitor(user) || services.accessControl().mayAccessVhost(user.name(), vhost);
    }

    /** The vhosts {@code user} sees, sorted by name. */
    public List<VirtualHost> visibleVhosts(User user) {
        List<VirtualHost> visible = new ArrayList<>();
        for (VirtualHost vhost : services.vhosts().all()) {
            if (seesVhost(user, vhost.name())) {
                visible.add(vhost);
            }
        }
        visible.sort((a, b) -> a.name().compareTo(b.name()));
        return visible;
    }

    /** Whether {@code user} sees {@code connection}: monitors see all, others their own. */
    public boolean seesConnection(User user, ConnectionView connection) {
        return Access.isMonitor(user) || connection.user().equals(user.name());
    }

    /**
     * Snapshots of every open connection, each taken on its own thread; completes when all have
     * answered (a connection that does not answer in time is left out), sorted by name.
     */
    public CompletableFuture<List<ConnectionView>> connectionViews() {
        List<CompletableFuture<ConnectionView>> views = new ArrayList<>();
        for (AmqpConnection connection : services.connections().all()) {
            views.add(connection.view().completeOnTimeout(null, VIEW_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.allOf(views.toArray(new CompletableFuture<?>[0])).thenApply(ignored -> {
            List<ConnectionView> open = new ArrayList<>(views.size());
            for (CompletableFuture<ConnectionView> view : views) {
                ConnectionView v = view.join();
                if (v != null) {
                    open.add(v);
                }
            }
            open.sort((a, b) -> a.name().compareTo(b.name()));
            return open;
        });
    }

    /** The live connection named {@code name}, or null. */
    public AmqpConnection connection(String name) {
        for (AmqpConnection connection : services.connections().all()) {
            if (Objects.equals(connection.name(), name)) {
                return connection;
            }
        }
        return null;
    }
}
