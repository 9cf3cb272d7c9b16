package dev.tripline.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of the alert list ended: the last alert's feed position and id, and the fingerprint of the query it
 * belongs to. Clients see it as an opaque base64url token.
 */
record AlertCursor(long position, UUID id, String fingerprint) {

    private static final String VERSION = "a1";

    String encode() {
        String plain = VERSION + "." + position + "." + id + "." + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token is not one that {@link #encode} wrote */
    static AlertCursor decode(String token) {
        if (token.length() > 200) {
            throw new IllegalArgumentException("cursor too long");
        }
        String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = plain.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[3].matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("not a cursor");
        }
        long position = Long.parseLong(parts[1]);
        if (position < 0) {
            throw new IllegalArgumentException("not a cursor");
        }
        return new AlertCursor(position, UUID.fromString(parts[2]), parts[3]);
    }
}
