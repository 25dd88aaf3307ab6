package io.warren.store;

/**
 * Where a record lives in the message log, packed into one {@code long}: the segment number in the
 * high 32 bits and the byte offset inside the segment in the low 32. Locations grow with log order,
 * so sorting by location is sorting by the order records were appended; bit 63 is never set, which
 * leaves callers a flag bit (recovery uses it for "delivered").
 */
public final class Locations {
    /** No location: the message was never written. */
    public static final long NONE = -1;

    private Locations() {
    }

    static long of(int segment, int offset) {
        return ((long) segment << 32) | (offset & 0xFFFFFFFFL);
    }

    public static int segment(long location) {
        return (int) (location >>> 32);
    }

    public static int offset(long location) {
        return (int) location;
    }

    public static String toString(long location) {
        return location == NONE ? "none" : segment(location) + ":" + offset(location);
    }
}
