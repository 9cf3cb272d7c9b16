package dev.tripline.workload;

/** A case-insensitive {@code *}/{@code ?} wildcard, as EQL's {@code :} operator compares. */
final class Glob {

    private final String pattern;

    Glob(String pattern) {
        this.pattern = pattern;
    }

    boolean matches(String text) {
        return match(text, 0, 0);
    }

    private boolean match(String text, int t, int p) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                if (p == pattern.length() - 1) {
                    return true;
                }
                for (int i = t; i <= text.length(); i++) {
                    if (match(text, i, p + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length()) {
                return false;
            }
            char x = text.charAt(t);
            if (c != '?' && c != x && Character.toLowerCase(c) != Character.toLowerCase(x)) {
                return false;
            }
            t++;
            p++;
        }
        return t == text.length();
    }
}
