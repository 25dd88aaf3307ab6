package io.warren.amqp.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.rabbitmq.client.impl.ValueWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.amqp.AmqpConstants;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.field.Binary;
import io.warren.amqp.testing.ProtocolSpec;
import io.warren.amqp.testing.ProtocolSpec.Argument;
import io.warren.amqp.testing.ProtocolSpec.SpecMethod;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the generated method records against the protocol's JSON description: every method exists
 * with the spec's ids, arguments and content flag, and round-trips byte for byte against an encoder
 * written from the spec alone (field tables written by the RabbitMQ Java client's own writer).
 */
class SpecConformanceTest {
    private static final int ROUNDS_PER_METHOD = 25;

    @TestFactory
    Stream<DynamicTest> everyMethodOfTheSpecHasAMatchingRecord() {
        return ProtocolSpec.methods().stream().map(m -> dynamicTest(m.dottedName(), () -> {
            Class<?> type = recordClass(m);
            assertThat(type.isRecord()).as("%s is a record", type).isTrue();
            assertThat(type.getField("CLASS_ID").getInt(null)).isEqualTo(m.classId());
            assertThat(type.getField("METHOD_ID").getInt(null)).isEqualTo(m.methodId());

            List<Argument> meaningful = meaningful(m);
            RecordComponent[] components = type.getRecordComponents();
            assertThat(components).hasSize(meaningful.size());
            for (int i = 0; i < components.length; i++) {
                Argument arg = meaningful.get(i);
                assertThat(components[i].getName()).isEqualTo(componentName(arg));
                assertThat(components[i].getType()).as(arg.name()).isEqualTo(javaType(arg));
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyMethodRoundTripsByteForByte() {
        Random random = new Random(20261121);
        return ProtocolSpec.methods().stream().map(m -> dynamicTest(m.dottedName(), () -> {
            for (int round = 0; round < ROUNDS_PER_METHOD; round++) {
                Map<String, Object> values = randomValues(m, random);
                byte[] reference = referenceEncode(m, values);

                ByteBuf in = Unpooled.wrappedBuffer(reference);
                Method decoded = MethodDecoder.decode(in.readUnsignedShort(), in.readUnsignedShort(), in);
                assertThat(in.isReadable()).as("arguments fully consumed").isFalse();
                assertThat(decoded).isInstanceOf(recordClass(m));
                assertThat(decoded.name()).isEqualTo(m.dottedName());
                assertThat(decoded.hasContent()).isEqualTo(m.content());
                for (Argument arg : meaningful(m)) {
                    Object actual = decoded.getClass().getMethod(componentName(arg)).invoke(decoded);
                    assertThat(actual).as(m + " " + arg.name()).isEqualTo(values.get(arg.name()));
                }

                ByteBuf out = Unpooled.buffer();
                out.writeShort(decoded.classId()).writeShort(decoded.methodId());
                decoded.writeArguments(out);
                assertThat(ByteBufUtil.getBytes(out)).as("re-encoded %s", m).isEqualTo(reference);
            }
        }));
    }

    @Test
    void methodIdsOutsideTheSpecAreNotImplemented() {
        Set<Integer> known = new HashSet<>();
        for (SpecMethod m : ProtocolSpec.methods()) {
            known.add(m.classId() << 16 | m.methodId());
        }
        int rejected = 0;
        for (int classId = 0; classId <= 100; classId += 5) {
            for (int methodId = 0; methodId <= 130; methodId++) {
                if (known.contains(classId << 16 | methodId)) {
                    continue;
                }
                int c = classId;
                int mid = methodId;
                assertThatThrownBy(() -> MethodDecoder.decode(c, mid, Unpooled.buffer(0)))
                        .isInstanceOfSatisfying(AmqpDecodingException.class,
                                e -> assertThat(e.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED));
                rejected++;
            }
        }
        assertThat(rejected).isGreaterThan(2000);
    }

    @Test
    void replyCodesAndFrameConstantsMatchTheSpec() {
        int replyCodes = 0;
        for (ProtocolSpec.Constant c : ProtocolSpec.constants()) {
            switch (c.name()) {
                case "FRAME-METHOD" -> assertThat(AmqpConstants.FRAME_METHOD).isEqualTo(c.value());
                case "FRAME-HEADER" -> assertThat(AmqpConstants.FRAME_HEADER).isEqualTo(c.value());
                case "FRAME-BODY" -> assertThat(AmqpConstants.FRAME_BODY).isEqualTo(c.value());
                case "FRAME-HEARTBEAT" -> assertThat(AmqpConstants.FRAME_HEARTBEAT).isEqualTo(c.value());
                case "FRAME-MIN-SIZE" -> assertThat(AmqpConstants.FRAME_MIN_SIZE).isEqualTo(c.value());
                case "FRAME-END" -> assertThat(AmqpConstants.FRAME_END).isEqualTo(c.value());
                default -> {
                    ReplyCode code = ReplyCode.valueOf(c.name().replace('-', '_'));
                    assertThat(code.code()).isEqualTo(c.value());
                    assertThat(ReplyCode.of(c.value())).isEqualTo(code);
                    assertThat(code.isHardError()).as(c.name()).isEqualTo("hard-error".equals(c.errorClass()));
                    replyCodes++;
                }
            }
        }
        assertThat(replyCodes).isEqualTo(ReplyCode.values().length);
    }

    // ---- the spec's view of a method ---------------------------------------------------------

    private static Class<?> recordClass(SpecMethod m) throws ClassNotFoundException {
        return Class.forName("io.warren.amqp.method." + m.recordName());
    }

    private static List<Argument> meaningful(SpecMethod m) {
        return m.arguments().stream().filter(a -> !a.reserved()).toList();
    }

    private static String componentName(Argument arg) {
        switch (arg.name()) {
            case "class-id":
                return "failingClassId";
            case "method-id":
                return "failingMethodId";
            default:
                return ProtocolSpec.camel(arg.name(), false);
        }
    }

    private static Class<?> javaType(Argument arg) {
        switch (arg.type()) {
            case "octet":
            case "short":
                return int.class;
            case "long":
            case "longlong":
                return long.class;
            case "bit":
                return boolean.class;
            case "shortstr":
                return String.class;
            case "longstr":
                return isText(arg) ? String.class : Binary.class;
            case "table":
                return Map.class;
            case "timestamp":
                return Instant.class;
            default:
                throw new AssertionError("unknown spec type " + arg.type());
        }
    }

    private static boolean isText(Argument arg) {
        return arg.name().equals("mechanisms") || arg.name().equals("locales");
    }

    // ---- random arguments --------------------------------------------------------------------

    private static Map<String, Object> randomValues(SpecMethod m, Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Argument arg : m.arguments()) {
            values.put(arg.name(), arg.reserved() ? reservedValue(arg) : randomValue(arg, random));
        }
        return values;
    }

    private static Object reservedValue(Argument arg) {
        switch (arg.type()) {
            case "short":
                return 0;
            case "bit":
                return false;
            case "shortstr":
                return "";
            case "longstr":
                return Binary.EMPTY;
            default:
                throw new AssertionError("unexpected reserved type " + arg.type());
        }
    }

    private static Object randomValue(Argument arg, Random random) {
        switch (arg.type()) {
            case "octet":
                return random.nextInt(256);
            case "short":
                return random.nextInt(65536);
            case "long":
                return random.nextLong() & 0xFFFF_FFFFL;
            case "longlong":
                return random.nextLong();
            case "bit":
                return random.nextBoolean();
            case "shortstr":
                return randomText(random, random.nextInt(40));
            case "longstr":
                if (isText(arg)) {
                    return randomText(random, random.nextInt(300));
                }
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return Binary.copyOf(bytes);
            case "table":
                return randomTable(random, 0);
            default:
                throw new AssertionError("unknown spec type " + arg.type());
        }
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz.-_#*/0123456789 éüß中文🐇";
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                    random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return text.toString();
    }

    /** Tables in the value types the RabbitMQ Java client can write, in Warren's representation. */
    private static Map<String, Object> randomTable(Random random, int depth) {
        Map<String, Object> table = new LinkedHashMap<>();
        int entries = depth > 1 ? random.nextInt(3) : random.nextInt(6);
        for (int i = 0; i < entries; i++) {
            table.put("k" + i + randomText(random, random.nextInt(8)), randomFieldValue(random, depth));
        }
        return table;
    }

    private static Object randomFieldValue(Random random, int depth) {
        switch (random.nextInt(depth > 1 ? 12 : 14)) {
            case 0:
                return randomText(random, random.nextInt(20));
            case 1:
                return random.nextInt();
            case 2:
                return random.nextLong();
            case 3:
                return random.nextBoolean();
            case 4:
                return (short) random.nextInt();
            case 5:
                return (byte) random.nextInt();
            case 6:
                return random.nextFloat();
            case 7:
                return random.nextDouble();
            case 8:
                return BigDecimal.valueOf(random.nextInt(), random.nextInt(10));
            case 9:
                return Instant.ofEpochSecond(random.nextInt() & 0x7FFF_FFFFL);
            case 10:
                byte[] bytes = new byte[random.nextInt(10)];
                random.nextBytes(bytes);
                return Binary.copyOf(bytes);
            case 11:
                return null;
            case 12:
                return randomTable(random, depth + 1);
            default:
                List<Object> array = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    array.add(randomFieldValue(random, depth + 1));
                }
                return array;
        }
    }

    // ---- an encoder written from the spec alone ------------------------------------------------

    private static byte[] referenceEncode(SpecMethod m, Map<String, Object> values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(m.classId());
        out.writeShort(m.methodId());
        int bits = 0;
        int bitCount = 0;
        for (Argument arg : m.arguments()) {
            Object value = values.get(arg.name());
            if (arg.type().equals("bit")) {
                if ((Boolean) value) {
                    bits |= 1 << bitCount;
                }
                bitCount++;
                continue;
            }
            if (bitCount > 0) {
                out.writeByte(bits);
                bits = 0;
                bitCount = 0;
            }
            switch (arg.type()) {
                case "octet" -> out.writeByte((Integer) value);
                case "short" -> out.writeShort((Integer) value);
                case "long" -> out.writeInt((int) (long) (Long) value);
                case "longlong" -> out.writeLong((Long) value);
                case "shortstr" -> {
                    byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
                    out.writeByte(utf8.length);
                    out.write(utf8);
                }
                case "longstr" -> {
                    byte[] raw = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                            : ((Binary) value).toByteArray();
                    out.writeInt(raw.length);
                    out.write(raw);
                }
                case "table" -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> table = (Map<String, Object>) value;
                    new ValueWriter(out).writeTable(toClientTypes(table));
                }
                default -> throw new AssertionError(arg.type());
            }
        }
        if (bitCount > 0) {
            out.writeByte(bits);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Warren's value types as the Java client expects them: Instant as Date, Binary as byte[]. */
    private static Map<String, Object> toClientTypes(Map<String, Object> table) {
        Map<String, Object> converted = new LinkedHashMap<>();
        table.forEach((k, v) -> converted.put(k, toClientType(v)));
        return converted;
    }

    @SuppressWarnings("unchecked")
    private static Object toClientType(Object value) {
        if (value instanceof Instant instant) {
            return new Date(instant.toEpochMilli());
        }
        if (value instanceof Binary binary) {
            return binary.toByteArray();
        }
        if (value instanceof Map<?, ?> map) {
            return toClientTypes((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SpecConformanceTest::toClientType).toList();
        }
        return value;
    }
}
