package io.warren.routing;

import java.util.Arrays;

/**
 * Immutable destination arrays, replaced whole by writers and read without locks by routes. Each
 * holds a destination at most once, so a slot hands it to the sink once however many bindings put
 * it there.
 */
final class CopyOnWrite {
    static final Object[] EMPTY = new Object[0];

    private CopyOnWrite() {
    }

    /** {@code array} plus {@code element}, or {@code array} itself if it already holds it. */
    static Object[] with(Object[] array, Object element) {
        if (indexOf(array, element) >= 0) {
            return array;
        }
        Object[] copy = Arrays.copyOf(array, array.length + 1);
        copy[array.length] = element;
        return copy;
    }

    /** {@code array} less {@code element}, or {@code array} itself if it does not hold it. */
    static Object[] without(Object[] array, Object element) {
        int index = indexOf(array, element);
        if (index < 0) {
            return array;
        }
        if (array.length == 1) {
            return EMPTY;
        }
        Object[] copy = new Object[array.length - 1];
        System.arraycopy(array, 0, copy, 0, index);
        System.arraycopy(array, index + 1, copy, index, array.length - index - 1);
        return copy;
    }

    private static int indexOf(Object[] array, Object element) {
        for (int i = 0; i < array.length; i++) {
            if (array[i].equals(element)) {
                return i;
            }
        }
        return -1;
    }
}
