package io.warren.amqp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocol's own description ({@code amqp-rabbitmq-0.9.1.json}, RabbitMQ's MIT-licensed spec
 * data) read for tests, so that tests enumerate the spec rather than a list someone typed.
 */
public final class ProtocolSpec {
    /** Arguments the protocol reserves; Warren's records leave them out. */
    private static final Set<String> RESERVED = Set.of("ticket", "capabilities", "insist", "known-hosts",
            "out-of-band", "channel-id", "cluster-id");

    public record Argument(String name, String type, boolean reserved) {
    }

    public record SpecMethod(String className, int classId, String methodName, int methodId, boolean content,
                             List<Argument> arguments) {
        public String dottedName() {
            return className + "." + methodName;
        }

        /** The Warren record's simple name, e.g. {@code BasicPublish}. */
        public String recordName() {
            return camel(className, true) + camel(methodName, true);
        }

        @Override
        public String toString() {
            return dottedName();
        }
    }

    public record Constant(String name, int value, String errorClass) {
    }

    private static final JsonNode ROOT = load();

    private ProtocolSpec() {
    }

    public static List<SpecMethod> methods() {
        Map<String, String> domains = new HashMap<>();
        for (JsonNode domain : ROOT.get("domains")) {
            domains.put(domain.get(0).asText(), domain.get(1).asText());
        }
        List<SpecMethod> methods = new ArrayList<>();
        for (JsonNode cls : ROOT.get("classes")) {
            for (JsonNode m : cls.get("methods")) {
                List<Argument> args = new ArrayList<>();
                for (JsonNode a : m.get("arguments")) {
                    String type = a.has("type") ? a.get("type").asText() : domains.get(a.get("domain").asText());
                    String name = a.get("name").asText();
                    boolean reserved = RESERVED.contains(name)
                            && !(cls.get("name").asText().equals("access") && m.get("name").asText().equals("request-ok"));
                    args.add(new Argument(name, type, reserved));
                }
                methods.add(new SpecMethod(cls.get("name").asText(), cls.get("id").asInt(), m.get("name").asText(),
                        m.get("id").asInt(), m.path("content").asBoolean(false), args));
            }
        }
        return methods;
    }

    public static List<Constant> constants() {
        List<Constant> constants = new ArrayList<>();
        for (JsonNode c : ROOT.get("constants")) {
            constants.add(new Constant(c.get("name").asText(), c.get("value").asInt(),
                    c.has("class") ? c.get("class").asText() : null));
        }
        return constants;
    }

    /** {@code routing-key} to {@code routingKey}, or to {@code RoutingKey} when {@code upper}. */
    public static String camel(String dashed, boolean upper) {
        StringBuilder out = new StringBuilder();
        boolean capital = upper;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                capital = true;
            } else {
                out.append(capital ? Character.toUpperCase(c) : c);
                capital = false;
            }
        }
        return out.toString();
    }

    private static JsonNode load() {
        try (InputStream in = ProtocolSpec.class.getResourceAsStream("/amqp-rabbitmq-0.9.1.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
