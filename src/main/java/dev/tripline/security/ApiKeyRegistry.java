package dev.tripline.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The keys that may call the API, held as SHA-256 hashes of their secrets. A presented secret is hashed and
 * compared with every known hash in constant time, so neither the comparison nor the number of keys checked
 * tells an attacker how close a guess came. (Secrets are long random tokens or operator-chosen strings of at
 * least {@value #MIN_SECRET_LENGTH} characters, so a fast hash is enough: there is nothing to brute-force.)
 */
final class ApiKeyRegistry {

    static final int MIN_SECRET_LENGTH = 16;

    record Entry(String name, ApiKeyRole role, byte[] secretHash) {
    }

    private final List<Entry> entries;

    ApiKeyRegistry(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    Optional<ApiKeyPrincipal> authenticate(String presentedSecret) {
        byte[] presented = sha256(presentedSecret);
        Entry found = null;
        for (Entry entry : entries) {
            // no early exit: every request costs the same whatever it presents
            if (MessageDigest.isEqual(presented, entry.secretHash()) && found == null) {
                found = entry;
            }
        }
        return found == null ? Optional.empty() : Optional.of(new ApiKeyPrincipal(found.name(), found.role()));
    }

    int size() {
        return entries.size();
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
