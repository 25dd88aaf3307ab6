package io.warren.amqp.frame;

import static io.warren.amqp.frame.FrameTesting.hex;
import static io.warren.amqp.frame.FrameTesting.inbound;
import static io.warren.amqp.frame.FrameTesting.input;
import static io.warren.amqp.frame.FrameTesting.outboundBytes;
import static io.warren.amqp.frame.FrameTesting.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.AMQContentHeader;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.LongStringHelper;
import com.rabbitmq.client.impl.MethodArgumentReader;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.field.Binary;
import io.warren.amqp.method.BasicDeliver;
import io.warren.amqp.method.BasicPublish;
import io.warren.amqp.method.Method;
import io.warren.amqp.testing.ProtocolSpec;
import io.warren.amqp.testing.ProtocolSpec.Argument;
import io.warren.amqp.testing.ProtocolSpec.SpecMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-for-byte agreement with a real peer: RabbitMQ's Java client ({@code com.rabbitmq:amqp-client})
 * writes, Warren reads; Warren writes, the client reads.
 */
class ClientInteropTest {
    private static final int ROUNDS_PER_METHOD = 25;
    private static final int FRAME_MAX = 4096;

    /** Spec arguments whose Warren record component has another name (see codegen/generate_methods.py). */
    private static final Map<String, String> RENAMED = Map.of("class-id", "failingClassId",
            "method-id", "failingMethodId");

