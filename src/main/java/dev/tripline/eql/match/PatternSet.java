package dev.tripline.eql.match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The patterns of one {@code :}, {@code like} or {@code like~} compiled together: rules list dozens of paths such as
 * {@code ("/tmp/*", "/var/tmp/*", "/etc/crontab")}, and testing each as a separate wildcard would walk the value
 * once per pattern. Plain strings go to a hash set, {@code prefix*}, {@code *suffix} and {@code *infix*} to
 * region comparisons, and only the remaining shapes to the general {@link Wildcard} matcher.
 */
public final class PatternSet {

    private final boolean caseInsensitive;
    private final boolean matchesEverything;
    private final Set<String> exact;
    private final FoldedStringSet exactFolded;
    private final String[] prefixes;
    private final String[] suffixes;
    private final String[] infixes;
    private final Wildcard[] general;

    private PatternSet(List<String> patterns, boolean caseInsensitive) {
        this.caseInsensitive = caseInsensitive;
        boolean everything = false;
        Set<String> exactValues = new HashSet<>();
        List<String> prefixList = new ArrayList<>();
        List<String> suffixList = new ArrayList<>();
        List<String> infixList = new ArrayList<>();
        List<Wildcard> generalList = new ArrayList<>();
        for (String raw : patterns) {
            String pattern = caseInsensitive ? CaseFold.fold(raw) : raw;
            if (!Wildcard.hasWildcards(pattern)) {
                exactValues.add(pattern);
                continue;
            }
            int first = firstWildcard(pattern);
            int lastLiteral = lastNonStar(pattern);
            if (lastLiteral < 0) {
                everything = true;
                continue;
            }
            String head = pattern.substring(0, first);
            boolean trailingStars = first < pattern.length() && allStars(pattern, first);
            if (trailingStars) {
                prefixList.add(head);
                continue;
            }
            int leading = leadingStars(pattern);
            if (leading > 0) {
                String rest = pattern.substring(leading);
                if (!Wildcard.hasWildcards(rest)) {
                    suffixList.add(rest);
                    continue;
                }
                int next = firstWildcard(rest);
                if (allStars(rest, next)) {
                    infixList.add(rest.substring(0, next));
                    continue;
                }
            }
            generalList.add(Wildcard.compile(raw, caseInsensitive));
        }
        this.matchesEverything = everything;
        this.exact = caseInsensitive ? Set.of() : exactValues;
        this.exactFolded = caseInsensitive && !exactValues.isEmpty() ? new FoldedStringSet(exactValues) : null;
        this.prefixes = prefixList.toArray(String[]::new);
        this.suffixes = suffixList.toArray(String[]::new);
        this.infixes = infixList.toArray(String[]::new);
        this.general = generalList.toArray(Wildcard[]::new);
    }

    public static PatternSet compile(List<String> patterns, boolean caseInsensitive) {
        return new PatternSet(patterns, caseInsensitive);
    }

    public boolean matches(String value) {
        if (matchesEverything) {
            return true;
        }
        if (caseInsensitive) {
            if (exactFolded != null && exactFolded.contains(value)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (CaseFold.regionEqualsFolded(value, 0, prefix)) {
                    return true;
                }
            }
            for (String suffix : suffixes) {
                if (CaseFold.regionEqualsFolded(value, value.length() - suffix.length(), suffix)) {
                    return true;
                }
            }
            for (String infix : infixes) {
                if (CaseFold.indexOfFolded(value, infix, 0) >= 0) {
                    return true;
                }
            }
        } else {
            if (!exact.isEmpty() && exact.contains(value)) {
                return true;
            }
            for (String prefix : prefixes) {
                if (value.startsWith(prefix)) {
                    return true;
                }
            }
            for (String suffix : suffixes) {
                if (value.endsWith(suffix)) {
                    return true;
                }
            }
            for (String infix : infixes) {
                if (value.contains(infix)) {
                    return true;
                }
            }
        }
        for (Wildcard wildcard : general) {
            if (wildcard.matches(value)) {
                return true;
            }
        }
        return false;
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return pattern.length();
    }

    private static int lastNonStar(String pattern) {
        for (int i = pattern.length() - 1; i >= 0; i--) {
            if (pattern.charAt(i) != '*') {
                return i;
            }
        }
        return -1;
    }

    private static int leadingStars(String pattern) {
        int i = 0;
        while (i < pattern.length() && pattern.charAt(i) == '*') {
            i++;
        }
        return i;
    }

    private static boolean allStars(String pattern, int from) {
        for (int i = from; i < pattern.length(); i++) {
            if (pattern.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }
}
