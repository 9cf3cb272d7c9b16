package dev.tripline.event;

/**
 * A validating scanner over UTF-8 JSON bytes, for decoding without a tokenizer in between. It accepts a strict subset
 * of what the Jackson parser it stands in for accepts: RFC 8259 JSON in well-formed UTF-8 (no surrogates, no overlong
 * forms), within that parser's nesting, string, name and number limits. On anything else it gives up with
 * {@link Unfit}, and the caller hands the input to Jackson, which then decides and words any error. Being stricter
 * than Jackson only costs speed; being more lenient would accept what the service must refuse, so every rule here
 * errs on the strict side (a limit reached exactly is left to Jackson too).
 *
 * <p>One instance per thread: string scans leave what they saw in {@link #plain}.
 */
public final class JsonBytes {

    /** This input is left to Jackson. Preallocated and without a stack trace: giving up must cost nothing. */
    public static final class Unfit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unfit INSTANCE = new Unfit();

        private Unfit() {
            super("left to the Jackson parser", null, false, false);
        }
    }

    /** Byte classes inside a string: 0 plain ASCII, 1 the closing quote, 2 an escape, 3 a control, 4 not ASCII. */
    private static final byte[] IN_STRING = new byte[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            IN_STRING[c] = 3;
        }
        IN_STRING['"'] = 1;
        IN_STRING['\\'] = 2;
        for (int c = 0x80; c < 0x100; c++) {
            IN_STRING[c] = 4;
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    final int maxDepth;
    final int maxString;
    final int maxName;
    final int maxNumber;
    /** whether the last string scanned was ASCII without escapes (its bytes are its characters) */
    boolean plain;

    /**
     * @param maxDepth containers open at once (the top-level one counts); this many is left to Jackson
     * @param maxString longest string value; a longer one in bytes is left to Jackson (its characters may still fit)
     * @param maxName longest property name, likewise
     * @param maxNumber longest number, likewise (and no longer than {@code maxString}: Jackson measures a number's
     *     text against both)
     */
    JsonBytes(int maxDepth, int maxString, int maxName, int maxNumber) {
        this.maxDepth = maxDepth;
        this.maxString = maxString;
        this.maxName = maxName;
        // the parser keeps a number's text in the buffer that the string limit measures, so both bound numbers
        this.maxNumber = Math.min(maxNumber, maxString);
    }

    /** The one {@link Unfit}, to throw. */
    public static Unfit unfit() {
        return Unfit.INSTANCE;
    }

    /** The position of the first byte at or after {@code p} that is not JSON whitespace (or {@code end}). */
    public static int skipWhitespace(byte[] b, int p, int end) {
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return p;
            }
            p++;
        }
        return p;
    }

    /**
     * Skips the value starting at {@code p}, checking it; returns the position just after it.
     *
     * @param depth the containers open around the value
     */
    int skipValue(byte[] b, int p, int end, int depth) {
        if (p >= end) {
            throw unfit();
        }
        return switch (b[p]) {
            case '"' -> skipString(b, p + 1, end, maxString);
            case '{' -> skipObject(b, p, end, depth + 1);
            case '[' -> skipArray(b, p, end, depth + 1);
            case 't' -> literal(b, p, end, TRUE);
            case 'f' -> literal(b, p, end, FALSE);
            case 'n' -> literal(b, p, end, NULL);
            default -> skipNumber(b, p, end);
        };
    }

    /** Skips the object whose {@code '{'} is at {@code p}, itself at {@code depth}. */
    int skipObject(byte[] b, int p, int end, int depth) {
        if (depth >= maxDepth) {
            throw unfit();
        }
        p = skipWhitespace(b, p + 1, end);
        if (p < end && b[p] == '}') {
            return p + 1;
        }
        while (true) {
            if (p >= end || b[p] != '"') {
                throw unfit();
            }
            p = colon(b, skipString(b, p + 1, end, maxName), end);
            p = separator(b, skipValue(b, p, end, depth), end, '}');
            if (p < 0) {
                return ~p;
            }
        }
    }

    /** Skips the array whose {@code '['} is at {@code p}, itself at {@code depth}. */
    int skipArray(byte[] b, int p, int end, int depth) {
        if (depth >= maxDepth) {
            throw unfit();
        }
        p = skipWhitespace(b, p + 1, end);
        if (p < end && b[p] == ']') {
            return p + 1;
        }
        while (true) {
            p = separator(b, skipValue(b, p, end, depth), end, ']');
            if (p < 0) {
                return ~p;
            }
        }
    }

    /**
     * After a member or an element: whitespace, then a comma, and the position where the next one starts; or the
     * container's closing byte, and the complement ({@code ~}) of the position after it, which is negative.
     */
    public static int separator(byte[] b, int p, int end, char close) {
        p = skipWhitespace(b, p, end);
        if (p < end) {
            if (b[p] == ',') {
                return skipWhitespace(b, p + 1, end);
            }
            if (b[p] == close) {
                return ~(p + 1);
            }
        }
        throw unfit();
    }

    /**
     * The position of the closing quote of a property name that starts at {@code p} and is plain ASCII without
     * escapes (its bytes are its characters); any other name is left to Jackson.
     */
    static int plainNameEnd(byte[] b, int p, int end) {
        while (p < end && IN_STRING[b[p] & 0xff] == 0) {
            p++;
        }
        if (p >= end || b[p] != '"') {
            throw unfit();
        }
        return p;
    }

    /** After a property name's closing quote: whitespace, the colon, whitespace; the position of the value. */
    static int colon(byte[] b, int p, int end) {
        p = skipWhitespace(b, p, end);
        if (p >= end || b[p] != ':') {
            throw unfit();
        }
        p = skipWhitespace(b, p + 1, end);
        if (p >= end) {
            throw unfit();
        }
        return p;
    }

    /**
     * Skips a string whose opening quote is just before {@code p}; returns the position after its closing quote and
     * records in {@link #plain} whether it was plain ASCII.
     */
    int skipString(byte[] b, int p, int end, int max) {
        int start = p;
        boolean simple = true;
        while (true) {
            while (p < end && IN_STRING[b[p] & 0xff] == 0) {
                p++;
            }
            if (p >= end) {
                throw unfit();
            }
            int c = b[p] & 0xff;
            switch (IN_STRING[c]) {
                case 1 -> {
                    if (p - start > max) {
                        throw unfit();
                    }
                    plain = simple;
                    return p + 1;
                }
                case 2 -> {
                    simple = false;
                    p = escape(b, p + 1, end);
                }
                case 4 -> {
                    simple = false;
                    p = utf8(b, p, end, c);
                }
                default -> throw unfit();
            }
        }
    }

    /** After a backslash: one of JSON's escapes; the position after it. */
    private static int escape(byte[] b, int p, int end) {
        if (p >= end) {
            throw unfit();
        }
        switch (b[p]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return p + 1;
            }
            case 'u' -> {
                if (p + 4 >= end) {
                    throw unfit();
                }
                for (int i = 1; i <= 4; i++) {
                    byte h = b[p + i];
                    if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        throw unfit();
                    }
                }
                return p + 5;
            }
            default -> throw unfit();
        }
    }

    /** One well-formed multi-byte UTF-8 character (RFC 3629) whose first byte {@code c} is at {@code p}. */
    private static int utf8(byte[] b, int p, int end, int c) {
        if (c < 0xC2 || c > 0xF4) {
            throw unfit();
        }
        int length = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (p + length > end) {
            throw unfit();
        }
        int second = b[p + 1] & 0xff;
        int low = 0x80;
        int high = 0xBF;
        if (c == 0xE0) {
            low = 0xA0;
        } else if (c == 0xED) {
            high = 0x9F;
        } else if (c == 0xF0) {
            low = 0x90;
        } else if (c == 0xF4) {
            high = 0x8F;
        }
        if (second < low || second > high) {
            throw unfit();
        }
        for (int i = 2; i < length; i++) {
            if ((b[p + i] & 0xC0) != 0x80) {
                throw unfit();
            }
        }
        return p + length;
    }

    /** The literal at {@code p}; what follows it is the caller's to check. */
    private static int literal(byte[] b, int p, int end, byte[] word) {
        if (p + word.length > end) {
            throw unfit();
        }
        for (int i = 1; i < word.length; i++) {
            if (b[p + i] != word[i]) {
                throw unfit();
            }
        }
        return p + word.length;
    }

    /** A number as RFC 8259 writes it; what follows it is the caller's to check (so {@code 01} fails there). */
    int skipNumber(byte[] b, int p, int end) {
        int start = p;
        if (b[p] == '-') {
            p++;
        }
        if (p >= end) {
            throw unfit();
        }
        if (b[p] == '0') {
            p++;
        } else {
            p = digits(b, p, end);
        }
        if (p < end && b[p] == '.') {
            p = digits(b, p + 1, end);
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            p = digits(b, p, end);
        }
        if (p - start >= maxNumber) {
            throw unfit();
        }
        return p;
    }

    /** One or more digits from {@code p}. */
    private static int digits(byte[] b, int p, int end) {
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        if (p == start) {
            throw unfit();
        }
        return p;
    }
}
