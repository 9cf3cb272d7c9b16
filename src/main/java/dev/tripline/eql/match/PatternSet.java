package dev.tripline.eql.match;

import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one {@code :}, {@code like} or {@code like~} compiled together. Rules list dozens of paths such as
 * {@code ("/tmp/*", "/var/tmp/*", "/etc/crontab")}; testing each as a separate wildcard would walk the value once
 * per pattern. Instead the literal heads of all patterns go into one trie (case-folded for the insensitive forms):
 * a value is walked once, and the walk stops at the first character no pattern shares, which for a value that
 * matches nothing is usually the first or second. A trie node knows whether a plain string ends there, whether a
 * {@code head*} pattern does, and which other patterns have that head (their remainder is then matched by
 * {@link Wildcard}). Patterns that start with a wildcard are kept apart: {@code *suffix} and {@code *infix*} as
 * region tests, the rest as wildcards.
 */
public final class PatternSet {

    private final boolean caseInsensitive;
    private final boolean matchesEverything;
    private final Node root;
    private final String[] suffixes;
    private final String[] infixes;
    private final Wildcard[] leadingWildcards;

    private static final class Node {
        char[] labels = new char[0];
        Node[] children = new Node[0];
        boolean exactEnd;
        boolean prefixEnd;
        Wildcard[] wildcards;

        Node child(char c) {
            char[] l = labels;
            for (int i = 0; i < l.length; i++) {
                if (l[i] == c) {
                    return children[i];
                }
            }
            return null;
        }

        Node childOrNew(char c) {
            Node existing = child(c);
            if (existing != null) {
                return existing;
            }
            Node node = new Node();
            labels = java.util.Arrays.copyOf(labels, labels.length + 1);
            children = java.util.Arrays.copyOf(children, children.length + 1);
            labels[labels.length - 1] = c;
            children[children.length - 1] = node;
            return node;
        }

        void addWildcard(Wildcard wildcard) {
            wildcards = wildcards == null ? new Wildcard[] {wildcard}
                    : java.util.Arrays.copyOf(wildcards, wildcards.length + 1);
            wildcards[wildcards.length - 1] = wildcard;
        }
    }

    private PatternSet(List<String> patterns, boolean caseInsensitive) {
        this.caseInsensitive = caseInsensitive;
        this.root = new Node();
        boolean everything = false;
        List<String> suffixList = new ArrayList<>();
        List<String> infixList = new ArrayList<>();
        List<Wildcard> leading = new ArrayList<>();
        for (String raw : patterns) {
            String pattern = caseInsensitive ? CaseFold.fold(raw) : raw;
            int first = firstWildcard(pattern, 0);
            String head = pattern.substring(0, first);
            if (first == pattern.length()) {
                insert(head).exactEnd = true;
                continue;
            }
            if (allStars(pattern, first)) {
                if (first == 0) {
                    everything = true;
                } else {
                    insert(head).prefixEnd = true;
                }
                continue;
            }
            if (first > 0) {
                insert(head).addWildcard(Wildcard.compile(raw, caseInsensitive));
                continue;
            }
            int stars = 0;
            while (pattern.charAt(stars) == '*') {
                stars++;
            }
            String rest = pattern.substring(stars);
            int next = firstWildcard(rest, 0);
            if (stars > 0 && next == rest.length()) {
                suffixList.add(rest);
            } else if (stars > 0 && allStars(rest, next)) {
                infixList.add(rest.substring(0, next));
            } else {
                leading.add(Wildcard.compile(raw, caseInsensitive));
            }
        }
        this.matchesEverything = everything;
        this.suffixes = suffixList.toArray(String[]::new);
        this.infixes = infixList.toArray(String[]::new);
        this.leadingWildcards = leading.toArray(Wildcard[]::new);
    }

    public static PatternSet compile(List<String> patterns, boolean caseInsensitive) {
        return new PatternSet(patterns, caseInsensitive);
    }

    private Node insert(String head) {
        Node node = root;
        for (int i = 0; i < head.length(); i++) {
            node = node.childOrNew(head.charAt(i));
        }
        return node;
    }

    public boolean matches(String value) {
        if (matchesEverything) {
            return true;
        }
        if (walk(value)) {
            return true;
        }
        if (caseInsensitive) {
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
        return anyMatches(leadingWildcards, value);
    }

    private boolean walk(String value) {
        Node node = root;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (node.wildcards != null && anyMatches(node.wildcards, value)) {
                return true;
            }
            char c = value.charAt(i);
            node = node.child(caseInsensitive ? CaseFold.fold(c) : c);
            if (node == null) {
                return false;
            }
            if (node.prefixEnd) {
                return true;
            }
        }
        return node.exactEnd || node.wildcards != null && anyMatches(node.wildcards, value);
    }

    private static boolean anyMatches(Wildcard[] wildcards, String value) {
        for (Wildcard wildcard : wildcards) {
            if (wildcard.matches(value)) {
                return true;
            }
        }
        return false;
    }

    private static int firstWildcard(String pattern, int from) {
        for (int i = from; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return pattern.length();
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
