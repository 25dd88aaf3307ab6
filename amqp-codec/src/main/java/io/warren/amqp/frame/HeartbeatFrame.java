package io.warren.amqp.frame;

/** A heartbeat. It has no payload and always travels on channel 0, so one instance serves all. */
public final class HeartbeatFrame implements Frame {
    public static final HeartbeatFrame INSTANCE = new HeartbeatFrame();

    private HeartbeatFrame() {
    }

    @Override
    public int channel() {
        return 0;
    }

    @Override
    public String toString() {
        return "HeartbeatFrame";
    }
}
