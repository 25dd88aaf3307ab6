package io.warren.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.frame.CommandAssembler;
import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.frame.FrameDecoder;
import io.warren.amqp.frame.FrameEncoder;
import io.warren.amqp.frame.FrameWriter;
import io.warren.amqp.method.BasicDeliver;
import io.warren.amqp.method.BasicPublish;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec's cost per message on the two hot paths: reading a publish (method + content header +
 * body frame, through {@link FrameDecoder} and {@link CommandAssembler}) and writing a delivery
 * (through {@link FrameEncoder}). The pipeline runs in an {@link EmbeddedChannel}, so the figures
 * include Netty's handler dispatch, as on a real connection, but no socket.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CodecBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class CodecBenchmark {
    @Param({"12", "1024"})
    public int bodySize;

    private EmbeddedChannel inbound;
    private EmbeddedChannel outbound;
    private ByteBuf publishBytes;
    private ContentCommand delivery;
    private long deliveryTag;

    @Setup(Level.Trial)
    public void setUp() {
        BasicProperties properties = BasicProperties.builder()
                .contentType("application/octet-stream").deliveryMode(1).priority(0)
                .messageId("msg-000001").timestamp(Instant.ofEpochSecond(1_763_700_000L)).build();
        ContentHeader header = ContentHeader.of(properties, bodySize);

        publishBytes = PooledByteBufAllocator.DEFAULT.directBuffer();
        FrameWriter.writeMethodFrame(publishBytes, 1, new BasicPublish("amq.direct", "orders.created", false, false));
        FrameWriter.writeContentHeaderFrame(publishBytes, 1, header);
        FrameWriter.writeBodyFrameHeader(publishBytes, 1, bodySize);
        publishBytes.writeZero(bodySize);
        FrameWriter.writeFrameEnd(publishBytes);

        inbound = new EmbeddedChannel(FrameDecoder.forClient(131072), new CommandAssembler());
        outbound = new EmbeddedChannel(FrameEncoder.INSTANCE);

        ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer(bodySize).writeZero(bodySize);
        delivery = new ContentCommand(1, new BasicDeliver("amq.ctag-benchmark", 1, false, "amq.direct",
                "orders.created"), header, body);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        publishBytes.release();
        delivery.release();
        inbound.finishAndReleaseAll();
        outbound.finishAndReleaseAll();
    }

    /** Socket bytes of one publish in, one assembled {@link ContentCommand} out. */
    @Benchmark
    public Object decodePublish() {
        inbound.writeInbound(publishBytes.retainedDuplicate());
        Object command = inbound.readInbound();
        ReferenceCountUtil.release(command);
        return command;
    }

    /** One delivery out: basic.deliver + the publisher's header bytes + body, as wire buffers. */
    @Benchmark
    public int encodeDelivery() {
        ContentCommand next = new ContentCommand(1, new BasicDeliver("amq.ctag-benchmark", ++deliveryTag, false,
                "amq.direct", "orders.created"), delivery.header(), delivery.body().retainedDuplicate());
        outbound.writeOutbound(next);
        int bytes = 0;
        ByteBuf buf;
        while ((buf = outbound.readOutbound()) != null) {
            bytes += buf.readableBytes();
            buf.release();
        }
        return bytes;
    }
}
