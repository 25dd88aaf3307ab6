package io.warren.amqp.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.field.Binary;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BasicPropertiesCodecTest {
    private static final Instant TIMESTAMP = Instant.ofEpochSecond(1_763_700_000L);

    /** Every one of the 2^14 combinations of present properties, compared with the Java client. */
    @Test
    void everyFlagCombinationMatchesTheJavaClientByteForByte() throws Exception {
        for (int mask = 0; mask < (1 << 14); mask++) {
            BasicProperties ours = properties(mask);
            AMQP.BasicProperties theirs = clientProperties(mask);
            long bodySize = mask * 31L;

            byte[] clientPayload = theirs.toFrame(1, bodySize).getPayload();
            ContentHeader header = ContentHeader.of(ours, bodySize);
            ByteBuf written = Unpooled.buffer();
            header.writePayload(written);
            assertThat(ByteBufUtil.getBytes(written)).as("mask %s", Integer.toBinaryString(mask))
                    .isEqualTo(clientPayload);

            ContentHeader decoded = ContentHeader.decode(Unpooled.wrappedBuffer(clientPayload));
            assertThat(decoded.properties()).isEqualTo(ours);
            assertThat(decoded.bodySize()).isEqualTo(bodySize);
            assertThat(decoded.payloadSize()).isEqualTo(clientPayload.length);
        }
    }

    @Test
    void theJavaClientReadsWhatWarrenWrites() throws Exception {
        BasicProperties all = properties((1 << 14) - 1);
        ByteBuf written = Unpooled.buffer();
        ContentHeader.of(all, 5).writePayload(written);
        byte[] ours = ByteBufUtil.getBytes(written);
        written.skipBytes(2); // the client's reader starts at the weight, after the class id
        AMQP.BasicProperties read = new AMQP.BasicProperties(
                new DataInputStream(new ByteArrayInputStream(ByteBufUtil.getBytes(written))));
        assertThat(read.getBodySize()).isEqualTo(5);
        assertThat(read.getMessageId()).isEqualTo("msg-1");
        assertThat(read.getTimestamp()).isEqualTo(Date.from(TIMESTAMP));
        assertThat(read.getHeaders()).containsKeys("x-retries", "big", "price", "blob", "nested", "list");
        // Everything the client read, it writes back identically: nothing was lost or misread.
        assertThat(read.toFrame(1, 5).getPayload()).isEqualTo(ours);
    }

    @Test
    void noPropertiesIsASingleZeroFlagWord() {
        ByteBuf written = Unpooled.buffer();
        BasicPropertiesCodec.encode(BasicProperties.EMPTY, written);
        assertThat(ByteBufUtil.hexDump(written)).isEqualTo("0000");
        assertThat(BasicPropertiesCodec.decode(written)).isSameAs(BasicProperties.EMPTY);
    }

    @Test
    void originalPropertyBytesAreKeptExactlyEvenWhenWarrenWouldEncodeThemDifferently() {
        // A headers table holding an 'L' long: Warren reads it as a Long but would write 'l'.
        byte[] properties = ByteBufUtil.decodeHexDump("2000" + "0000000b" + "01" + "6b" + "4c" + "0000000000000007");
        ByteBuf payload = Unpooled.buffer().writeShort(60).writeShort(0).writeLong(3).writeBytes(properties);
        ContentHeader header = ContentHeader.decode(payload);
        assertThat(header.properties().headers()).containsEntry("k", 7L);
        assertThat(header.encodedProperties()).isEqualTo(properties);
        ByteBuf rewritten = Unpooled.buffer();
        header.writePayload(rewritten);
        assertThat(ByteBufUtil.getBytes(rewritten, 12, rewritten.readableBytes() - 12)).isEqualTo(properties);
    }

    @Test
    void removingAHeaderCutsOnlyItsEntryAndKeepsEveryOtherByte() {
        // headers {k: 'L' 7, BCC: ["kkkkk"], z: 'S' with bytes that are not UTF-8}, then message-id "m"
        String table = "016b" + "4c0000000000000007"
                + "03424343" + "41" + "0000000a" + "53" + "00000005" + "6b6b6b6b6b"
                + "017a" + "53" + "00000002" + "c328";
        String properties = "2080" + String.format("%08x", table.length() / 2) + table + "01" + "6d";
        byte[] encoded = ByteBufUtil.decodeHexDump(properties);
        byte[] stripped = BasicPropertiesCodec.removeHeader(encoded, "BCC");
        String expectedTable = "016b" + "4c0000000000000007" + "017a" + "53" + "00000002" + "c328";
        assertThat(ByteBufUtil.hexDump(stripped)).isEqualTo(
                "2080" + String.format("%08x", expectedTable.length() / 2) + expectedTable + "01" + "6d");
        assertThat(BasicPropertiesCodec.removeHeader(encoded, "absent")).isSameAs(encoded);

        ContentHeader header = ContentHeader.decode(Unpooled.buffer().writeShort(60).writeShort(0).writeLong(0)
                .writeBytes(encoded)).withoutHeader("BCC");
        assertThat(header.properties().headers()).containsOnlyKeys("k", "z");
        assertThat(header.properties().messageId()).isEqualTo("m");
        assertThat(header.encodedProperties()).isEqualTo(stripped);
    }

    @Test
    void replyToIsReplacedOrAddedAndEverythingElseKept() {
        for (int mask = 0; mask < (1 << 14); mask += 7) {
            BasicProperties original = properties(mask);
            ContentHeader header = ContentHeader.of(original, 3);
            ContentHeader replaced = header.withReplyTo("amq.rabbitmq.reply-to.abc");
            BasicProperties expected = original.toBuilder().replyTo("amq.rabbitmq.reply-to.abc").build();
            assertThat(replaced.properties()).isEqualTo(expected);
            assertThat(replaced.encodedProperties()).isEqualTo(ContentHeader.of(expected, 3).encodedProperties());
            ContentHeader reread = ContentHeader.decode(payloadOf(replaced));
            assertThat(reread.properties()).isEqualTo(expected);
        }
    }

    private static ByteBuf payloadOf(ContentHeader header) {
        ByteBuf buf = Unpooled.buffer();
        header.writePayload(buf);
        return buf;
    }

    @Test
    void anEmptyContinuationFlagWordIsAccepted() {
        ByteBuf in = Unpooled.buffer().writeShort(0x8001).writeShort(0).writeByte(4).writeBytes("text".getBytes());
        assertThat(BasicPropertiesCodec.decode(in).contentType()).isEqualTo("text");
    }

    @Test
    void aContinuationWordNamingPropertiesIsASyntaxError() {
        ByteBuf in = Unpooled.buffer().writeShort(0x0001).writeShort(0x8000);
        assertThatThrownBy(() -> BasicPropertiesCodec.decode(in))
                .isInstanceOfSatisfying(AmqpDecodingException.class,
                        e -> assertThat(e.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR));
    }

    @Test
    void contentHeaderErrorsCarryTheRightReplyCode() {
        assertDecodeFails(header(20, 0, 0, "0000"), ReplyCode.UNEXPECTED_FRAME, "class 20");
        assertDecodeFails(header(60, 1, 0, "0000"), ReplyCode.SYNTAX_ERROR, "weight");
        assertDecodeFails(header(60, 0, -1, "0000"), ReplyCode.SYNTAX_ERROR, "body size");
        assertDecodeFails(header(60, 0, 0, "0000ff"), ReplyCode.SYNTAX_ERROR, "after its properties");
    }

    private static ByteBuf header(int classId, int weight, long bodySize, String propertiesHex) {
        return Unpooled.buffer().writeShort(classId).writeShort(weight).writeLong(bodySize)
                .writeBytes(ByteBufUtil.decodeHexDump(propertiesHex));
    }

    private static void assertDecodeFails(ByteBuf payload, ReplyCode code, String messagePart) {
        assertThatThrownBy(() -> ContentHeader.decode(payload))
                .isInstanceOfSatisfying(AmqpDecodingException.class, e -> assertThat(e.replyCode()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    /** Properties with field {@code i} present when bit {@code i} of {@code mask} is set. */
    private static BasicProperties properties(int mask) {
        BasicProperties.Builder b = BasicProperties.builder();
        if (has(mask, 0)) {
            b.contentType("application/json");
        }
        if (has(mask, 1)) {
            b.contentEncoding("gzip");
        }
        if (has(mask, 2)) {
            b.headers(warrenHeaders());
        }
        if (has(mask, 3)) {
            b.deliveryMode(2);
        }
        if (has(mask, 4)) {
            b.priority(9);
        }
        if (has(mask, 5)) {
            b.correlationId("corr-é");
        }
        if (has(mask, 6)) {
            b.replyTo("amq.rabbitmq.reply-to");
        }
        if (has(mask, 7)) {
            b.expiration("60000");
        }
        if (has(mask, 8)) {
            b.messageId("msg-1");
        }
        if (has(mask, 9)) {
            b.timestamp(TIMESTAMP);
        }
        if (has(mask, 10)) {
            b.type("order.created");
        }
        if (has(mask, 11)) {
            b.userId("guest");
        }
        if (has(mask, 12)) {
            b.appId("warren-test");
        }
        if (has(mask, 13)) {
            b.clusterId("c1");
        }
        return b.build();
    }

    private static AMQP.BasicProperties clientProperties(int mask) {
        AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder();
        if (has(mask, 0)) {
            b.contentType("application/json");
        }
        if (has(mask, 1)) {
            b.contentEncoding("gzip");
        }
        if (has(mask, 2)) {
            b.headers(clientHeaders());
        }
        if (has(mask, 3)) {
            b.deliveryMode(2);
        }
        if (has(mask, 4)) {
            b.priority(9);
        }
        if (has(mask, 5)) {
            b.correlationId("corr-é");
        }
        if (has(mask, 6)) {
            b.replyTo("amq.rabbitmq.reply-to");
        }
        if (has(mask, 7)) {
            b.expiration("60000");
        }
        if (has(mask, 8)) {
            b.messageId("msg-1");
        }
        if (has(mask, 9)) {
            b.timestamp(Date.from(TIMESTAMP));
        }
        if (has(mask, 10)) {
            b.type("order.created");
        }
        if (has(mask, 11)) {
            b.userId("guest");
        }
        if (has(mask, 12)) {
            b.appId("warren-test");
        }
        if (has(mask, 13)) {
            b.clusterId("c1");
        }
        return b.build();
    }

    /** The client keeps headers in a HashMap, so ours follow that map's order to compare bytes. */
    private static Map<String, Object> warrenHeaders() {
        Map<String, Object> unordered = new LinkedHashMap<>();
        unordered.put("x-retries", 3);
        unordered.put("big", 1L << 40);
        unordered.put("price", new BigDecimal("9.99"));
        unordered.put("blob", Binary.copyOf(new byte[] {1, 2, 3}));
        unordered.put("nested", Map.of("ok", true));
        unordered.put("list", List.of("a", 2));
        Map<String, Object> h = new LinkedHashMap<>();
        clientProperties(1 << 2).getHeaders().keySet().forEach(key -> h.put(key, unordered.get(key)));
        return h;
    }

    private static Map<String, Object> clientHeaders() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("x-retries", 3);
        h.put("big", 1L << 40);
        h.put("price", new BigDecimal("9.99"));
        h.put("blob", new byte[] {1, 2, 3});
        h.put("nested", Map.of("ok", true));
        h.put("list", List.of("a", 2));
        return h;
    }

    private static boolean has(int mask, int bit) {
        return (mask & (1 << bit)) != 0;
    }
}
