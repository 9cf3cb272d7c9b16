package dev.tripline.event;

import java.security.SecureRandom;

/**
 * 128 bits standing for a string key (an event key, a host id) in tables that must answer for millions of keys without
 * keeping the strings: two independent 64-bit hashes, seeded at random per process, so that nobody can aim two keys at
 * the same fingerprint. Two different keys agree on all 128 bits with a chance of about 2^-128 per pair: one in 10^20
 * over a trillion keys against a table of a million. Never (0, 0), which tables use for an empty entry.
 */
public record KeyFingerprint(long first, long second) {

    private static final long[] SEEDS = seeds();

    public static KeyFingerprint of(String key) {
        long a = SEEDS[0];
        long b = SEEDS[1];
        for (int i = 0, n = key.length(); i < n; i++) {
            char c = key.charAt(i);
            a = (a ^ c) * 0x100000001b3L;
            b = Long.rotateLeft(b + c, 23) * 0x9E3779B97F4A7C15L;
        }
        a = mix(a ^ key.length() ^ SEEDS[2]);
        b = mix(b + key.length() + SEEDS[3]);
        if (a == 0 && b == 0) {
            b = 1;
        }
        return new KeyFingerprint(a, b);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long mix(long h) {
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
