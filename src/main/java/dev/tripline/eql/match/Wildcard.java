package dev.tripline.eql.match;

/**
 * One {@code like}/{@code :} pattern: {@code *} matches any run of characters (also none), {@code ?} exactly one,
 * every other character itself; a backslash is an ordinary character (Windows paths are written
 * {@code "C:\\Windows\\*"}), as in Elasticsearch's EQL. Matching is iterative, backtracking only to the last
 * {@code *}: at worst pattern length times input length steps, never recursion.
 */
public final class Wildcard {

    private final String pattern;
    private final boolean caseInsensitive;

    private Wildcard(String pattern, boolean caseInsensitive) {
        this.pattern = caseInsensitive ? CaseFold.fold(pattern) : pattern;
        this.caseInsensitive = caseInsensitive;
    }

    public static Wildcard compile(String pattern, boolean caseInsensitive) {
        return new Wildcard(pattern, caseInsensitive);
    }

    public static boolean hasWildcards(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public boolean matches(String value) {
        String p = pattern;
        int m = p.length();
        int n = value.length();
        int pi = 0;
        int si = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (si < n) {
            if (pi < m) {
                char pc = p.charAt(pi);
                if (pc == '*') {
                    starAt = pi++;
                    resumeAt = si;
                    continue;
                }
                if (pc == '?' || pc == (caseInsensitive ? CaseFold.fold(value.charAt(si)) : value.charAt(si))) {
                    pi++;
                    si++;
                    continue;
                }
            }
            if (starAt < 0) {
                return false;
            }
            pi = starAt + 1;
            si = ++resumeAt;
        }
        while (pi < m && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == m;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
