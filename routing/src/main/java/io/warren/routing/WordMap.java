package io.warren.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A hash map from words to values that readers can query with a slice of a longer string, for the
 * children of a {@link TopicTrie} node. One writer at a time (the caller's lock); any number of
 * lock-free readers.
 */
final class WordMap<V> {
    /*
     * Design: a publish looks up each word of its routing key in place — get(key, from, to) — so it
     * never cuts the key into Strings; ConcurrentHashMap can only look up a whole String. Buckets are
     * immutable chains: a writer copies the part of the one chain it changes and publishes it with a
     * release write (a resize publishes a whole new table through the volatile field), and a reader
     * sees each bucket before or after a change, never in between. Hashes are String.hashCode's, so
     * a slice hashes like the word it spells.
     */
    private static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(Entry[].class);

    private static final class Entry {
        final String word;
        final int hash;
        final Object value;
        final Entry next;

        Entry(String word, int hash, Object value, Entry next) {
            this.word = word;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private volatile Entry[] buckets = new Entry[4];
    private int size;

    /** The value for the word {@code text[from, to)}, or null. Lock-free; does not allocate. */
    @SuppressWarnings("unchecked")
    V get(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        Entry[] table = buckets;
        Entry entry = (Entry) BUCKETS.getAcquire(table, indexFor(hash, table.length));
        int length = to - from;
        for (; entry != null; entry = entry.next) {
            if (entry.hash == hash && entry.word.length() == length && entry.word.regionMatches(0, text, from, length)) {
                return (V) entry.value;
            }
        }
        return null;
    }

    V get(String word) {
        return get(word, 0, word.length());
    }

    /** Maps {@code word} to {@code value}, replacing any earlier value. Writers only. */
    void put(String word, V value) {
        remove(word);
        if (size + 1 > buckets.length * 3 / 4) {
            resize();
        }
        Entry[] table = buckets;
        int hash = word.hashCode();
        int index = indexFor(hash, table.length);
        BUCKETS.setRelease(table, index, new Entry(word, hash, value, table[index]));
        size++;
    }

    /** Removes {@code word}; returns its value, or null. Writers only. */
    @SuppressWarnings("unchecked")
    V remove(String word) {
        Entry[] table = buckets;
        int hash = word.hashCode();
        int index = indexFor(hash, table.length);
        Entry head = table[index];
        Entry found = head;
        while (found != null && !(found.hash == hash && found.word.equals(word))) {
            found = found.next;
        }
        if (found == null) {
            return null;
        }
        // Copy the entries before the one removed; share the rest of the chain.
        Entry rebuilt = found.next;
        for (Entry e = head; e != found; e = e.next) {
            rebuilt = new Entry(e.word, e.hash, e.value, rebuilt);
        }
        BUCKETS.setRelease(table, index, rebuilt);
        size--;
        return (V) found.value;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void resize() {
        Entry[] old = buckets;
        Entry[] table = new Entry[old.length * 2];
        for (Entry head : old) {
            for (Entry e = head; e != null; e = e.next) {
                int index = indexFor(e.hash, table.length);
                table[index] = new Entry(e.word, e.hash, e.value, table[index]);
            }
        }
        buckets = table;
    }

    private static int indexFor(int hash, int length) {
        return (hash ^ (hash >>> 16)) & (length - 1);
    }
}
