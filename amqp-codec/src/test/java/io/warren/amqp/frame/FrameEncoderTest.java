package io.warren.amqp.frame;

import static io.warren.amqp.frame.FrameTesting.ascii;
import static io.warren.amqp.frame.FrameTesting.bodyFrame;
import static io.warren.amqp.frame.FrameTesting.concat;
import static io.warren.amqp.frame.FrameTesting.feed;
import static io.warren.amqp.frame.FrameTesting.headerFrame;
import static io.warren.amqp.frame.FrameTesting.hex;
import static io.warren.amqp.frame.FrameTesting.inbound;
import static io.warren.amqp.frame.FrameTesting.outboundBuffers;
import static io.warren.amqp.frame.FrameTesting.outboundBytes;
import static io.warren.amqp.frame.FrameTesting.publishFrame;
import static io.warren.amqp.frame.FrameTesting.release;
import static io.warren.amqp.frame.FrameTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.field.UnsignedByte;
import io.warren.amqp.frame.FrameTesting.Bytes;
import io.warren.amqp.method.BasicAck;
import io.warren.amqp.method.BasicDeliver;
import io.warren.amqp.method.ChannelOpenOk;
import io.warren.amqp.method.ConnectionClose;
import io.warren.amqp.method.ConnectionTune;
import io.warren.amqp.method.Method;
import io.warren.amqp.testing.LeakDetection;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    private static final BasicDeliver DELIVER = new BasicDeliver("ctag", 7, true, "ex", "rk");

    private static EmbeddedChannel encoder() {
        return new EmbeddedChannel(FrameEncoder.INSTANCE);
    }

    private static EmbeddedChannel encoder(int frameMax) {
        EmbeddedChannel channel = encoder();
        channel.attr(FrameEncoder.FRAME_MAX).set(frameMax);
        return channel;
    }

    private static byte[] encode(Object msg) {
        EmbeddedChannel channel = encoder();
        assertThat(channel.writeOutbound(msg)).isTrue();
        byte[] bytes = outboundBytes(channel);
        assertFalse(channel.finish());
        return bytes;
    }

    private static ByteBuf body(EmbeddedChannel channel, byte[] bytes) {
        return channel.alloc().buffer(bytes.length).writeBytes(bytes);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** One frame as found in encoder output. */
    private record WireFrame(int type, int channel, byte[] payload) {
    }

    /** Splits encoder output into frames, checking sizes and frame-end octets on the way. */
    private static List<WireFrame> frames(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<WireFrame> frames = new ArrayList<>();
        while (in.hasRemaining()) {
            int type = in.get() & 0xFF;
            int channel = in.getShort() & 0xFFFF;
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            assertThat(in.get()).as("frame end").isEqualTo((byte) 0xCE);
            frames.add(new WireFrame(type, channel, payload));
        }
        return frames;
    }

    // ---- exact bytes -----------------------------------------------------------------------------

    @Test
    void channelOpenOk() {
        assertThat(hex(encode(new MethodFrame(1, new ChannelOpenOk()))))
                .isEqualTo("01" + "0001" + "00000008" + "0014" + "000b" + "00000000" + "ce");
    }

    @Test
    void basicAck() {
        assertThat(hex(encode(new MethodFrame(5, new BasicAck(0x0102030405060708L, true)))))
                .isEqualTo("01" + "0005" + "0000000d" + "003c" + "0050" + "0102030405060708" + "01" + "ce");
    }

    @Test
    void connectionTune() {
        assertThat(hex(encode(new MethodFrame(0, new ConnectionTune(2047, 131072, 60)))))
                .isEqualTo("01" + "0000" + "0000000c" + "000a" + "001e" + "07ff" + "00020000" + "003c" + "ce");
    }

    @Test
    void connectionClose() {
        assertThat(hex(encode(new MethodFrame(0, new ConnectionClose(541, "INTERNAL_ERROR", 60, 40)))))
                .isEqualTo("01" + "0000" + "00000019" + "000a" + "0032" + "021d" + "0e" + hex(ascii("INTERNAL_ERROR"))
                        + "003c" + "0028" + "ce");
    }

    @Test
    void heartbeat() {
        assertThat(encode(HeartbeatFrame.INSTANCE)).isEqualTo(unhex("08 0000 00000000 ce"));
    }

    @Test
    void protocolHeader() {
        assertThat(encode(ProtocolHeader.INSTANCE)).isEqualTo(unhex("414d5150 00 00 09 01"));
    }

    @Test
    void singleContentHeaderAndBodyFrames() {
        assertThat(hex(encode(new ContentHeaderFrame(4, ContentHeader.of(BasicProperties.EMPTY, 300)))))
                .isEqualTo("02" + "0004" + "0000000e" + "003c" + "0000" + "000000000000012c" + "0000" + "ce");

        EmbeddedChannel channel = encoder();
        byte[] payload = random(5000, 9);
        channel.writeOutbound(new ContentBodyFrame(4, body(channel, payload)));
        assertThat(outboundBytes(channel)).isEqualTo(bodyFrame(4, payload));
        assertFalse(channel.finish());
    }

    @Test
    void otherMessagesPassThroughUntouched() {
        EmbeddedChannel channel = encoder();
        ByteBuf raw = channel.alloc().buffer().writeBytes(ascii("raw"));
        channel.writeOutbound(raw);
        ByteBuf out = channel.readOutbound();
        try {
            assertThat(out).isSameAs(raw);
        } finally {
            out.release();
        }
        assertFalse(channel.finish());
    }

    // ---- content commands ------------------------------------------------------------------------

    @Test
    void smallBodyIsCopiedIntoOneBuffer() {
        EmbeddedChannel channel = encoder();
        ByteBuf body = body(channel, ascii("hello"));
        channel.writeOutbound(new ContentCommand(2, DELIVER, ContentHeader.of(BasicProperties.EMPTY, 5), body));
        List<ByteBuf> out = outboundBuffers(channel);
        try {
            assertThat(out).hasSize(1);
            assertThat(hex(ByteBufUtil.getBytes(out.get(0)))).isEqualTo(
                    "01" + "0002" + "00000018" + "003c003c" + "04" + hex(ascii("ctag")) + "0000000000000007" + "01"
                            + "02" + hex(ascii("ex")) + "02" + hex(ascii("rk")) + "ce"
                    + "02" + "0002" + "0000000e" + "003c" + "0000" + "0000000000000005" + "0000" + "ce"
                    + "03" + "0002" + "00000005" + hex(ascii("hello")) + "ce");
        } finally {
            release(out);
        }
        assertThat(body.refCnt()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void bodyAtTheCopyThresholdIsCopiedAndOneByteMoreIsSliced() {
        for (int size : new int[] {FrameEncoder.COPY_THRESHOLD, FrameEncoder.COPY_THRESHOLD + 1}) {
            EmbeddedChannel channel = encoder();
            byte[] bytes = random(size, size);
            ByteBuf body = body(channel, bytes);
            channel.writeOutbound(new ContentCommand(1, DELIVER, ContentHeader.of(BasicProperties.EMPTY, size), body));
            List<ByteBuf> out = outboundBuffers(channel);
            try {
                assertThat(out).as("buffers for a body of %d", size)
                        .hasSize(size <= FrameEncoder.COPY_THRESHOLD ? 1 : 3);
                if (out.size() == 3) {
                    assertThat(ByteBufUtil.getBytes(out.get(1))).isEqualTo(bytes);
                }
            } finally {
                release(out);
            }
            assertThat(body.refCnt()).isZero();
            assertFalse(channel.finish());
        }
    }

    @Test
    void emptyBodyWritesNoBodyFrame() {
        byte[] bytes = encode(new ContentCommand(1, DELIVER, ContentHeader.of(BasicProperties.EMPTY, 0),
                Unpooled.EMPTY_BUFFER));
        assertThat(frames(bytes)).extracting(WireFrame::type).containsExactly(1, 2);
    }

    @Test
    void largeBodyIsSplitAtFrameMaxIntoSlicesOfTheOriginal() {
        int frameMax = 4096;
        int maxPayload = frameMax - 8;
        byte[] bytes = random(10_000, 4);
        EmbeddedChannel channel = encoder(frameMax);
        ByteBuf body = body(channel, bytes);
        body.retain(); // to write into the body once it has been encoded
        BasicProperties properties = BasicProperties.builder().contentType("application/json").deliveryMode(2)
                .headers(Map.of("k", "v")).build();
        channel.writeOutbound(new ContentCommand(9, DELIVER, ContentHeader.of(properties, bytes.length), body));
        List<ByteBuf> out = outboundBuffers(channel);
        byte[] wire;
        try {
            // head + slice, frame end + next header, slice, last frame end + header + copied tail + end
            assertThat(out).hasSize(5);
            assertThat(out.get(1).readableBytes()).isEqualTo(maxPayload);
            assertThat(out.get(3).readableBytes()).isEqualTo(maxPayload);
            body.setByte(0, ~bytes[0]);
            body.setByte(maxPayload, ~bytes[maxPayload]);
            assertThat(out.get(1).getByte(out.get(1).readerIndex())).as("first chunk is a slice")
                    .isEqualTo((byte) ~bytes[0]);
            assertThat(out.get(3).getByte(out.get(3).readerIndex())).as("second chunk is a slice")
                    .isEqualTo((byte) ~bytes[maxPayload]);
            body.setByte(0, bytes[0]);
            body.setByte(maxPayload, bytes[maxPayload]);
            ByteBuf all = channel.alloc().buffer();
            for (ByteBuf buf : out) {
                all.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            }
            wire = ByteBufUtil.getBytes(all);
            all.release();
        } finally {
            release(out);
            body.release();
        }
        assertThat(body.refCnt()).isZero();
        assertFalse(channel.finish());

        List<WireFrame> frames = frames(wire);
        assertThat(frames).extracting(WireFrame::type).containsExactly(1, 2, 3, 3, 3);
        assertThat(frames).extracting(WireFrame::channel).containsOnly(9);
        assertThat(frames.subList(2, 5)).extracting(f -> f.payload().length)
                .containsExactly(maxPayload, maxPayload, bytes.length - 2 * maxPayload);

        // And it reads back as the same command.
        EmbeddedChannel reader = new EmbeddedChannel(FrameDecoder.forClient(frameMax), new CommandAssembler());
        feed(reader, wire);
        List<Object> decoded = inbound(reader);
        try {
            assertThat(decoded).hasSize(1);
            ContentCommand command = (ContentCommand) decoded.get(0);
            assertThat(command.channel()).isEqualTo(9);
            assertThat(command.method()).isEqualTo(DELIVER);
            assertThat(command.header().properties()).isEqualTo(properties);
            assertThat(ByteBufUtil.getBytes(command.body())).isEqualTo(bytes);
        } finally {
            release(decoded);
        }
        assertFalse(reader.finish());
    }

    @Test
    void unsetFrameMaxMeansTheDefault() {
        byte[] bytes = random(FrameEncoder.DEFAULT_FRAME_MAX * 2, 5);
        EmbeddedChannel channel = encoder();
        channel.writeOutbound(new ContentCommand(1, DELIVER, ContentHeader.of(BasicProperties.EMPTY, bytes.length),
                body(channel, bytes)));
        List<WireFrame> frames = frames(outboundBytes(channel));
        assertThat(frames.subList(2, frames.size())).extracting(f -> f.payload().length)
                .containsExactly(FrameEncoder.DEFAULT_FRAME_MAX - 8, FrameEncoder.DEFAULT_FRAME_MAX - 8, 16);
        assertFalse(channel.finish());
    }

    // ---- the publisher's header bytes go out unchanged --------------------------------------------

    @Test
    void contentHeaderIsResentByteForByte() {
        // Valid choices our own encoder would not make: a continuation flag word, 'L' for a long, a
        // decimal with trailing zeros and a 'B' unsigned byte.
        byte[] table = new Bytes()
                .shortStr("big").octet('L').longLong(1234567890123L)
                .shortStr("small").octet('B').octet(200)
                .shortStr("dec").octet('D').octet(3).longInt(1500)
                .shortStr("when").octet('T').longLong(1_700_000_000L)
                .toArray();
        byte[] properties = new Bytes().shortInt(0x8000 | 0x2000 | 0x0800 | 0x0001).shortInt(0)
                .shortStr("text/x").longStr(table).octet(5).toArray();
        byte[] body = ascii("payload");

        EmbeddedChannel reader = new EmbeddedChannel(FrameDecoder.forClient(4096), new CommandAssembler());
        feed(reader, concat(publishFrame(1, "ex", "rk", false), headerFrame(1, body.length, properties),
                bodyFrame(1, body)));
        ContentCommand published = reader.readInbound();
        ContentCommand delivery;
        try {
            assertThat(published.header().properties().headers()).containsEntry("big", 1234567890123L)
                    .containsEntry("small", new UnsignedByte(200))
                    .containsEntry("dec", new BigDecimal("1.500"))
                    .containsEntry("when", Instant.ofEpochSecond(1_700_000_000L));
            assertThat(published.header().properties().priority()).isEqualTo(5);
            // Re-encoding the decoded properties would not give the publisher's bytes back ...
            assertThat(ContentHeader.of(published.header().properties(), body.length).encodedProperties())
                    .isNotEqualTo(properties);
            delivery = new ContentCommand(3, DELIVER, published.header(), published.body().retain());
        } finally {
            published.release();
        }
        assertFalse(reader.finish());

        // ... but a delivery sends them exactly.
        List<WireFrame> frames = frames(encode(delivery));
        assertThat(frames).extracting(WireFrame::type).containsExactly(1, 2, 3);
        byte[] header = frames.get(1).payload();
        assertThat(hex(header)).isEqualTo("003c" + "0000" + "0000000000000007" + hex(properties));
        assertThat(frames.get(2).payload()).isEqualTo(body);
    }

    // ---- release and failure ---------------------------------------------------------------------

    @Test
    void everyBufferIsReleasedAfterWritingAndReading() {
        EmbeddedChannel channel = encoder(4096);
        List<ByteBuf> bodies = new ArrayList<>();
        for (int size : new int[] {0, 10, 3000, 9000}) {
            ByteBuf body = body(channel, random(size, size));
            bodies.add(body);
            channel.writeOutbound(new ContentCommand(1, DELIVER, ContentHeader.of(BasicProperties.EMPTY, size), body));
        }
        ByteBuf fragment = body(channel, random(3000, 1));
        bodies.add(fragment);
        channel.writeOutbound(new ContentBodyFrame(1, fragment));
        assertThat(bodies.subList(1, bodies.size())).as("slices keep large bodies alive until written")
                .anySatisfy(body -> assertThat(body.refCnt()).isPositive());
        outboundBytes(channel);
        assertThat(bodies).allSatisfy(body -> assertThat(body.refCnt()).isZero());
        assertFalse(channel.finish());
    }

    @Test
    void methodThatCannotBeEncodedFailsTheWriteAndLeaksNothing() throws Exception {
        // Collecting here drains the detector, so report (not hide) whatever leaked before.
        assertThat(LeakDetection.collectLeaks()).as("leaks before this test").isEmpty();
        String tooLong = "x".repeat(256);
        List<Method> unencodable = List.of(new BasicAck(1, false), new ConnectionClose(320, tooLong, 0, 0));
        EmbeddedChannel channel = encoder();
        assertThatThrownBy(() -> channel.writeOutbound(new MethodFrame(0, unencodable.get(1))))
                .isInstanceOf(EncoderException.class).hasRootCauseInstanceOf(IllegalArgumentException.class);
        ByteBuf body = body(channel, ascii("abc"));
        assertThatThrownBy(() -> channel.writeOutbound(new ContentCommand(1,
                new BasicDeliver(tooLong, 1, false, "", "q"), ContentHeader.of(BasicProperties.EMPTY, 3), body)))
                .isInstanceOf(EncoderException.class);
        assertThat(body.refCnt()).as("the failed command was released").isZero();
        assertThat(outboundBuffers(channel)).isEmpty();

        // The encoder is still usable.
        channel.writeOutbound(new MethodFrame(0, unencodable.get(0)));
        assertThat(outboundBytes(channel)).hasSize(21);
        assertFalse(channel.finish());
        assertThat(LeakDetection.collectLeaks()).isEmpty();
    }

    @Test
    void aDeliverFrameFromPreEncodedPartsIsByteForByteTheBasicDeliverMethodFrame() {
        for (boolean redelivered : new boolean[] {false, true}) {
            io.netty.buffer.ByteBuf viaMethod = io.netty.buffer.Unpooled.buffer();
            FrameWriter.writeMethodFrame(viaMethod, 3, new io.warren.amqp.method.BasicDeliver("ctag-é", 42L,
                    redelivered, "amq.topic", "orders.eu"));
            io.netty.buffer.ByteBuf viaParts = io.netty.buffer.Unpooled.buffer();
            byte[] tag = io.warren.amqp.field.AmqpTypes.encodeShortStrings("ctag-é");
            byte[] address = io.warren.amqp.field.AmqpTypes.encodeShortStrings("amq.topic", "orders.eu");
            FrameWriter.writeDeliverFrame(viaParts, 3, tag, 42L, redelivered, address);
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(viaParts))
                    .isEqualTo(io.netty.buffer.ByteBufUtil.getBytes(viaMethod));
            assertThat(viaParts.readableBytes()).isEqualTo(FrameWriter.deliverFrameSize(tag, address));
        }
    }
}