    /** Every method class of the client, found by reflection so that none is forgotten. */
    static List<Class<?>> clientMethodClasses() {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> family : AMQImpl.class.getDeclaredClasses()) {
            for (Class<?> nested : family.getDeclaredClasses()) {
                if (com.rabbitmq.client.impl.Method.class.isAssignableFrom(nested)
                        && !Modifier.isAbstract(nested.getModifiers())) {
                    classes.add(nested);
                }
            }
        }
        classes.sort(Comparator.comparing(Class::getName));
        return classes;
    }

    @Test
    void clientAndSpecDefineTheSameSixtySixMethods() throws Exception {
        List<Class<?>> classes = clientMethodClasses();
        assertThat(classes).hasSize(66);
        List<String> clientNames = new ArrayList<>();
        for (Class<?> c : classes) {
            clientNames.add(specFor(c).dottedName());
        }
        assertThat(clientNames).containsExactlyInAnyOrderElementsOf(
                ProtocolSpec.methods().stream().map(SpecMethod::dottedName).toList());
        assertThat(clientNames).contains("exchange.bind", "exchange.unbind", "basic.nack", "confirm.select",
                "confirm.select-ok", "connection.blocked", "connection.unblocked", "connection.update-secret");
    }

    // ---- every method, both ways ------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientMethodClasses")
    void everyMethodAgreesByteForByte(Class<?> clientClass) throws Exception {
        SpecMethod spec = specFor(clientClass);
        Constructor<?> constructor = Arrays.stream(clientClass.getConstructors())
                .filter(c -> c.getParameterCount() == 0 || c.getParameterTypes()[0] != MethodArgumentReader.class)
                .findFirst().orElseThrow();
        assertThat(constructor.getParameterCount()).as("client arguments of %s", spec)
                .isEqualTo(spec.arguments().size());
        // The client gives value equality to methods with arguments; those without have nothing to compare.
        boolean valueEquality = Arrays.stream(clientClass.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals("equals") && m.getParameterCount() == 1);
        assertThat(valueEquality).as("%s has value equality", clientClass)
                .isEqualTo(constructor.getParameterCount() > 0);
        Class<?> record = Class.forName(Method.class.getPackageName() + "." + spec.recordName());
        assertThat(record.isRecord()).isTrue();

        List<Argument> named = spec.arguments().stream().filter(a -> !a.reserved()).toList();
        assertThat(Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName))
                .as("record components of %s", spec)
                .containsExactlyElementsOf(named.stream().map(ClientInteropTest::componentName).toList());

        Random random = new Random(spec.dottedName().hashCode());
        for (int round = 0; round < ROUNDS_PER_METHOD; round++) {
            Object[] args = new Object[spec.arguments().size()];
            for (int i = 0; i < args.length; i++) {
                Argument argument = spec.arguments().get(i);
                args[i] = randomArgument(random, argument, constructor.getParameterTypes()[i],
                        argument.reserved() ? null : componentType(record, argument));
            }
            var clientMethod = (com.rabbitmq.client.impl.Method) constructor.newInstance(args);
            int channel = random.nextInt(65536);
            byte[] clientBytes = toBytes(clientMethod.toFrame(channel));

            // The client writes, Warren reads ...
            Method method = decodeMethod(clientBytes, channel);
            assertThat(method).isInstanceOf(record);
            assertThat(method.classId()).isEqualTo(clientMethod.protocolClassId());
            assertThat(method.methodId()).isEqualTo(clientMethod.protocolMethodId());
            assertThat(method.name()).isEqualTo(clientMethod.protocolMethodName());
            assertThat(method.hasContent()).isEqualTo(clientMethod.hasContent());
            for (int i = 0; i < args.length; i++) {
                Argument argument = spec.arguments().get(i);
                if (argument.reserved()) {
                    continue;
                }
                RecordComponent component = component(record, argument);
                assertThat(component.getAccessor().invoke(method))
                        .as("%s.%s in round %d", spec, argument.name(), round)
                        .isEqualTo(toWarren(args[i], argument.type(), component.getType()));
            }

            // ... Warren writes the same bytes ...
            EmbeddedChannel encoder = new EmbeddedChannel(FrameEncoder.INSTANCE);
            encoder.writeOutbound(new MethodFrame(channel, method));
            byte[] warrenBytes = outboundBytes(encoder);
            assertFalse(encoder.finish());
            assertThat(hex(warrenBytes)).as("%s in round %d", spec, round).isEqualTo(hex(clientBytes));

            // ... and the client reads them back as the method it started from.
            com.rabbitmq.client.impl.Frame frame = com.rabbitmq.client.impl.Frame.readFrom(
                    new DataInputStream(new ByteArrayInputStream(warrenBytes)), () -> Integer.MAX_VALUE);
            assertThat(frame.getType()).isEqualTo(1);
            assertThat(frame.getChannel()).isEqualTo(channel);
            com.rabbitmq.client.impl.Method readBack = AMQImpl.readMethodFrom(frame.getInputStream());
            assertThat(readBack).isInstanceOf(clientClass);
            if (valueEquality) {
                assertThat(readBack).isEqualTo(clientMethod);
            } else {
                // (Not for tables: the client reads them into hash maps, which re-encode in another order.)
                assertThat(hex(toBytes(readBack.toFrame(channel)))).isEqualTo(hex(clientBytes));
            }
        }
    }

    private static Method decodeMethod(byte[] bytes, int channel) {
        EmbeddedChannel decoder = new EmbeddedChannel(FrameDecoder.forClient(0));
        decoder.writeInbound(input(decoder, bytes));
        List<Object> out = inbound(decoder);
        try {
            assertFalse(decoder.finish());
            assertThat(out).hasSize(1).first().isInstanceOf(MethodFrame.class);
            MethodFrame frame = (MethodFrame) out.get(0);
            assertThat(frame.channel()).isEqualTo(channel);
            return frame.method();
        } finally {
            release(out);
        }
    }

    private static SpecMethod specFor(Class<?> clientClass) {
        String className = clientClass.getEnclosingClass().getSimpleName().toLowerCase();
        String methodName = clientClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
        return ProtocolSpec.methods().stream()
                .filter(m -> m.className().equals(className) && m.methodName().equals(methodName))
                .findFirst().orElseThrow(() -> new AssertionError("no spec method for " + clientClass));
    }

    private static String componentName(Argument argument) {
        return RENAMED.getOrDefault(argument.name(), ProtocolSpec.camel(argument.name(), false));
    }

    private static RecordComponent component(Class<?> record, Argument argument) {
        String name = componentName(argument);
        return Arrays.stream(record.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(record.getSimpleName() + " has no component " + name));
    }

    private static Class<?> componentType(Class<?> record, Argument argument) {
        return component(record, argument).getType();
    }

    // ---- random argument values, as the client types them -------------------------------------------

    private static Object randomArgument(Random random, Argument argument, Class<?> clientType, Class<?> warrenType) {
        if (argument.reserved()) {
            // What a client writes for them, and Warren writes too.
            if (clientType == int.class) {
                return 0;
            } else if (clientType == boolean.class) {
                return false;
            } else if (clientType == String.class) {
                return "";
            } else if (clientType == LongString.class) {
                return LongStringHelper.asLongString("");
            }
            throw new AssertionError("reserved argument of type " + clientType);
        }
        boolean edge = random.nextInt(4) == 0;
        Object value = switch (argument.type()) {
            case "bit" -> random.nextBoolean();
            case "octet" -> edge ? pick(random, 0, 255) : random.nextInt(256);
            case "short" -> edge ? pick(random, 0, 65535, 32768) : random.nextInt(65536);
            case "long" -> edge ? pick(random, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE) : random.nextInt();
            case "longlong" -> edge ? pick(random, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE) : random.nextLong();
            case "shortstr" -> randomString(random, edge ? 255 : random.nextInt(64));
            case "longstr" -> warrenType == String.class
                    ? LongStringHelper.asLongString(randomString(random, random.nextInt(edge ? 5000 : 100)))
                    : LongStringHelper.asLongString(randomBytes(random, random.nextInt(edge ? 5000 : 100)));
            case "table" -> randomTable(random, 0);
            default -> throw new AssertionError("no generator for " + argument.type());
        };
        assertThat(clientType.isPrimitive() ? boxed(clientType) : clientType).isAssignableFrom(value.getClass());
        return value;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return primitive == int.class ? Integer.class : primitive == long.class ? Long.class : Boolean.class;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static final int[][] CODE_POINT_RANGES = {
        {0x20, 0x7E}, {0x20, 0x7E}, {0x20, 0x7E}, {0x00, 0x1F}, {0xA0, 0xFF}, {0x370, 0x4FF}, {0x4E00, 0x9FFF},
        {0x1F600, 0x1F64F},
    };

    /** Valid UTF-8 text of at most {@code maxBytes} bytes, mostly ASCII, some of it far from it. */
    private static String randomString(Random random, int maxBytes) {
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (true) {
            int[] range = CODE_POINT_RANGES[random.nextInt(CODE_POINT_RANGES.length)];
            int codePoint = range[0] + random.nextInt(range[1] - range[0] + 1);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                return text.toString();
            }
            text.appendCodePoint(codePoint);
            bytes += size;
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * A table of values the client writes and reads back as equal objects (strings as {@link LongString},
     * whole-second dates, no {@code byte[]}, whose equality is identity).
     */
    private static Map<String, Object> randomTable(Random random, int depth) {
        Map<String, Object> table = new LinkedHashMap<>();
        int entries = random.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < entries; i++) {
            table.put(randomString(random, 1 + random.nextInt(30)), randomFieldValue(random, depth));
        }
        return table;
    }

    private static Object randomFieldValue(Random random, int depth) {
        int kinds = depth < 2 ? 13 : 11;
        return switch (random.nextInt(kinds)) {
            case 0 -> LongStringHelper.asLongString(randomString(random, random.nextInt(40)));
            case 1 -> random.nextInt();
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean();
            case 4 -> (byte) random.nextInt();
            case 5 -> (short) random.nextInt();
            case 6 -> random.nextFloat() * random.nextInt();
            case 7 -> random.nextDouble() * random.nextLong();
            case 8 -> new BigDecimal(BigInteger.valueOf(random.nextInt()), random.nextInt(12));
            case 9 -> new Date(random.nextInt(Integer.MAX_VALUE) * 1000L);
            case 10 -> null;
            case 11 -> randomTable(random, depth + 1);
            default -> {
                List<Object> array = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    array.add(randomFieldValue(random, depth + 1));
                }
                yield array;
            }
        };
    }

    // ---- client values as Warren types them ------------------------------------------------------

    private static Object toWarren(Object clientValue, String type, Class<?> warrenType) {
        return switch (type) {
            case "bit", "longlong", "shortstr" -> clientValue;
            case "octet" -> (Integer) clientValue & 0xFF;
            case "short" -> (Integer) clientValue & 0xFFFF;
            case "long" -> {
                assertThat(warrenType).as("unsigned 32-bit field").isEqualTo(long.class);
                yield Integer.toUnsignedLong((Integer) clientValue);
            }
            case "longstr" -> warrenType == String.class ? clientValue.toString()
                    : Binary.copyOf(((LongString) clientValue).getBytes());
            case "table" -> toWarrenValue(clientValue);
            default -> throw new AssertionError("no mapping for " + type);
        };
    }

    /** A field value as Warren decodes what the client encoded for it. */
    private static Object toWarrenValue(Object value) {
        if (value instanceof LongString s) {
            return s.toString();
        } else if (value instanceof Date d) {
            return Instant.ofEpochSecond(Math.floorDiv(d.getTime(), 1000));
        } else if (value instanceof byte[] b) {
            return Binary.copyOf(b);
        } else if (value instanceof Map<?, ?> m) {
            Map<String, Object> table = new LinkedHashMap<>();
            m.forEach((k, v) -> table.put((String) k, toWarrenValue(v)));
            return table;
        } else if (value instanceof List<?> l) {
            return l.stream().map(ClientInteropTest::toWarrenValue).collect(Collectors.toList());
        } else if (value instanceof Object[] a) {
            return toWarrenValue(Arrays.asList(a));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static BasicProperties toWarren(AMQP.BasicProperties p) {
        return new BasicProperties(p.getContentType(), p.getContentEncoding(),
                p.getHeaders() == null ? null : (Map<String, Object>) toWarrenValue(p.getHeaders()),
                p.getDeliveryMode(), p.getPriority(), p.getCorrelationId(), p.getReplyTo(), p.getExpiration(),
                p.getMessageId(),
                p.getTimestamp() == null ? null : Instant.ofEpochSecond(p.getTimestamp().getTime() / 1000),
                p.getType(), p.getUserId(), p.getAppId(), p.getClusterId());
    }

    private static byte[] toBytes(com.rabbitmq.client.impl.Frame... frames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            for (com.rabbitmq.client.impl.Frame frame : frames) {
                frame.writeTo(out);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // ---- content, both ways ----------------------------------------------------------------------

    private static AMQP.BasicProperties fullProperties() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("deep", Map.of("deeper", true));
        nested.put("n", 7);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("string", "h\u00e9llo \u4e16\u754c");
        headers.put("longstr", LongStringHelper.asLongString("long string"));
        headers.put("int", -5);
        headers.put("long", 1L << 40);
        headers.put("bool", true);
        headers.put("byte", (byte) -3);
        headers.put("short", (short) 1234);
        headers.put("float", 1.5f);
        headers.put("double", Math.PI);
        headers.put("decimal", new BigDecimal("-123.4500"));
        headers.put("date", new Date(1_700_000_000_000L));
        headers.put("bytes", new byte[] {0, 1, 2, (byte) 0xFF});
        headers.put("null", null);
        headers.put("array", List.of(1, "two", List.of(3L, false), new byte[] {9}));
        headers.put("table", nested);
        return new AMQP.BasicProperties("application/json", "utf-8", headers, 2, 9, "corr-1", "reply.q", "60000",
                "msg-1", new Date(1_700_000_000_000L), "order.created", "guest", "app-y", "cluster-z");
    }

    @Test
    void publishWrittenByTheClientAssemblesIntoOneCommand() throws Exception {
        AMQP.BasicProperties properties = fullProperties();
        byte[] body = randomBytes(new Random(300), 300 * 1024);
        int channel = 7;
        int maxPayload = FRAME_MAX - 8;
        List<com.rabbitmq.client.impl.Frame> frames = new ArrayList<>();
        frames.add(new AMQImpl.Basic.Publish(0, "amq.topic", "a.b.c", true, false).toFrame(channel));
        com.rabbitmq.client.impl.Frame header = properties.toFrame(channel, body.length);
        frames.add(header);
        ByteBuffer bodyBuffer = ByteBuffer.wrap(body);
        for (int offset = 0; offset < body.length; offset += maxPayload) {
            frames.add(com.rabbitmq.client.impl.Frame.fromBodyFragment(channel, bodyBuffer, offset,
                    Math.min(maxPayload, body.length - offset)));
        }
        int bodyFrames = frames.size() - 2;
        assertThat(bodyFrames).isEqualTo((body.length + maxPayload - 1) / maxPayload);
        byte[] wire = toBytes(frames.toArray(com.rabbitmq.client.impl.Frame[]::new));

        EmbeddedChannel pipeline = new EmbeddedChannel(FrameDecoder.forClient(FRAME_MAX), new CommandAssembler());
        Random reads = new Random(1460);
        for (int offset = 0; offset < wire.length; ) {
            int read = Math.min(wire.length - offset, 1 + reads.nextInt(3 * 1460));
            pipeline.writeInbound(input(pipeline, wire, offset, read));
            offset += read;
        }
        List<Object> out = inbound(pipeline);
        try {
            assertThat(out).hasSize(1).first().isInstanceOf(ContentCommand.class);
            ContentCommand command = (ContentCommand) out.get(0);
            assertThat(command.channel()).isEqualTo(channel);
            assertThat(command.method()).isEqualTo(new BasicPublish("amq.topic", "a.b.c", true, false));
            assertThat(command.header().bodySize()).isEqualTo(body.length);
            assertThat(command.header().properties()).isEqualTo(toWarren(properties));
            assertThat(command.header().properties().headers()).containsKeys("null", "bytes")
                    .containsEntry("bytes", Binary.copyOf(new byte[] {0, 1, 2, (byte) 0xFF}))
                    .containsEntry("decimal", new BigDecimal("-123.4500"));
            byte[] headerPayload = header.getPayload();
            assertThat(hex(command.header().encodedProperties()))
                    .isEqualTo(hex(Arrays.copyOfRange(headerPayload, ContentHeader.FIXED_SIZE, headerPayload.length)));
            assertThat(command.body()).isInstanceOf(CompositeByteBuf.class);
            assertThat(((CompositeByteBuf) command.body()).numComponents()).isEqualTo(bodyFrames);
            assertThat(ByteBufUtil.getBytes(command.body())).isEqualTo(body);
        } finally {
            release(out);
        }
        assertFalse(pipeline.finish());
    }

    @Test
    void deliveryWrittenByWarrenIsReadByTheClient() throws Exception {
        AMQP.BasicProperties clientProperties = fullProperties();
        BasicProperties properties = toWarren(clientProperties);
        byte[] body = randomBytes(new Random(301), 100_000);
        int channel = 5;
        int maxPayload = FRAME_MAX - 8;

        ContentHeader header = ContentHeader.of(properties, body.length);
        // Warren's property encoder agrees with the client's, byte for byte.
        byte[] clientHeader = clientProperties.toFrame(channel, body.length).getPayload();
        assertThat(hex(header.encodedProperties()))
                .isEqualTo(hex(Arrays.copyOfRange(clientHeader, ContentHeader.FIXED_SIZE, clientHeader.length)));

        EmbeddedChannel encoder = new EmbeddedChannel(FrameEncoder.INSTANCE);
        encoder.attr(FrameEncoder.FRAME_MAX).set(FRAME_MAX);
        encoder.writeOutbound(new ContentCommand(channel, new BasicDeliver("amq.ctag-1", 42, true, "amq.topic",
                "a.b.c"), header, encoder.alloc().buffer(body.length).writeBytes(body)));
        byte[] wire = outboundBytes(encoder);
        assertFalse(encoder.finish());

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire));
        com.rabbitmq.client.impl.Frame method = com.rabbitmq.client.impl.Frame.readFrom(in, () -> maxPayload);
        assertThat(method.getType()).isEqualTo(1);
        assertThat(method.getChannel()).isEqualTo(channel);
        assertThat(AMQImpl.readMethodFrom(method.getInputStream()))
                .isEqualTo(new AMQImpl.Basic.Deliver("amq.ctag-1", 42, true, "amq.topic", "a.b.c"));

        com.rabbitmq.client.impl.Frame headerFrame = com.rabbitmq.client.impl.Frame.readFrom(in, () -> maxPayload);
        assertThat(headerFrame.getType()).isEqualTo(2);
        assertThat(headerFrame.getChannel()).isEqualTo(channel);
        AMQContentHeader read = AMQImpl.readContentHeaderFrom(headerFrame.getInputStream());
        assertThat(read).isInstanceOf(AMQP.BasicProperties.class);
        assertThat(read.getBodySize()).isEqualTo(body.length);
        assertThat(toWarren((AMQP.BasicProperties) read)).isEqualTo(properties);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int bodyFrames = 0;
        while (in.available() > 0) {
            com.rabbitmq.client.impl.Frame frame = com.rabbitmq.client.impl.Frame.readFrom(in, () -> maxPayload);
            assertThat(frame.getType()).isEqualTo(3);
            assertThat(frame.getChannel()).isEqualTo(channel);
            received.writeBytes(frame.getPayload());
            bodyFrames++;
        }
        assertThat(bodyFrames).isEqualTo((body.length + maxPayload - 1) / maxPayload);
        assertThat(received.toByteArray()).isEqualTo(body);
    }
}
