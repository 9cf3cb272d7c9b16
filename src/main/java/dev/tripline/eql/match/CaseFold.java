package dev.tripline.eql.match;

/**
 * The one case folding used by every case-insensitive operator ({@code :}, {@code in~}, {@code like~},
 * {@code regex~}, {@code fn~}): two characters are equal ignoring case when their folds are equal, the same relation
 * as {@link String#equalsIgnoreCase}. Constants are folded once at compile time; event values are folded a
 * character at a time while comparing, never copied.
 */
public final class CaseFold {

    private static final char[] ASCII = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
    }

    private CaseFold() {
    }

    public static char fold(char c) {
        return c < 128 ? ASCII[c] : Character.toLowerCase(Character.toUpperCase(c));
    }

    public static int foldCodePoint(int c) {
        return c < 128 ? ASCII[c] : Character.toLowerCase(Character.toUpperCase(c));
    }

    public static String fold(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = fold(c);
            if (f != c && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(f);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Hash of the folded string, computed without building it. */
    public static int foldedHash(CharSequence s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + fold(s.charAt(i));
        }
        return h;
    }

    /** Whether {@code value} equals {@code folded} (a folded constant) ignoring case. */
    public static boolean equalsFolded(String value, String folded) {
        int n = folded.length();
        if (value.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (fold(value.charAt(i)) != folded.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code value} has {@code folded} at {@code offset}, ignoring case. */
    public static boolean regionEqualsFolded(String value, int offset, String folded) {
        int n = folded.length();
        if (offset < 0 || offset + n > value.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (fold(value.charAt(offset + i)) != folded.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** First index at or after {@code from} where {@code folded} occurs in {@code value} ignoring case, or -1. */
    public static int indexOfFolded(String value, String folded, int from) {
        int n = folded.length();
        int last = value.length() - n;
        for (int i = Math.max(0, from); i <= last; i++) {
            if (regionEqualsFolded(value, i, folded)) {
                return i;
            }
        }
        return -1;
    }

    /** Last index where {@code folded} occurs in {@code value} ignoring case, or -1. */
    public static int lastIndexOfFolded(String value, String folded) {
        for (int i = value.length() - folded.length(); i >= 0; i--) {
            if (regionEqualsFolded(value, i, folded)) {
                return i;
            }
        }
        return -1;
    }

    /** Compares {@code a} and {@code b} character by character after folding. */
    public static int compareFolded(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = fold(a.charAt(i));
            char y = fold(b.charAt(i));
            if (x != y) {
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
