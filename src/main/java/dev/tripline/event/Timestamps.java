package dev.tripline.event;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Event time as nanoseconds since the epoch (a {@code long} reaches the year 2262). Accepts what Elasticsearch's
 * {@code strict_date_optional_time||epoch_millis} accepts for {@code @timestamp}: ISO-8601 with up to nine fraction
 * digits and a {@code Z} or numeric offset (none means UTC), a date alone, or epoch milliseconds as a number or a
 * string of digits. The ISO form is parsed by hand: it runs once per ingested event, where
 * {@code DateTimeFormatter} would cost a microsecond and several objects.
 */
public final class Timestamps {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** Epoch milliseconds beyond what fits in nanoseconds (year 2262) are refused. */
    private static final long MAX_MILLIS = Long.MAX_VALUE / NANOS_PER_MILLI;

    private Timestamps() {
    }

    /**
     * @return epoch nanoseconds
     * @throws InvalidEventException when the value is missing or not a timestamp
     */
    public static long parse(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new InvalidEventException("missing timestamp");
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new InvalidEventException("timestamp out of range: " + abbreviate(value.toString()));
            }
            return fromMillis(value.longValue());
        }
        if (value.isFloatingPointNumber()) {
            double millis = value.doubleValue();
            if (!Double.isFinite(millis) || Math.abs(millis) > MAX_MILLIS) {
                throw new InvalidEventException("timestamp out of range: " + value);
            }
            // split before scaling: millis * 1e6 as one double loses the low bits of today's timestamps
            double whole = Math.floor(millis);
            return (long) whole * NANOS_PER_MILLI + Math.round((millis - whole) * NANOS_PER_MILLI);
        }
        if (value.isString()) {
            return parse(value.stringValue());
        }
        throw new InvalidEventException("timestamp must be an ISO-8601 string or epoch milliseconds, was " + value.getNodeType());
    }

    public static long parse(String text) {
        if (text.isEmpty()) {
            throw new InvalidEventException("empty timestamp");
        }
        if (allDigits(text)) {
            if (text.length() > 18) {
                throw new InvalidEventException("timestamp out of range: " + abbreviate(text));
            }
            return fromMillis(Long.parseLong(text));
        }
        long nanos = parseIso(text);
        if (nanos == Long.MIN_VALUE) {
            throw new InvalidEventException("unparseable timestamp '" + abbreviate(text)
                    + "' (expected ISO-8601 such as 2026-11-27T10:00:00.123456789Z, or epoch milliseconds)");
        }
        return nanos;
    }

    public static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    public static long fromInstant(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    private static long fromMillis(long millis) {
        if (millis > MAX_MILLIS || millis < -MAX_MILLIS) {
            throw new InvalidEventException("timestamp out of range: " + millis);
        }
        return millis * NANOS_PER_MILLI;
    }

    /** @return epoch nanos, or Long.MIN_VALUE when the text is not ISO-8601 of the accepted shapes */
    private static long parseIso(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return Long.MIN_VALUE;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        long fraction = 0;
        int i = 10;
        if (i < n && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')) {
            i++;
            if (i + 5 > n || s.charAt(i + 2) != ':') {
                return Long.MIN_VALUE;
            }
            hour = digits(s, i, 2);
            minute = digits(s, i + 3, 2);
            i += 5;
            if (i < n && s.charAt(i) == ':') {
                if (i + 3 > n) {
                    return Long.MIN_VALUE;
                }
                second = digits(s, i + 1, 2);
                i += 3;
                if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                    i++;
                    int start = i;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        if (i - start < 9) {
                            fraction = fraction * 10 + (s.charAt(i) - '0');
                        }
                        i++;
                    }
                    int count = i - start;
                    if (count == 0) {
                        return Long.MIN_VALUE;
                    }
                    for (int k = count; k < 9; k++) {
                        fraction *= 10;
                    }
                }
            }
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return Long.MIN_VALUE;
            }
        }
        long offsetSeconds = 0;
        if (i < n) {
            char zone = s.charAt(i);
            if ((zone == 'Z' || zone == 'z') && i == n - 1) {
                i++;
            } else if (zone == '+' || zone == '-') {
                int sign = zone == '-' ? -1 : 1;
                int oh;
                int om = 0;
                if (n - i == 3) {
                    oh = digits(s, i + 1, 2);
                } else if (n - i == 5) {
                    oh = digits(s, i + 1, 2);
                    om = digits(s, i + 3, 2);
                } else if (n - i == 6 && s.charAt(i + 3) == ':') {
                    oh = digits(s, i + 1, 2);
                    om = digits(s, i + 4, 2);
                } else {
                    return Long.MIN_VALUE;
                }
                if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                    return Long.MIN_VALUE;
                }
                offsetSeconds = sign * (oh * 3600L + om * 60L);
                i = n;
            } else {
                return Long.MIN_VALUE;
            }
        }
        if (i != n) {
            return Long.MIN_VALUE;
        }
        long epochSeconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        if (epochSeconds > Long.MAX_VALUE / NANOS_PER_SECOND - 1 || epochSeconds < Long.MIN_VALUE / NANOS_PER_SECOND + 1) {
            return Long.MIN_VALUE;
        }
        return epochSeconds * NANOS_PER_SECOND + fraction;
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean allDigits(String s) {
        int start = s.charAt(0) == '-' && s.length() > 1 ? 1 : 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
