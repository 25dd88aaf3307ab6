package io.warren.amqp.frame;

import static io.warren.amqp.frame.FrameTesting.ackFrame;
import static io.warren.amqp.frame.FrameTesting.ascii;
import static io.warren.amqp.frame.FrameTesting.bodyFrame;
import static io.warren.amqp.frame.FrameTesting.concat;
import static io.warren.amqp.frame.FrameTesting.emptyHeaderFrame;
import static io.warren.amqp.frame.FrameTesting.feed;
import static io.warren.amqp.frame.FrameTesting.headerFrame;
import static io.warren.amqp.frame.FrameTesting.heartbeatFrame;
import static io.warren.amqp.frame.FrameTesting.inbound;
import static io.warren.amqp.frame.FrameTesting.input;
import static io.warren.amqp.frame.FrameTesting.methodFrame;
import static io.warren.amqp.frame.FrameTesting.publishFrame;
import static io.warren.amqp.frame.FrameTesting.release;
import static io.warren.amqp.frame.FrameTesting.slice;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.frame.FrameTesting.Bytes;
import io.warren.amqp.method.BasicAck;
import io.warren.amqp.method.BasicPublish;
import io.warren.amqp.method.ChannelOpen;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommandAssemblerTest {
    private static final int FRAME_MAX = 4096;
    private static final BasicPublish PUBLISH = new BasicPublish("ex", "rk", false, false);

    private static EmbeddedChannel pipeline() {
        return pipeline(new CommandAssembler());
    }

    private static EmbeddedChannel pipeline(CommandAssembler assembler) {
        return new EmbeddedChannel(FrameDecoder.forClient(FRAME_MAX), assembler);
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Feeds {@code bytes} and returns the one message that must come out. */
    private static Object assembleOne(EmbeddedChannel channel, byte[] bytes) {
        feed(channel, bytes);
        List<Object> out = inbound(channel);
        if (out.size() != 1) {
            release(out);
            throw new AssertionError("expected one message, got " + out);
        }
        return out.get(0);
    }

    private static ContentCommand command(EmbeddedChannel channel, byte[] bytes) {
        Object msg = assembleOne(channel, bytes);
        if (!(msg instanceof ContentCommand command)) {
            ReferenceCountUtil.release(msg);
            throw new AssertionError("expected a ContentCommand, got " + msg);
        }
        return command;
    }

    private static ProtocolError error(EmbeddedChannel channel, byte[] bytes) {
        Object msg = assembleOne(channel, bytes);
        assertThat(msg).isInstanceOf(ProtocolError.class);
        return (ProtocolError) msg;
    }

    /** After an error the channel must take a whole new command. */
    private static void assertChannelStartsAFreshCommand(EmbeddedChannel channel, int ch) {
        ContentCommand command = command(channel, concat(publishFrame(ch, "ex", "rk", false),
                emptyHeaderFrame(ch, 3), bodyFrame(ch, ascii("abc"))));
        try {
            assertThat(command.channel()).isEqualTo(ch);
            assertThat(command.body().toString(US_ASCII)).isEqualTo("abc");
        } finally {
            command.release();
        }
    }

    // ---- complete commands ----------------------------------------------------------------------

    @Test
    void publishHeaderAndOneBodyFrameMakeOneCommandWithoutCopying() {
        EmbeddedChannel channel = pipeline();
        byte[] body = random(1000, 1);
        byte[] bytes = concat(publishFrame(1, "ex", "rk", true),
                headerFrame(1, body.length, new Bytes().shortInt(0x8000).shortStr("application/octet-stream")
                        .toArray()),
                bodyFrame(1, body));
        ByteBuf read = input(channel, bytes);
        read.retain(); // to write into the read buffer once the command is out
        try {
            channel.writeInbound(read);
            List<Object> out = inbound(channel);
            try {
                assertThat(out).hasSize(1);
                ContentCommand command = (ContentCommand) out.get(0);
                assertThat(command.channel()).isEqualTo(1);
                assertThat(command.method()).isEqualTo(new BasicPublish("ex", "rk", true, false));
                assertThat(command.header().properties())
                        .isEqualTo(BasicProperties.builder().contentType("application/octet-stream").build());
                assertThat(command.header().bodySize()).isEqualTo(body.length);
                assertThat(ByteBufUtil.getBytes(command.body())).isEqualTo(body);

                int bodyOffset = bytes.length - 1 - body.length;
                read.setByte(bodyOffset, ~body[0]);
                assertThat(command.body().getByte(command.body().readerIndex()))
                        .as("the body shares the read buffer's memory").isEqualTo((byte) ~body[0]);
            } finally {
                release(out);
            }
        } finally {
            read.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void bodyInSeveralFramesBecomesACompositeOfTheirSlices() {
        EmbeddedChannel channel = pipeline();
        byte[] body = random(10_000, 2);
        int frames = 7;
        Bytes bytes = new Bytes().raw(publishFrame(3, "", "q", false)).raw(emptyHeaderFrame(3, body.length));
        int[] offsets = new int[frames];
        int at = 0;
        for (int i = 0; i < frames; i++) {
            int end = i == frames - 1 ? body.length : (i + 1) * 1400;
            offsets[i] = bytes.size() + 7;
            bytes.raw(bodyFrame(3, slice(body, at, end)));
            at = end;
        }
        byte[] wire = bytes.toArray();
        ByteBuf read = input(channel, wire);
        read.retain();
        try {
            channel.writeInbound(read);
            List<Object> out = inbound(channel);
            try {
                assertThat(out).hasSize(1);
                ContentCommand command = (ContentCommand) out.get(0);
                assertThat(command.body()).isInstanceOf(CompositeByteBuf.class);
                assertThat(((CompositeByteBuf) command.body()).numComponents()).isEqualTo(frames);
                assertThat(ByteBufUtil.getBytes(command.body())).isEqualTo(body);
                for (int i = 0; i < frames; i++) {
                    read.setByte(offsets[i], 0x5A);
                    assertThat(command.body().getByte(i * 1400)).as("fragment %d is not a copy", i)
                            .isEqualTo((byte) 0x5A);
                }
            } finally {
                release(out);
            }
        } finally {
            read.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void bodyFramesFedOneByteAtATimeStillAssemble() {
        EmbeddedChannel channel = pipeline();
        byte[] body = random(5000, 3);
        byte[] wire = concat(publishFrame(1, "", "q", false), emptyHeaderFrame(1, body.length),
                bodyFrame(1, slice(body, 0, 4000)), bodyFrame(1, slice(body, 4000, 5000)));
        for (int i = 0; i < wire.length; i++) {
            channel.writeInbound(input(channel, wire, i, 1));
        }
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(1);
            assertThat(ByteBufUtil.getBytes(((ContentCommand) out.get(0)).body())).isEqualTo(body);
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    @Test
    void emptyBodyCompletesAtTheHeader() {
        EmbeddedChannel channel = pipeline();
        ContentCommand command = command(channel, concat(publishFrame(1, "ex", "rk", false), emptyHeaderFrame(1, 0)));
        try {
            assertThat(command.method()).isEqualTo(PUBLISH);
            assertThat(command.body().readableBytes()).isZero();
            assertThat(command.header().bodySize()).isZero();
        } finally {
            command.release();
        }
        // The next frame starts a new command: an ack passes straight through.
        assertThat(assembleOne(channel, ackFrame(1, 5, false))).isEqualTo(new MethodFrame(1, new BasicAck(5, false)));
        assertFalse(channel.finish());
    }

    @Test
    void methodsWithoutContentHeartbeatsAndErrorsPassThrough() {
        EmbeddedChannel channel = pipeline();
        feed(channel, concat(methodFrame(1, 20, 10, new byte[] {0}), heartbeatFrame(), ackFrame(2, 9, true),
                methodFrame(1, 99, 1, new byte[0])));
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(4);
            assertThat(out.get(0)).isEqualTo(new MethodFrame(1, new ChannelOpen()));
            assertThat(out.get(1)).isSameAs(HeartbeatFrame.INSTANCE);
            assertThat(out.get(2)).isEqualTo(new MethodFrame(2, new BasicAck(9, true)));
            assertThat(out.get(3)).isInstanceOf(ProtocolError.class);
            assertThat(((ProtocolError) out.get(3)).replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    @Test
    void heartbeatInTheMiddleOfAContentDoesNotDisturbIt() {
        EmbeddedChannel channel = pipeline();
        feed(channel, concat(publishFrame(1, "ex", "rk", false), heartbeatFrame(), emptyHeaderFrame(1, 4),
                heartbeatFrame(), bodyFrame(1, ascii("ab")), bodyFrame(1, ascii("cd"))));
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).isSameAs(HeartbeatFrame.INSTANCE);
            assertThat(out.get(1)).isSameAs(HeartbeatFrame.INSTANCE);
            assertThat(((ContentCommand) out.get(2)).body().toString(US_ASCII))
                    .isEqualTo("abcd");
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    @Test
    void interleavedChannelsBothComplete() {
        EmbeddedChannel channel = pipeline();
        feed(channel, concat(
                publishFrame(1, "ex1", "rk1", false),
                publishFrame(2, "ex2", "rk2", true),
                emptyHeaderFrame(2, 6),
                emptyHeaderFrame(1, 5),
                bodyFrame(1, ascii("he")),
                bodyFrame(2, ascii("wor")),
                ackFrame(3, 1, false),
                bodyFrame(1, ascii("llo")),
                bodyFrame(2, ascii("ld!"))));
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).isEqualTo(new MethodFrame(3, new BasicAck(1, false)));
            ContentCommand first = (ContentCommand) out.get(1);
            ContentCommand second = (ContentCommand) out.get(2);
            assertThat(first.channel()).isEqualTo(1);
            assertThat(first.method()).isEqualTo(new BasicPublish("ex1", "rk1", false, false));
            assertThat(first.body().toString(US_ASCII)).isEqualTo("hello");
            assertThat(second.channel()).isEqualTo(2);
            assertThat(second.method()).isEqualTo(new BasicPublish("ex2", "rk2", true, false));
            assertThat(second.body().toString(US_ASCII)).isEqualTo("world!");
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    // ---- errors, with RabbitMQ's texts --------------------------------------------------------------

    @Test
    void headerWithoutAMethod() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, emptyHeaderFrame(4, 3));
        assertError(error, ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead", 4, 0, 0);
        assertChannelStartsAFreshCommand(channel, 4);
        assertFalse(channel.finish());
    }

    @Test
    void bodyWithoutAMethod() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, bodyFrame(4, ascii("stray")));
        assertError(error, ReplyCode.UNEXPECTED_FRAME, "expected method frame, got non method frame instead", 4, 0, 0);
        assertChannelStartsAFreshCommand(channel, 4);
        assertFalse(channel.finish());
    }

    @Test
    void methodWhereAHeaderWasExpected() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, concat(publishFrame(5, "ex", "rk", false), ackFrame(5, 1, false)));
        assertError(error, ReplyCode.UNEXPECTED_FRAME,
                "expected content header for class 60, got non content header frame instead", 5, 60, 40);
        assertChannelStartsAFreshCommand(channel, 5);
        assertFalse(channel.finish());
    }

    @Test
    void bodyWhereAHeaderWasExpected() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, concat(publishFrame(5, "ex", "rk", false), bodyFrame(5, ascii("x"))));
        assertError(error, ReplyCode.UNEXPECTED_FRAME,
                "expected content header for class 60, got non content header frame instead", 5, 60, 40);
        assertChannelStartsAFreshCommand(channel, 5);
        assertFalse(channel.finish());
    }

    @Test
    void methodWhereABodyWasExpectedReleasesThePartialBody() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, concat(publishFrame(6, "ex", "rk", false), emptyHeaderFrame(6, 10),
                bodyFrame(6, ascii("half")), bodyFrame(6, ascii("more")), ackFrame(6, 1, false)));
        assertError(error, ReplyCode.UNEXPECTED_FRAME, "expected content body, got non content body frame instead",
                6, 60, 40);
        assertChannelStartsAFreshCommand(channel, 6);
        assertFalse(channel.finish());
    }

    @Test
    void secondHeaderWhereABodyWasExpected() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, concat(publishFrame(6, "ex", "rk", false), emptyHeaderFrame(6, 10),
                emptyHeaderFrame(6, 10)));
        assertError(error, ReplyCode.UNEXPECTED_FRAME, "expected content body, got non content body frame instead",
                6, 60, 40);
        assertChannelStartsAFreshCommand(channel, 6);
        assertFalse(channel.finish());
    }

    @Test
    void bodyLongerThanAnnounced() {
        EmbeddedChannel channel = pipeline();
        ProtocolError error = error(channel, concat(publishFrame(7, "ex", "rk", false), emptyHeaderFrame(7, 5),
                bodyFrame(7, ascii("abc")), bodyFrame(7, ascii("defg"))));
        assertError(error, ReplyCode.FRAME_ERROR, "content body frame exceeds remaining content size", 7, 60, 40);
        assertChannelStartsAFreshCommand(channel, 7);
        assertFalse(channel.finish());
    }

    @Test
    void bodyLargerThanTheAssemblersMaximum() {
        EmbeddedChannel channel = pipeline(new CommandAssembler(1000));
        ProtocolError error = error(channel, concat(publishFrame(8, "ex", "rk", false), emptyHeaderFrame(8, 1001)));
        assertError(error, ReplyCode.FRAME_ERROR, "content body size 1001 exceeds maximum allowed size 1000",
                8, 60, 40);
        assertThat(error.inputDiscarded()).isFalse();
        assertChannelStartsAFreshCommand(channel, 8);

        // Exactly the maximum is fine.
        ContentCommand command = command(channel, concat(publishFrame(8, "ex", "rk", false),
                emptyHeaderFrame(8, 1000), bodyFrame(8, new byte[1000])));
        command.release();
        assertFalse(channel.finish());
    }

    @Test
    void errorOnOneChannelLeavesAnotherChannelsContentAlone() {
        EmbeddedChannel channel = pipeline();
        feed(channel, concat(publishFrame(1, "ex", "rk", false), emptyHeaderFrame(1, 4), bodyFrame(1, ascii("ab")),
                bodyFrame(2, ascii("stray")), bodyFrame(1, ascii("cd"))));
        List<Object> out = inbound(channel);
        try {
            assertThat(out).hasSize(2);
            assertThat(((ProtocolError) out.get(0)).channel()).isEqualTo(2);
            assertThat(((ContentCommand) out.get(1)).body().toString(US_ASCII))
                    .isEqualTo("abcd");
        } finally {
            release(out);
        }
        assertFalse(channel.finish());
    }

    private static void assertError(ProtocolError error, ReplyCode code, String detail, int channel, int classId,
                                    int methodId) {
        assertThat(error.replyCode()).isEqualTo(code);
        assertThat(error.detail()).isEqualTo(detail);
        assertThat(error.replyText()).isEqualTo(code.name() + " - " + detail);
        assertThat(error.channel()).isEqualTo(channel);
        assertThat(error.classId()).isEqualTo(classId);
        assertThat(error.methodId()).isEqualTo(methodId);
    }

    // ---- releasing partial bodies --------------------------------------------------------------------

    /** Drives only the assembler with hand-made frames, so the test holds the body fragments itself. */
    private static final class Direct {
        final CommandAssembler assembler = new CommandAssembler();
        final EmbeddedChannel channel = new EmbeddedChannel(assembler);

        ByteBuf startContent(int ch, int bodySize, String firstFragment) {
            channel.writeInbound(new MethodFrame(ch, PUBLISH));
            channel.writeInbound(new ContentHeaderFrame(ch, ContentHeader.of(BasicProperties.EMPTY, bodySize)));
            ByteBuf fragment = channel.alloc().buffer().writeBytes(ascii(firstFragment));
            channel.writeInbound(new ContentBodyFrame(ch, fragment));
            return fragment;
        }
    }

    @Test
    void resetChannelReleasesThePartialBody() {
        Direct direct = new Direct();
        ByteBuf first = direct.startContent(1, 10, "abc");
        ByteBuf second = direct.channel.alloc().buffer().writeBytes(ascii("def"));
        direct.channel.writeInbound(new ContentBodyFrame(1, second));
        ByteBuf other = direct.startContent(2, 10, "xyz");
        assertThat((Object) direct.channel.readInbound()).isNull();
        assertThat(direct.assembler.pendingChannels()).isEqualTo(2);
        assertThat(first.refCnt()).isPositive();

        direct.assembler.resetChannel(1);
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(other.refCnt()).as("another channel's body is kept").isEqualTo(1);
        assertThat(direct.assembler.pendingChannels()).isEqualTo(1);

        direct.assembler.resetChannel(1); // nothing pending: harmless
        direct.assembler.resetChannel(3);

        // Channel 1 takes a fresh command.
        direct.channel.writeInbound(new MethodFrame(1, PUBLISH));
        direct.channel.writeInbound(new ContentHeaderFrame(1, ContentHeader.of(BasicProperties.EMPTY, 0)));
        ContentCommand command = direct.channel.readInbound();
        assertThat(command.channel()).isEqualTo(1);
        command.release();

        assertFalse(direct.channel.finish());
        assertThat(other.refCnt()).as("channelInactive releases the rest").isZero();
    }

    @Test
    void channelInactiveReleasesEveryPartialBody() {
        Direct direct = new Direct();
        ByteBuf first = direct.startContent(1, 10, "abc");
        ByteBuf second = direct.startContent(2, 10, "def");
        ByteBuf third = direct.channel.alloc().buffer().writeBytes(ascii("ghi"));
        direct.channel.writeInbound(new ContentBodyFrame(2, third));
        assertThat(second.refCnt()).isEqualTo(1);

        assertFalse(direct.channel.finish());
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(third.refCnt()).isZero();
        assertThat(direct.assembler.pendingChannels()).isZero();
    }

    @Test
    void removingTheAssemblerReleasesPartialBodies() {
        Direct direct = new Direct();
        ByteBuf first = direct.startContent(1, 10, "abc");
        direct.channel.pipeline().remove(direct.assembler);
        assertThat(first.refCnt()).isZero();
        assertFalse(direct.channel.finish());
    }

    @Test
    void errorReleasesTheRejectedFragmentAndThePartialBody() {
        Direct direct = new Direct();
        ByteBuf first = direct.startContent(1, 5, "abc");
        ByteBuf tooLong = direct.channel.alloc().buffer().writeBytes(ascii("defg"));
        direct.channel.writeInbound(new ContentBodyFrame(1, tooLong));
        ProtocolError error = direct.channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
        assertThat(first.refCnt()).isZero();
        assertThat(tooLong.refCnt()).isZero();

        ByteBuf stray = direct.channel.alloc().buffer().writeBytes(ascii("stray"));
        direct.channel.writeInbound(new ContentBodyFrame(9, stray));
        error = direct.channel.readInbound();
        assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
        assertThat(stray.refCnt()).isZero();
        assertFalse(direct.channel.finish());
    }

    @Test
    void truncatedContentAtEndOfStreamLeaksNothing() {
        EmbeddedChannel channel = pipeline();
        feed(channel, concat(publishFrame(1, "ex", "rk", false), emptyHeaderFrame(1, 100),
                bodyFrame(1, new byte[40]), slice(bodyFrame(1, new byte[60]), 0, 20)));
        assertThat((Object) channel.readInbound()).isNull();
        assertFalse(channel.finish());
    }
}
