package io.warren.broker;

/**
 * A named thing in a virtual host, written the way RabbitMQ writes it in error texts:
 * {@code exchange 'orders' in vhost '/'}.
 */
public record Resource(Kind kind, String vhost, String name) {
    public enum Kind {
        EXCHANGE("exchange"), QUEUE("queue");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Resource exchange(String vhost, String name) {
        return new Resource(Kind.EXCHANGE, vhost, name);
    }

    public static Resource queue(String vhost, String name) {
        return new Resource(Kind.QUEUE, vhost, name);
    }

    @Override
    public String toString() {
        return kind.label + " '" + name + "' in vhost '" + vhost + "'";
    }
}
