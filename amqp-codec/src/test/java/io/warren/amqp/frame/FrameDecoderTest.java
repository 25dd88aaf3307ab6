package io.warren.amqp.frame;

import static io.warren.amqp.frame.FrameTesting.PROTOCOL_HEADER;
import static io.warren.amqp.frame.FrameTesting.ackFrame;
import static io.warren.amqp.frame.FrameTesting.ascii;
import static io.warren.amqp.frame.FrameTesting.bodyFrame;
import static io.warren.amqp.frame.FrameTesting.concat;
import static io.warren.amqp.frame.FrameTesting.describeInbound;
import static io.warren.amqp.frame.FrameTesting.emptyHeaderFrame;
import static io.warren.amqp.frame.FrameTesting.feed;
import static io.warren.amqp.frame.FrameTesting.frame;
import static io.warren.amqp.frame.FrameTesting.headerFrame;
import static io.warren.amqp.frame.FrameTesting.heartbeatFrame;
import static io.warren.amqp.frame.FrameTesting.inbound;
import static io.warren.amqp.frame.FrameTesting.input;
import static io.warren.amqp.frame.FrameTesting.methodFrame;
import static io.warren.amqp.frame.FrameTesting.publishFrame;
import static io.warren.amqp.frame.FrameTesting.release;
import static io.warren.amqp.frame.FrameTesting.slice;
import static io.warren.amqp.frame.FrameTesting.unhex;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.field.Binary;
import io.warren.amqp.frame.FrameTesting.Bytes;
import io.warren.amqp.method.BasicAck;
import io.warren.amqp.method.BasicPublish;
import io.warren.amqp.method.ChannelOpen;
import io.warren.amqp.method.ConnectionStartOk;
import io.warren.amqp.method.ConnectionTuneOk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {
    private static final int FRAME_MAX = 4096;

    private static EmbeddedChannel server() {
        return new EmbeddedChannel(FrameDecoder.forServer(FRAME_MAX));
    }

    private static EmbeddedChannel client() {
        return new EmbeddedChannel(FrameDecoder.forClient(FRAME_MAX));
    }

    /** Feeds {@code bytes} to a fresh client-side decoder and returns the one message it must produce. */
    private static Object decodeOne(byte[] bytes) {
        EmbeddedChannel channel = client();
        feed(channel, bytes);
        List<Object> out = inbound(channel);
        assertFalse(channel.finish());
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static ProtocolError decodeError(byte[] bytes) {
        Object msg = decodeOne(bytes);
        assertThat(msg).isInstanceOf(ProtocolError.class);
        return (ProtocolError) msg;
    }

    // ---- protocol header ---------------------------------------------------------------------------
    @Test
    void validHeaderBecomesTheProtocolHeaderInstance() {
        EmbeddedChannel channel = server();
        feed(channel, PROTOCOL_HEADER);
        assertThat((Object) channel.readInbound()).isSameAs(ProtocolHeader.INSTANCE);
        assertFalse(channel.finish());
    }

    @Test
    void headerAndFirstFrameInOneRead() {
        EmbeddedChannel channel = server();
        feed(channel, concat(PROTOCOL_HEADER, heartbeatFrame()));
        assertThat(describeInbound(channel)).containsExactly(ProtocolHeader.INSTANCE.toString(),
                HeartbeatFrame.INSTANCE.toString());
        assertFalse(channel.finish());
    }

    @Test
    void partialValidHeaderProducesNothingYet() {
        EmbeddedChannel channel = server();
        feed(channel, slice(PROTOCOL_HEADER, 0, 5));
        assertThat((Object) channel.readInbound()).isNull();
        feed(channel, slice(PROTOCOL_HEADER, 5, 8));
        assertThat((Object) channel.readInbound()).isSameAs(ProtocolHeader.INSTANCE);
        assertFalse(channel.finish());
    }

    @ParameterizedTest
    @ValueSource(strings = {"414d515000000900", "414d515001010801", "414d515000010000",
                            "474554202f20485454502f312e310d0a"})
    void wrongHeaderIsUnsupportedAndTheRestDiscarded(String hex) {
        byte[] received = unhex(hex);
        EmbeddedChannel channel = server();
        feed(channel, received);
        List<Object> out = inbound(channel);
        assertThat(out).hasSize(1).first().isInstanceOf(UnsupportedProtocol.class);
        String text = ((UnsupportedProtocol) out.get(0)).received();
        assertThat(text).matches("[\\x20-\\x7e]+").startsWith(hex.startsWith("47") ? "GET / HT" : "AMQP");

        // What follows, even a valid header and frames, is ignored.
        feed(channel, concat(PROTOCOL_HEADER, heartbeatFrame(), ackFrame(1, 1, false)));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void unsupportedTextShowsNonPrintableBytesEscaped() {
        EmbeddedChannel channel = server();
        feed(channel, unhex("414d515000000900"));
        assertThat((Object) channel.readInbound())
                .isEqualTo(new UnsupportedProtocol("AMQP\\x00\\x00\\x09\\x00"));
        assertFalse(channel.finish());
    }

    @Test
    void singleWrongByteIsEnoughToReject() {
        EmbeddedChannel channel = server();
        feed(channel, ascii("G"));
        assertThat((Object) channel.readInbound()).isEqualTo(new UnsupportedProtocol("G"));
        feed(channel, ascii("ET / HTTP/1.1\r\n\r\n"));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void mismatchAfterAPartialMatchIsRejectedWhenItArrives() {
        EmbeddedChannel channel = server();
        feed(channel, ascii("AMQP"));
        assertThat((Object) channel.readInbound()).isNull();
        feed(channel, new byte[] {1, 1, 8, 0});
        assertThat((Object) channel.readInbound()).isEqualTo(new UnsupportedProtocol("AMQP\\x01\\x01\\x08\\x00"));
        assertFalse(channel.finish());
    }

    @Test
    void theOldSpellingOfTheHeaderIsAcceptedAsRabbitMqDoes() {
        EmbeddedChannel channel = server();
        feed(channel, new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
        assertThat((Object) channel.readInbound()).isSameAs(ProtocolHeader.INSTANCE);
        assertFalse(channel.finish());
    }

    @Test
    void clientDecoderExpectsFramesFromTheFirstByte() {
        Object msg = decodeOne(heartbeatFrame());
        assertThat(msg).isSameAs(HeartbeatFrame.INSTANCE);
    }

    // ---- a stream of frames, however it is split ---------------------------------------------------
    /** Protocol header, start-ok, channel.open, publish + header + two bodies, heartbeat, ack. */
    private final byte[] stream = concat(
            PROTOCOL_HEADER,
            methodFrame(0, 10, 11, new Bytes()
                    .longStr(new Bytes().shortStr("product").octet('S').longStr(ascii("warren-test"))
                            .shortStr("n").octet('I').longInt(42).toArray())
                    .shortStr("PLAIN").longStr(ascii("\0guest\0guest")).shortStr("en_US").toArray()),
            methodFrame(1, 20, 10, new byte[] {0}),
            publishFrame(1, "amq.x", "rk", true),
            headerFrame(1, 10, new Bytes().shortInt(0x9000).shortStr("text/plain").octet(2).toArray()),
            bodyFrame(1, ascii("hello ")),
            bodyFrame(1, ascii("AMQP")),
            heartbeatFrame(),
            ackFrame(1, 0x0102030405060708L, true));

    private List<String> expected() {
        Map<String, Object> clientProperties = new LinkedHashMap<>();
        clientProperties.put("product", "warren-test");
        clientProperties.put("n", 42);
        BasicProperties properties = BasicProperties.builder().contentType("text/plain").deliveryMode(2).build();
        return List.of(
                ProtocolHeader.INSTANCE.toString(),
                new MethodFrame(0, new ConnectionStartOk(clientProperties, "PLAIN",
                        Binary.utf8("\0guest\0guest"), "en_US")).toString(),
                new MethodFrame(1, new ChannelOpen()).toString(),
                new MethodFrame(1, new BasicPublish("amq.x", "rk", true, false)).toString(),
                "ContentHeaderFrame[channel=1, class=60, bodySize=10, " + properties
                        + ", raw=90000a746578742f706c61696e02]",
                "ContentBodyFrame[channel=1, " + ByteBufUtil.hexDump(ascii("hello ")) + "]",
                "ContentBodyFrame[channel=1, " + ByteBufUtil.hexDump(ascii("AMQP")) + "]",
                HeartbeatFrame.INSTANCE.toString(),
                new MethodFrame(1, new BasicAck(0x0102030405060708L, true)).toString());
    }

    @Test
    void allAtOnce() {
        EmbeddedChannel channel = server();
        feed(channel, stream);
        assertThat(describeInbound(channel)).containsExactlyElementsOf(expected());
        assertFalse(channel.finish());
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel channel = server();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            channel.writeInbound(input(channel, stream, i, 1));
            out.addAll(describeInbound(channel));
        }
        assertThat(out).containsExactlyElementsOf(expected());
        assertFalse(channel.finish());
    }

    @Test
    void splitIntoTwoAtEveryIndex() {
        List<String> expected = expected();
        for (int split = 1; split < stream.length; split++) {
            EmbeddedChannel channel = server();
            channel.writeInbound(input(channel, stream, 0, split));
            List<String> out = new ArrayList<>(describeInbound(channel));
            channel.writeInbound(input(channel, stream, split, stream.length - split));
            out.addAll(describeInbound(channel));
            assertThat(out).as("split at %d", split).containsExactlyElementsOf(expected);
            assertFalse(channel.finish());
        }
    }

    @Test
    void bodyPayloadIsASliceOfTheReadBufferNotACopy() {
        EmbeddedChannel channel = client();
        byte[] bytes = concat(ackFrame(1, 1, false), bodyFrame(1, ascii("payload")));
        int bodyOffset = bytes.length - 1 - "payload".length();
        ByteBuf read = input(channel, bytes);
        read.retain(); // keep the read buffer reachable to write into it afterwards
        try {
            channel.writeInbound(read);
            List<Object> out = inbound(channel);
            try {
                assertThat(out).hasSize(2);
                ByteBuf payload = ((ContentBodyFrame) out.get(1)).content();
                assertThat(payload.toString(US_ASCII)).isEqualTo("payload");
                read.setByte(bodyOffset, 'P');
                assertThat(payload.getByte(payload.readerIndex())).as("payload shares the read buffer's memory")
                        .isEqualTo((byte) 'P');
            } finally {
                release(out);
            }
        } finally {
            read.release();
        }
        assertFalse(channel.finish());
    }

    // ---- frame-max ---------------------------------------------------------------------------------
    @Test
    void oversizeFrameIsRejectedFromItsHeaderAlone() {
        EmbeddedChannel channel = server();
        feed(channel, PROTOCOL_HEADER);
        assertThat((Object) channel.readInbound()).isSameAs(ProtocolHeader.INSTANCE);
        // Only the 7 header bytes: a payload one above frame-max (RabbitMQ tolerates frame-max itself).
        feed(channel, new Bytes().octet(3).shortInt(1).longInt(FRAME_MAX + 1).toArray());
        ProtocolError error = channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.inputDiscarded()).isTrue();
        assertThat(error.channel()).isEqualTo(1);
        assertThat(error.replyText()).isEqualTo("FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,"
                + (FRAME_MAX + 1) + "," + (FRAME_MAX - 8) + "}");

        feed(channel, concat(new byte[FRAME_MAX + 1], heartbeatFrame(), ackFrame(1, 1, false)));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void hugeAnnouncedSizeIsRejectedWithoutAllocating() {
        ProtocolError error = decodeError(new Bytes().octet(1).shortInt(0).longInt(0xFFFF_FFFFL).toArray());
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.inputDiscarded()).isTrue();
    }

    @Test
    void payloadOfExactlyFrameMaxIsToleratedAsRabbitMqDoes() {
        byte[] payload = new byte[FRAME_MAX];
        new Random(1).nextBytes(payload);
        byte[] frame = bodyFrame(1, payload);
        assertThat(frame).hasSize(FRAME_MAX + 8);
        Object msg = decodeOne(frame);
        try {
            assertThat(msg).isInstanceOf(ContentBodyFrame.class);
            assertThat(ByteBufUtil.getBytes(((ContentBodyFrame) msg).content())).isEqualTo(payload);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Test
    void setFrameMaxRaisesAndLowersTheLimit() {
        FrameDecoder decoder = FrameDecoder.forClient(FRAME_MAX);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.setFrameMax(8192);
        feed(channel, bodyFrame(1, new byte[8192]));
        assertThat(describeInbound(channel)).hasSize(1).first().asString().startsWith("ContentBodyFrame");

        decoder.setFrameMax(FRAME_MAX);
        feed(channel, bodyFrame(1, new byte[FRAME_MAX + 1]));
        ProtocolError error = channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.inputDiscarded()).isTrue();
        assertFalse(channel.finish());
    }

    @Test
    void zeroMeansNoLimit() {
        FrameDecoder decoder = FrameDecoder.forClient(FRAME_MAX);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.setFrameMax(0);
        feed(channel, bodyFrame(1, new byte[300_000]));
        assertThat(describeInbound(channel)).hasSize(1);
        assertFalse(channel.finish());
    }

    @Test
    void frameMaxBelowTheProtocolMinimumIsRefused() {
        assertThatThrownBy(() -> FrameDecoder.forServer(4095)).isInstanceOf(IllegalArgumentException.class);
        FrameDecoder decoder = FrameDecoder.forClient(FRAME_MAX);
        assertThatThrownBy(() -> decoder.setFrameMax(1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- errors that break framing, or nearly ------------------------------------------------------
    @Test
    void badFrameEndLosesFraming() {
        byte[] bad = heartbeatFrame();
        bad[bad.length - 1] = 0;
        EmbeddedChannel channel = client();
        feed(channel, concat(bad, heartbeatFrame()));
        ProtocolError error = channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.inputDiscarded()).isTrue();
        assertThat(error.detail()).isEqualTo("type 8, all octets = <<>>: {invalid_frame_end_marker,0}");
        assertThat((Object) channel.readInbound()).isNull();
        feed(channel, heartbeatFrame());
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void badFrameEndOfABodyFrameReleasesNothingTwiceAndLeaksNothing() {
        byte[] bad = bodyFrame(2, ascii("abc"));
        bad[bad.length - 1] = (byte) 0xCD;
        ProtocolError error = decodeError(bad);
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.channel()).isEqualTo(2);
        assertThat(error.inputDiscarded()).isTrue();
    }

    @Test
    void unknownFrameTypeIsAFrameError() {
        EmbeddedChannel channel = client();
        feed(channel, concat(frame(4, 3, new byte[] {1, 2}), heartbeatFrame()));
        ProtocolError error = channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.channel()).isEqualTo(3);
        assertThat(error.detail()).contains("4");
        // The frame was well delimited, so framing is intact.
        assertThat(error.inputDiscarded()).isFalse();
        assertThat((Object) channel.readInbound()).isSameAs(HeartbeatFrame.INSTANCE);
        assertFalse(channel.finish());
    }

    @Test
    void heartbeatOnANonZeroChannelIsAnUnexpectedFrameAsInRabbitMq() {
        ProtocolError error = decodeError(frame(8, 1, new byte[0]));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
        assertThat(error.channel()).isEqualTo(1);
    }

    @Test
    void heartbeatWithAPayloadIsAFrameError() {
        ProtocolError error = decodeError(frame(8, 0, new byte[] {0}));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(error.detail()).contains("1 bytes");
    }

    // ---- errors inside a well-delimited frame ------------------------------------------------------
    @Test
    void unknownClassIsNotImplemented() {
        ProtocolError error = decodeError(methodFrame(1, 99, 10, new byte[0]));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
        assertThat(error.classId()).isEqualTo(99);
        assertThat(error.methodId()).isEqualTo(10);
        assertThat(error.channel()).isEqualTo(1);
        assertThat(error.inputDiscarded()).isFalse();
    }

    @Test
    void unknownMethodIsNotImplemented() {
        ProtocolError error = decodeError(methodFrame(2, 60, 41, new byte[0]));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
        assertThat(error.classId()).isEqualTo(60);
        assertThat(error.methodId()).isEqualTo(41);
        assertThat(error.channel()).isEqualTo(2);
    }

    @Test
    void methodFrameTooShortForIds() {
        ProtocolError error = decodeError(frame(1, 1, new byte[] {0, 60, 0}));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(error.inputDiscarded()).isFalse();
    }

    @Test
    void truncatedArgumentsAreASyntaxError() {
        // basic.publish whose exchange name announces 10 bytes but the frame holds 3.
        ProtocolError error = decodeError(methodFrame(1, 60, 40,
                new Bytes().shortInt(0).octet(10).raw(ascii("amq")).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(error.classId()).isEqualTo(60);
        assertThat(error.methodId()).isEqualTo(40);
        assertThat(error.channel()).isEqualTo(1);
    }

    @Test
    void argumentsCutBeforeTheBitsAreASyntaxError() {
        ProtocolError error = decodeError(methodFrame(1, 60, 40,
                new Bytes().shortInt(0).shortStr("x").shortStr("rk").toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void trailingBytesAfterArgumentsAreASyntaxError() {
        ProtocolError error = decodeError(methodFrame(1, 60, 80,
                new Bytes().longLong(1).octet(0).octet(0).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(error.classId()).isEqualTo(60);
        assertThat(error.methodId()).isEqualTo(80);
        assertThat(error.detail()).contains("basic.ack").contains("1 bytes");
    }

    @Test
    void unknownFieldTypeInATableIsASyntaxError() {
        byte[] table = new Bytes().shortStr("x-weird").octet('Z').longInt(1).toArray();
        ProtocolError error = decodeError(methodFrame(1, 50, 10, new Bytes().shortInt(0).shortStr("q")
                .octet(0).longStr(table).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(error.classId()).isEqualTo(50);
        assertThat(error.methodId()).isEqualTo(10);
        assertThat(error.detail()).contains("'Z'");
    }

    @Test
    void contentHeaderForANonContentClassIsUnexpected() {
        ProtocolError error = decodeError(frame(2, 1, new Bytes().shortInt(20).shortInt(0).longLong(0)
                .shortInt(0).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
        assertThat(error.channel()).isEqualTo(1);
    }

    @Test
    void contentHeaderWithWeightIsASyntaxError() {
        ProtocolError error = decodeError(frame(2, 1, new Bytes().shortInt(60).shortInt(1).longLong(0)
                .shortInt(0).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void contentHeaderWithANegativeBodySizeIsASyntaxError() {
        ProtocolError error = decodeError(headerFrame(1, Long.MIN_VALUE, new byte[] {0, 0}));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
        assertThat(error.channel()).isEqualTo(1);
    }

    @Test
    void truncatedContentHeaderIsASyntaxError() {
        ProtocolError error = decodeError(frame(2, 1, new Bytes().shortInt(60).shortInt(0).longInt(0).toArray()));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void contentHeaderWithTrailingBytesIsASyntaxError() {
        ProtocolError error = decodeError(headerFrame(1, 0, new byte[] {0, 0, 7}));
        assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    }

    @Test
    void framingSurvivesPayloadErrors() {
        EmbeddedChannel channel = client();
        feed(channel, concat(
                methodFrame(1, 99, 1, new byte[0]),
                methodFrame(1, 60, 40, new Bytes().shortInt(0).octet(10).toArray()),
                methodFrame(1, 60, 80, new Bytes().longLong(1).octet(0).octet(9).toArray()),
                frame(2, 1, new Bytes().shortInt(60).shortInt(1).longLong(0).shortInt(0).toArray()),
                ackFrame(1, 7, false)));
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(5);
            assertThat(out.subList(0, 4)).allSatisfy(msg -> assertThat(msg).isInstanceOf(ProtocolError.class));
            assertThat(out.subList(0, 4)).extracting(msg -> ((ProtocolError) msg).replyCode()).containsExactly(
                    ReplyCode.NOT_IMPLEMENTED, ReplyCode.SYNTAX_ERROR, ReplyCode.SYNTAX_ERROR,
                    ReplyCode.SYNTAX_ERROR);
            assertThat(out.get(4)).isEqualTo(new MethodFrame(1, new BasicAck(7, false)));
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    // ---- end of stream -----------------------------------------------------------------------------
    @ParameterizedTest
    @ValueSource(ints = {1, 6, 7, 8, 12})
    void truncatedInputProducesNothingAndLeaksNothing(int length) {
        byte[] frame = bodyFrame(1, ascii("some body bytes"));
        EmbeddedChannel channel = client();
        feed(channel, slice(frame, 0, length));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void truncatedProtocolHeaderProducesNothing() {
        EmbeddedChannel channel = server();
        feed(channel, slice(PROTOCOL_HEADER, 0, 7));
        assertFalse(channel.finish());
    }

    @Test
    void tuneOkThenCloseDecodesEverything() {
        EmbeddedChannel channel = client();
        feed(channel, methodFrame(0, 10, 31, new Bytes().shortInt(2047).longInt(131072).shortInt(60).toArray()));
        assertThat((Object) channel.readInbound())
                .isEqualTo(new MethodFrame(0, new ConnectionTuneOk(2047, 131072, 60)));
        assertFalse(channel.finish());
    }

    // ---- fuzz --------------------------------------------------------------------------------------
    private static final Class<?>[] KNOWN = {ProtocolHeader.class, UnsupportedProtocol.class, MethodFrame.class,
        ContentHeaderFrame.class, ContentBodyFrame.class, HeartbeatFrame.class, ProtocolError.class,
        ContentCommand.class};

    private final byte[][] validFrames = {
        methodFrame(1, 20, 10, new byte[] {0}),
        publishFrame(1, "ex", "rk", false),
        headerFrame(1, 5, new Bytes().shortInt(0x3000).longStr(new Bytes().shortStr("k").octet('t').octet(1)
                .shortStr("a").octet('A').longStr(new Bytes().octet('I').longInt(5).toArray()).toArray())
                .octet(2).toArray()),
        emptyHeaderFrame(1, 3),
        bodyFrame(1, ascii("abcde")),
        heartbeatFrame(),
        ackFrame(1, 99, true),
        methodFrame(1, 50, 10, new Bytes().shortInt(0).shortStr("q").octet(2)
                .longStr(new Bytes().shortStr("x-max-length").octet('l').longLong(10)
                        .shortStr("nested").octet('F').longStr(new Bytes().shortStr("d").octet('D').octet(2)
                                .longInt(314).toArray()).toArray()).toArray()),
    };

    @Test
    void randomInputNeverEscapesThePipelineAndLeaksNothing() {
        Random random = new Random(0x5EED);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = round % 4 == 0 ? randomBytes(random) : mutatedFrames(random);
            boolean assemble = round % 2 == 1;
            EmbeddedChannel channel = assemble
                    ? new EmbeddedChannel(FrameDecoder.forServer(FRAME_MAX), new CommandAssembler(1000))
                    : new EmbeddedChannel(FrameDecoder.forServer(FRAME_MAX));
            feed(channel, PROTOCOL_HEADER);
            int offset = 0;
            while (offset < garbage.length) {
                int chunk = 1 + random.nextInt(garbage.length - offset);
                channel.writeInbound(input(channel, garbage, offset, chunk));
                offset += chunk;
                checkOutput(channel, round);
            }
            channel.checkException();
            channel.finish();
            checkOutput(channel, round);
            channel.checkException();
        }
    }

    private void checkOutput(EmbeddedChannel channel, int round) {
        List<Object> out = inbound(channel);
        try {
            assertThat(out).as("round %d", round)
                    .allSatisfy(msg -> assertThat(msg).isInstanceOfAny(KNOWN));
        } finally {
            release(out);
        }
    }

    private byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 0) {
            bytes[0] = (byte) new int[] {1, 2, 3, 8}[random.nextInt(4)];
        }
        return bytes;
    }

    private byte[] mutatedFrames(Random random) {
        Bytes bytes = new Bytes();
        int count = 1 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            bytes.raw(validFrames[random.nextInt(validFrames.length)]);
        }
        byte[] stream = bytes.toArray();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            int at = random.nextInt(stream.length);
            switch (random.nextInt(3)) {
                case 0 -> stream[at] = (byte) random.nextInt(256);
                case 1 -> stream = Arrays.copyOf(stream, Math.max(1, at));
                default -> {
                    byte[] longer = new byte[stream.length + 1 + random.nextInt(4)];
                    System.arraycopy(stream, 0, longer, 0, at);
                    for (int j = at; j < at + longer.length - stream.length; j++) {
                        longer[j] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(stream, at, longer, at + longer.length - stream.length, stream.length - at);
                    stream = longer;
                }
            }
        }
        return stream;
    }
}
