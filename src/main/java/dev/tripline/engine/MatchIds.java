package dev.tripline.engine;

import dev.tripline.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Match ids: a UUID of version 8 (RFC 9562, custom) whose 122 free bits are the first bits of
 * SHA-256(rule id, event key, event key, ...), each part length-prefixed so that no two different inputs hash the
 * same byte stream. An event's key is its {@code event.id}, else a hash of its canonical form ({@link Event#key()}).
 */
public final class MatchIds {

    /** never updated, only cloned: a clone is cheaper than looking the algorithm up among the providers again */
    private static final MessageDigest PROTOTYPE = sha256();

    private MatchIds() {
    }

    public static String of(String ruleId, List<Event> events) {
        MessageDigest digest = fresh();
        update(digest, ruleId);
        for (Event event : events) {
            update(digest, event.key());
        }
        byte[] hash = digest.digest();
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        msb = (msb & ~0xF000L) | 0x8000L; // version 8
        lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // variant 10
        return new UUID(msb, lsb).toString();
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest fresh() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
