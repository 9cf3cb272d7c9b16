package dev.tripline.eql.match;

import java.util.List;

/**
 * The blocks of one {@code cidrMatch}. Addresses are 128-bit, IPv4 as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), as
 * Elasticsearch's {@code ip} type stores them: an IPv4 block matches IPv4 addresses in either notation and never an
 * unrelated IPv6 one. Addresses are parsed by hand (never through {@code InetAddress}, which may resolve names) and
 * without allocating.
 */
public final class CidrSet {

    private static final long MAPPED_IPV4_PREFIX = 0x0000_ffff_0000_0000L;

    private final long[] highs;
    private final long[] lows;
    private final long[] highMasks;
    private final long[] lowMasks;

    private CidrSet(List<String> blocks) {
        int n = blocks.size();
        highs = new long[n];
        lows = new long[n];
        highMasks = new long[n];
        lowMasks = new long[n];
        long[] address = new long[2];
        for (int i = 0; i < n; i++) {
            String block = blocks.get(i);
            int slash = block.indexOf('/');
            String ip = slash < 0 ? block : block.substring(0, slash);
            int kind = parse(ip, address);
            if (kind == 0) {
                throw new IllegalArgumentException("[" + block + "] is not an IP address or CIDR block");
            }
            int maxBits = kind == 4 ? 32 : 128;
            int bits = maxBits;
            if (slash >= 0) {
                String length = block.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException("[" + block + "] has no valid prefix length after /");
                }
                bits = Integer.parseInt(length);
                if (bits > maxBits) {
                    throw new IllegalArgumentException("[" + block + "]: prefix length must be at most " + maxBits);
                }
            }
            int prefix = kind == 4 ? 96 + bits : bits;
            highMasks[i] = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
            lowMasks[i] = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
            highs[i] = address[0] & highMasks[i];
            lows[i] = address[1] & lowMasks[i];
        }
    }

    /** @throws IllegalArgumentException naming the first block that is not an address or CIDR block */
    public static CidrSet compile(List<String> blocks) {
        return new CidrSet(blocks);
    }

    /** Whether {@code text} is an IP address inside one of the blocks; {@code false} for anything else. */
    public boolean contains(String text) {
        long high;
        long low;
        if (isIpv4(text)) {
            long v4 = parseIpv4(text, 0, text.length());
            if (v4 < 0) {
                return false;
            }
            high = 0;
            low = MAPPED_IPV4_PREFIX | v4;
        } else {
            long[] parts = new long[2];
            if (parseIpv6(text, parts) == 0) {
                return false;
            }
            high = parts[0];
            low = parts[1];
        }
        for (int i = 0; i < highs.length; i++) {
            if ((high & highMasks[i]) == highs[i] && (low & lowMasks[i]) == lows[i]) {
                return true;
            }
        }
        return false;
    }

    /** Parses an address into {@code out}; returns 4 or 6 for the family written, 0 when it is not an address. */
    static int parse(String text, long[] out) {
        if (isIpv4(text)) {
            long v4 = parseIpv4(text, 0, text.length());
            if (v4 < 0) {
                return 0;
            }
            out[0] = 0;
            out[1] = MAPPED_IPV4_PREFIX | v4;
            return 4;
        }
        return parseIpv6(text, out) == 0 ? 0 : 6;
    }

    private static boolean isIpv4(String text) {
        return text.indexOf(':') < 0 && text.indexOf('.') > 0;
    }

    /** Dotted quad in {@code text[from, to)} as an unsigned 32-bit value, or -1 when it is not one. */
    private static long parseIpv4(String text, int from, int to) {
        long result = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int value = 0;
            int digits = 0;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return -1;
                }
            }
            if (digits == 0 || value > 255) {
                return -1;
            }
            result = (result << 8) | value;
            parts++;
            if (parts < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? result : -1;
    }

    /** IPv6 (with :: and an optional trailing dotted quad) into out[0..1]; returns 0 when it is not one. */
    private static int parseIpv6(String text, long[] out) {
        int n = text.length();
        if (n < 2 || n > 45) {
            return 0;
        }
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gapAt = 0;
            i = 2;
            if (i == n) {
                out[0] = 0;
                out[1] = 0;
                return 6;
            }
        } else if (text.charAt(0) == ':') {
            return 0;
        }
        while (i < n) {
            if (count >= 8) {
                return 0;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 5 && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                // trailing dotted quad: two groups
                if (count > 6) {
                    return 0;
                }
                long v4 = parseIpv4(text, start, n);
                if (v4 < 0) {
                    return 0;
                }
                groups[count++] = (int) (v4 >>> 16) & 0xffff;
                groups[count++] = (int) v4 & 0xffff;
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return 0;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                return 0;
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return 0;
                }
                gapAt = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return 0;
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            return 0;
        }
        long high = 0;
        long low = 0;
        int fill = 8 - count;
        int position = 0;
        for (int g = 0; g < count; g++) {
            if (g == gapAt) {
                position += fill;
            }
            if (position < 4) {
                high |= (long) groups[g] << (16 * (3 - position));
            } else {
                low |= (long) groups[g] << (16 * (7 - position));
            }
            position++;
        }
        out[0] = high;
        out[1] = low;
        return 6;
    }
}
