package io.warren.amqp.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import com.rabbitmq.client.impl.ValueReader;
import com.rabbitmq.client.impl.ValueWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AmqpTypesTest {

    static List<Arguments> everyValueType() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("n", 1);
        return List.of(
                Arguments.of("t", true, "74 01"),
                Arguments.of("b", (byte) -1, "62 ff"),
                Arguments.of("B", new UnsignedByte(200), "42 c8"),
                Arguments.of("s", (short) -2, "73 ff fe"),
                Arguments.of("u", new UnsignedShort(65535), "75 ff ff"),
                Arguments.of("I", -3, "49 ff ff ff fd"),
                Arguments.of("i", new UnsignedInt(4294967295L), "69 ff ff ff ff"),
                Arguments.of("l", 0x0102030405060708L, "6c 01 02 03 04 05 06 07 08"),
                Arguments.of("f", 1.5f, "66 3f c0 00 00"),
                Arguments.of("d", -2.0d, "64 c0 00 00 00 00 00 00 00"),
                Arguments.of("D", new BigDecimal("12.34"), "44 02 00 00 04 d2"),
                Arguments.of("S", "héllo", "53 00 00 00 06 68 c3 a9 6c 6c 6f"),
                Arguments.of("A", List.of(1, "a"), "41 00 00 00 0b 49 00 00 00 01 53 00 00 00 01 61"),
                Arguments.of("T", Instant.ofEpochSecond(1_700_000_000L), "54 00 00 00 00 65 53 f1 00"),
                Arguments.of("F", inner, "46 00 00 00 07 01 6e 49 00 00 00 01"),
                Arguments.of("V", null, "56"),
                Arguments.of("x", Binary.copyOf(new byte[] {1, 2}), "78 00 00 00 02 01 02"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyValueType")
    void everyValueTypeHasItsWireFormAndComesBack(String type, Object value, String valueHex) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("k", value);
        byte[] value_ = hex(valueHex);
        ByteBuf expected = Unpooled.buffer().writeInt(2 + value_.length).writeByte(1).writeByte('k').writeBytes(value_);

        ByteBuf written = Unpooled.buffer();
        AmqpTypes.writeTable(written, table);
        assertThat(ByteBufUtil.hexDump(written)).isEqualTo(ByteBufUtil.hexDump(expected));

        Map<String, Object> decoded = AmqpTypes.readTable(written);
        assertThat(decoded).isEqualTo(table);
        assertThat(written.isReadable()).isFalse();
    }

    @Test
    void deeplyNestedTablesAndArraysRoundTripByteForByte() {
        Object nested = everyTypeTable();
        for (int depth = 0; depth < 20; depth++) {
            Map<String, Object> level = new LinkedHashMap<>(everyTypeTable());
            level.put("down", nested);
            level.put("list", Arrays.asList(everyTypeTable(), null, List.of(), Map.of()));
            nested = level;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) nested;

        ByteBuf first = Unpooled.buffer();
        AmqpTypes.writeTable(first, table);
        byte[] firstBytes = ByteBufUtil.getBytes(first);
        Map<String, Object> decoded = AmqpTypes.readTable(first);
        assertThat(decoded).isEqualTo(table);

        ByteBuf second = Unpooled.buffer();
        AmqpTypes.writeTable(second, decoded);
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(firstBytes);
    }

    @Test
    void decodedTablesAndArraysAreUnmodifiable() {
        ByteBuf buf = Unpooled.buffer();
        AmqpTypes.writeTable(buf, Map.of("a", List.of(1)));
        Map<String, Object> decoded = AmqpTypes.readTable(buf);
        assertThatThrownBy(() -> decoded.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> array = (List<Object>) decoded.get("a");
        assertThatThrownBy(() -> array.add(2)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void capitalLIsReadAsASigned64BitLongAsRabbitMqDoes() {
        ByteBuf buf = table(hex("01 6b 4c ff ff ff ff ff ff ff fe"));
        assertThat(AmqpTypes.readTable(buf)).containsEntry("k", -2L);
    }

    @Test
    void javaClientTablesDecodeToWarrenTypes() throws Exception {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("string", "text");
        client.put("longstring", LongStringHelper.asLongString("long"));
        client.put("int", 7);
        client.put("long", 8L);
        client.put("short", (short) 9);
        client.put("byte", (byte) 10);
        client.put("bool", true);
        client.put("float", 1.25f);
        client.put("double", 2.5d);
        client.put("decimal", new BigDecimal("-1.5"));
        client.put("date", new Date(1_700_000_000_000L));
        client.put("bytes", new byte[] {9, 8});
        client.put("void", null);
        client.put("list", List.of(1, "two"));
        client.put("map", Map.of("inner", 3));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ValueWriter writer = new ValueWriter(new DataOutputStream(bytes));
        writer.writeTable(client);
        writer.flush();

        Map<String, Object> decoded = AmqpTypes.readTable(Unpooled.wrappedBuffer(bytes.toByteArray()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("string", "text");
        expected.put("longstring", "long");
        expected.put("int", 7);
        expected.put("long", 8L);
        expected.put("short", (short) 9);
        expected.put("byte", (byte) 10);
        expected.put("bool", true);
        expected.put("float", 1.25f);
        expected.put("double", 2.5d);
        expected.put("decimal", new BigDecimal("-1.5"));
        expected.put("date", Instant.ofEpochSecond(1_700_000_000L));
        expected.put("bytes", Binary.copyOf(new byte[] {9, 8}));
        expected.put("void", null);
        expected.put("list", List.of(1, "two"));
        expected.put("map", Map.of("inner", 3));
        assertThat(decoded).containsExactlyEntriesOf(expected);
    }

    @Test
    void javaClientReadsWarrenTables() throws Exception {
        ByteBuf buf = Unpooled.buffer();
        AmqpTypes.writeTable(buf, everyTypeTable());
        Map<String, Object> read = new ValueReader(new DataInputStream(
                new ByteArrayInputStream(ByteBufUtil.getBytes(buf)))).readTable();

        assertThat(read.get("S")).isInstanceOf(LongString.class).hasToString("text ü");
        assertThat(read.get("I")).isEqualTo(-5);
        assertThat(read.get("l")).isEqualTo(Long.MIN_VALUE);
        assertThat(read.get("t")).isEqualTo(true);
        assertThat(read.get("b")).isEqualTo((byte) 3);
        assertThat(read.get("s")).isEqualTo((short) -300);
        assertThat(read.get("f")).isEqualTo(0.5f);
        assertThat(read.get("d")).isEqualTo(0.25d);
        assertThat(read.get("D")).isEqualTo(new BigDecimal("3.14159"));
        assertThat(read.get("T")).isEqualTo(new Date(1_600_000_000_000L));
        assertThat(read.get("x")).isEqualTo(new byte[] {0, -1});
        assertThat(read).containsKey("V").containsEntry("V", null);
        assertThat(read.get("F")).isEqualTo(Map.of("nested", 1));
        assertThat((List<?>) read.get("A")).hasSize(3);
    }

    @Test
    void unknownValueTypeIsASyntaxErrorNamingTheType() {
        assertSyntaxError(table(hex("01 6b 5a")), "unknown field value type 'Z'");
        assertSyntaxError(table(hex("01 6b 01")), "unknown field value type '\\x01'");
    }

    @Test
    void tableLongerThanItsFrameIsASyntaxError() {
        ByteBuf buf = Unpooled.buffer().writeInt(1000).writeBytes(hex("01 6b 56"));
        assertSyntaxError(buf, "runs past the end of the frame");
    }

    @Test
    void entryRunningPastTheTablesDeclaredLengthIsASyntaxError() {
        // The table claims 3 bytes, but its one entry is a 5-byte integer.
        ByteBuf buf = Unpooled.buffer().writeInt(3).writeBytes(hex("01 6b 49 00 00 00 01"));
        assertSyntaxError(buf, "overrun");
    }

    @Test
    void truncatedValueIsReported() {
        ByteBuf buf = table(hex("01 6b 49 00 00"));
        assertThatThrownBy(() -> AmqpTypes.readTable(buf)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nestingIsBoundedSoAHostileTableCannotExhaustTheStack() {
        assertThat(AmqpTypes.readTable(nestedTables(AmqpTypes.MAX_NESTING_DEPTH))).isNotEmpty();
        assertSyntaxError(nestedTables(AmqpTypes.MAX_NESTING_DEPTH + 1), "nested deeper than");
        assertSyntaxError(nestedTables(100_000), "nested deeper than");
    }

    @Test
    void timestampBeyondWhatJavaCanRepresentIsASyntaxError() {
        assertSyntaxError(table(hex("01 6b 54 7f ff ff ff ff ff ff ff")), "timestamp out of range");
    }

    @Test
    void writingRejectsWhatTheWireCannotCarry() {
        ByteBuf buf = Unpooled.buffer();
        assertThatThrownBy(() -> AmqpTypes.writeShortString(buf, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
        assertThatThrownBy(() -> AmqpTypes.writeTable(buf, Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> AmqpTypes.writeTable(buf, Map.of("k", new BigDecimal("1E+3"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> AmqpTypes.writeTable(buf, Map.of("k", new BigDecimal("99999999999"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bits");
    }

    @Test
    void shortStringsKeepMultiByteCharacters() {
        ByteBuf buf = Unpooled.buffer();
        AmqpTypes.writeShortString(buf, "ключ.🐇");
        assertThat((int) buf.getUnsignedByte(0)).isEqualTo(buf.readableBytes() - 1);
        assertThat(AmqpTypes.readShortString(buf)).isEqualTo("ключ.🐇");
    }

    private static Map<String, Object> everyTypeTable() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("S", "text ü");
        t.put("I", -5);
        t.put("l", Long.MIN_VALUE);
        t.put("t", true);
        t.put("b", (byte) 3);
        t.put("B", new UnsignedByte(255));
        t.put("s", (short) -300);
        t.put("u", new UnsignedShort(60000));
        t.put("i", new UnsignedInt(3_000_000_000L));
        t.put("f", 0.5f);
        t.put("d", 0.25d);
        t.put("D", new BigDecimal("3.14159"));
        t.put("T", Instant.ofEpochSecond(1_600_000_000L));
        t.put("x", Binary.copyOf(new byte[] {0, -1}));
        t.put("V", null);
        t.put("F", Map.of("nested", 1));
        List<Object> array = new ArrayList<>();
        array.add("a");
        array.add(null);
        array.add(List.of(new UnsignedByte(1)));
        t.put("A", array);
        return t;
    }

    private static ByteBuf nestedTables(int depth) {
        byte[] entry = hex("01 6b 46");
        ByteBuf buf = Unpooled.buffer();
        int[] lengthAt = new int[depth + 1];
        for (int level = 0; level <= depth; level++) {
            lengthAt[level] = buf.writerIndex();
            buf.writeInt(0);
            if (level < depth) {
                buf.writeBytes(entry);
            } else {
                buf.writeBytes(hex("01 6b 49 00 00 00 01"));
            }
        }
        for (int level = 0; level <= depth; level++) {
            buf.setInt(lengthAt[level], buf.writerIndex() - lengthAt[level] - 4);
        }
        return buf;
    }

    private static ByteBuf table(byte[] entries) {
        return Unpooled.buffer().writeInt(entries.length).writeBytes(entries);
    }

    private static void assertSyntaxError(ByteBuf buf, String messagePart) {
        assertThatThrownBy(() -> AmqpTypes.readTable(buf))
                .isInstanceOfSatisfying(AmqpDecodingException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR))
                .hasMessageContaining(messagePart);
    }

    static byte[] hex(String spaced) {
        return ByteBufUtil.decodeHexDump(spaced.replace(" ", ""));
    }
}
