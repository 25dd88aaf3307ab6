package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written AMQP 0-9-1 client on a plain socket, for what the RabbitMQ Java client will not
 * send: bad tune values, oversize frames, broken frame ends, server-only methods, silence instead
 * of heartbeats. It encodes and decodes frames itself (not with Warren's codec), so the wire format
 * is checked independently. Every read has a timeout.
 */
final class RawAmqpClient implements AutoCloseable {
    static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};
    static final int FRAME_METHOD = 1;
    static final int FRAME_HEADER = 2;
    static final int FRAME_BODY = 3;
    static final int FRAME_HEARTBEAT = 8;
    static final int FRAME_END = 0xCE;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawAmqpClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Connects and runs the whole handshake as guest on "/" with the given tune-ok values. */
    static RawAmqpClient open(int port, int channelMax, int frameMax, int heartbeat) throws IOException {
        return open(port, channelMax, frameMax, heartbeat, Map.of("authentication_failure_close", true));
    }

    /** As {@link #open(int, int, int, int)}, announcing exactly {@code capabilities}. */
    static RawAmqpClient open(int port, int channelMax, int frameMax, int heartbeat, Map<String, Object> capabilities)
            throws IOException {
        RawAmqpClient client = new RawAmqpClient(port);
        try {
            client.sendHeader();
            client.expectMethod(0, 10, 10);
            client.sendStartOk("PLAIN", plain("guest", "guest"), capabilities);
            client.expectMethod(0, 10, 30);
            client.sendTuneOk(channelMax, frameMax, heartbeat);
            client.sendOpen("/");
            client.expectMethod(0, 10, 41);
            return client;
        } catch (IOException | RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    // ---- frames ----------------------------------------------------------------------------------

    /** One frame as read from the wire. */
    record Frame(int type, int channel, byte[] payload) {
        int classId() {
            return type == FRAME_METHOD && payload.length >= 4 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        int methodId() {
            return type == FRAME_METHOD && payload.length >= 4 ? ((payload[2] & 0xff) << 8) | (payload[3] & 0xff) : -1;
        }

        boolean isMethod(int classId, int methodId) {
            return classId() == classId && methodId() == methodId;
        }

        /** The method's arguments, after the class and method ids. */
        DataInputStream arguments() {
            return new DataInputStream(new ByteArrayInputStream(payload, 4, payload.length - 4));
        }

        @Override
        public String toString() {
            return type == FRAME_METHOD ? "method " + classId() + "." + methodId() + " on channel " + channel
                    : "frame type " + type + " on channel " + channel + " (" + payload.length + " bytes)";
        }
    }

    /** The arguments of a connection.close or channel.close. */
    record Close(int replyCode, String replyText, int classId, int methodId) {
        static Close of(Frame frame) {
            try {
                DataInputStream args = frame.arguments();
                return new Close(args.readUnsignedShort(), readShortString(args), args.readUnsignedShort(),
                        args.readUnsignedShort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** connection.tune's three values. */
    record Tune(int channelMax, long frameMax, int heartbeat) {
        static Tune of(Frame frame) {
            try {
                DataInputStream args = frame.arguments();
                return new Tune(args.readUnsignedShort(), args.readInt() & 0xffffffffL, args.readUnsignedShort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void sendHeader() throws IOException {
        write(AMQP_0_9_1);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void sendFrame(int type, int channel, byte[] payload) throws IOException {
        write(frame(type, channel, payload, FRAME_END));
    }

    static byte[] frame(int type, int channel, byte[] payload, int frameEnd) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 8);
        DataOutputStream data = new DataOutputStream(bytes);
        try {
            data.writeByte(type);
            data.writeShort(channel);
            data.writeInt(payload.length);
            data.write(payload);
            data.writeByte(frameEnd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] methodPayload(int classId, int methodId, Args args) {
        return new Args().shortInt(classId).shortInt(methodId).bytes(args.toByteArray()).toByteArray();
    }

    void sendMethod(int channel, int classId, int methodId, Args args) throws IOException {
        sendFrame(FRAME_METHOD, channel, methodPayload(classId, methodId, args));
    }

    void sendHeartbeat() throws IOException {
        sendFrame(FRAME_HEARTBEAT, 0, new byte[0]);
    }

    /** A content header frame payload for class basic with no properties. */
    static byte[] contentHeader(long bodySize) {
        return new Args().shortInt(60).shortInt(0).longLong(bodySize).shortInt(0).toByteArray();
    }

    Frame readFrame() throws IOException {
        int type = in.readUnsignedByte();
        int channel = in.readUnsignedShort();
        int size = in.readInt();
        assertThat(size).as("frame size").isBetween(0, 16 * 1024 * 1024);
        byte[] payload = new byte[size];
        in.readFully(payload);
        assertThat(in.readUnsignedByte()).as("frame end").isEqualTo(FRAME_END);
        return new Frame(type, channel, payload);
    }

    /** The next frame that is not a heartbeat. */
    Frame readNonHeartbeat() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.type() != FRAME_HEARTBEAT) {
                return frame;
            }
        }
    }

    Frame expectMethod(int channel, int classId, int methodId) throws IOException {
        Frame frame = readNonHeartbeat();
        assertThat(frame.toString()).isEqualTo("method " + classId + "." + methodId + " on channel " + channel);
        return frame;
    }

    /** Expects connection.close from the server, answers close-ok, and returns its arguments. */
    Close expectConnectionClose() throws IOException {
        Frame frame = expectMethod(0, 10, 50);
        try {
            sendMethod(0, 10, 51, new Args());
        } catch (IOException e) {
            // The server may already have dropped the socket.
        }
        return Close.of(frame);
    }

    /**
     * Reads until the server closes the socket, within {@code timeoutMillis}; returns the frames
     * that came before the end. Fails if the socket is still open at the deadline.
     */
    List<Frame> readUntilClosed(long timeoutMillis) throws IOException {
        List<Frame> frames = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("socket still open after " + timeoutMillis + " ms; frames: " + frames);
                }
                socket.setSoTimeout((int) left);
                frames.add(readFrame());
            }
        } catch (EOFException | SocketException e) {
            return frames; // closed (or reset) by the server
        } catch (SocketTimeoutException e) {
            throw new AssertionError("socket still open after " + timeoutMillis + " ms; frames: " + frames, e);
        }
    }

    /** Reads raw bytes until the server closes the socket (bounded by the socket timeout). */
    byte[] readAllBytes() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] chunk = new byte[256];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all.write(chunk, 0, n);
            }
        } catch (SocketException e) {
            // reset after the close: what was read is what counts
        }
        return all.toByteArray();
    }

    void setTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to release beyond the socket
        }
    }

    // ---- handshake methods -------------------------------------------------------------------

    static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    void sendStartOk(String mechanism, byte[] response, boolean authenticationFailureClose) throws IOException {
        sendStartOk(mechanism, response, authenticationFailureClose
                ? Map.of("authentication_failure_close", true) : Map.of());
    }

    void sendStartOk(String mechanism, byte[] response, Map<String, Object> capabilities) throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("product", "warren raw test client");
        properties.put("capabilities", capabilities);
        sendMethod(0, 10, 11, new Args().table(properties).shortString(mechanism).longString(response)
                .shortString("en_US"));
    }

    void sendTuneOk(int channelMax, long frameMax, int heartbeat) throws IOException {
        sendMethod(0, 10, 31, new Args().shortInt(channelMax).longInt(frameMax).shortInt(heartbeat));
    }

    void sendOpen(String vhost) throws IOException {
        sendMethod(0, 10, 40, new Args().shortString(vhost).shortString("").octet(0));
    }

    void openChannel(int channel) throws IOException {
        sendMethod(channel, 20, 10, new Args().shortString(""));
        expectMethod(channel, 20, 11);
    }

    // ---- argument encoding -------------------------------------------------------------------

    /** Builds method arguments in AMQP's encoding. */
    static final class Args {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Args octet(int value) {
            return run(() -> data.writeByte(value));
        }

        Args shortInt(int value) {
            return run(() -> data.writeShort(value));
        }

        Args longInt(long value) {
            return run(() -> data.writeInt((int) value));
        }

        Args longLong(long value) {
            return run(() -> data.writeLong(value));
        }

        Args shortString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            return run(() -> {
                data.writeByte(utf8.length);
                data.write(utf8);
            });
        }

        Args longString(byte[] value) {
            return run(() -> {
                data.writeInt(value.length);
                data.write(value);
            });
        }

        Args bytes(byte[] value) {
            return run(() -> data.write(value));
        }

        /** A field table of strings, booleans, ints and nested tables. */
        Args table(Map<String, Object> table) {
            Args content = new Args();
            for (Map.Entry<String, Object> entry : table.entrySet()) {
                content.shortString(entry.getKey());
                Object value = entry.getValue();
                if (value instanceof String s) {
                    content.octet('S').longString(s.getBytes(StandardCharsets.UTF_8));
                } else if (value instanceof Boolean b) {
                    content.octet('t').octet(b ? 1 : 0);
                } else if (value instanceof Integer i) {
                    content.octet('I').longInt(i);
                } else if (value instanceof Map<?, ?> nested) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) nested;
                    content.octet('F').table(typed);
                } else {
                    throw new IllegalArgumentException("unsupported table value " + value);
                }
            }
            return longString(content.toByteArray());
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }

        private Args run(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private interface IoAction {
            void run() throws IOException;
        }
    }

    static String readShortString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedByte()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
