package dev.tripline.event;

import java.security.SecureRandom;
import tools.jackson.databind.JsonNode;

/**
 * 128 bits standing for a string key (an event key, a host id) in tables that must answer for millions of keys without
 * keeping the strings: two independent 64-bit hashes, seeded at random per process, so that nobody can aim two keys at
 * the same fingerprint. Two different keys agree on all 128 bits with a chance of about 2^-128 per pair: one in 10^20
 * over a trillion keys against a table of a million. Never (0, 0), which tables use for an empty entry.
 */
public record KeyFingerprint(long first, long second) {

    private static final long[] SEEDS = seeds();

    public static KeyFingerprint of(String key) {
        long a = first(key);
        long b = second(key);
        return new KeyFingerprint(a, a == 0 && b == 0 ? 1 : b);
    }

    /**
     * The fingerprint of a key field's value as the engine reads it: a string, or the one element of an array that
     * holds exactly one; a number or boolean by its text; no value, {@code null} or a container as the empty string.
     */
    public static KeyFingerprint ofValue(JsonNode value) {
        return of(keyText(value));
    }

    private static String keyText(JsonNode value) {
        if (value == null) {
            return "";
        }
        JsonNode node = value.isArray() && value.size() == 1 ? value.get(0) : value;
        if (node.isString()) {
            return node.stringValue();
        }
        return node.isNull() || node.isContainer() ? "" : node.asString();
    }

    /*
     * Four characters a step, one multiply per lane: a host id or event id is hashed for every event, and a multiply
     * per character made that a visible share of the engine's time. The two lanes use different operations and
     * seeds, so they are independent; the finaliser spreads every input bit over the whole word.
     */

    private static long first(String key) {
        long a = SEEDS[0];
        int n = key.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            a = Long.rotateLeft((a ^ word(key, i)) * 0x100000001b3L, 31);
        }
        if (i < n) {
            a = (a ^ tail(key, i, n)) * 0x100000001b3L;
        }
        return mix(a ^ n ^ SEEDS[2]);
    }

    private static long second(String key) {
        long b = SEEDS[1];
        int n = key.length();
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            b = Long.rotateLeft(b + word(key, i), 23) * 0x9E3779B97F4A7C15L;
        }
        if (i < n) {
            b = Long.rotateLeft(b + tail(key, i, n), 23) * 0x9E3779B97F4A7C15L;
        }
        return mix(b + n + SEEDS[3]);
    }

    private static long word(String key, int i) {
        return key.charAt(i) | (long) key.charAt(i + 1) << 16 | (long) key.charAt(i + 2) << 32
                | (long) key.charAt(i + 3) << 48;
    }

    private static long tail(String key, int i, int n) {
        long w = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            w |= (long) key.charAt(i) << shift;
        }
        // a marker above the last character, so that a tail of zero characters differs from no tail
        return w | 1L << 63;
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit (for combining fingerprints too). */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long[] seeds() {
        SecureRandom random = new SecureRandom();
        return new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
    }
}
