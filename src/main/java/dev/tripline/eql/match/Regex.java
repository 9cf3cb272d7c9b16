package dev.tripline.eql.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code regex}/{@code regex~} pattern in the syntax Elasticsearch gives it (Lucene's regular expressions, whole
 * value matched): literals, {@code .}, {@code [...]} and {@code [^...]} classes with ranges, {@code \d \s \w} and
 * their negations, groups, {@code |}, {@code * + ?}, {@code {n}}, {@code {n,}}, {@code {n,m}}, {@code "quoted"}
 * literal strings, {@code @} (any string) and {@code #} (nothing). Lucene's intersection ({@code &}), complement
 * ({@code ~}) and numeric intervals ({@code <1-10>}) are refused by name.
 *
 * <p>The pattern is compiled once into a deterministic automaton over code points, as Lucene does: matching is one
 * table lookup per character, linear in the value, with no backtracking and no recursion, so no event value can
 * make a rule slow or overflow the stack. Compilation is bounded instead (states, repetition counts, nesting): a
 * pattern beyond the bounds is refused with a {@link PatternException}.
 */
public final class Regex {

    static final int MAX_NFA_STATES = 20_000;
    static final int MAX_DFA_STATES = 10_000;
    static final int MAX_REPEAT = 1_000;
    static final int MAX_NESTING = 100;
    private static final int MAX_CODE_POINT = Character.MAX_CODE_POINT;

    private final String pattern;
    private final boolean caseInsensitive;
    private final int[] classStarts;
    private final int[] asciiClass;
    private final int classCount;
    private final int[] transitions;
    private final boolean[] accepting;

    /** A pattern that is not valid or too complex; {@link #index()} is where in the pattern, from 0. */
    public static final class PatternException extends IllegalArgumentException {
        private final int index;

        PatternException(String message, int index) {
            super(message);
            this.index = index;
        }

        public int index() {
            return index;
        }
    }

    private Regex(String pattern, boolean caseInsensitive) {
        this.pattern = pattern;
        this.caseInsensitive = caseInsensitive;
        Node tree = new Parser(pattern).parse();
        if (caseInsensitive) {
            tree = tree.folded();
        }
        Nfa nfa = new Nfa();
        int[] fragment = nfa.build(tree);
        nfa.accept = fragment[1];
        Dfa dfa = new Dfa(nfa, fragment[0]);
        this.classStarts = dfa.classStarts;
        this.classCount = dfa.classStarts.length;
        this.asciiClass = new int[128];
        for (int c = 0; c < 128; c++) {
            asciiClass[c] = classOf(c);
        }
        this.transitions = dfa.table();
        this.accepting = dfa.accepting();
    }

    /** @throws PatternException when the pattern is invalid, uses an unsupported operator or is too complex */
    public static Regex compile(String pattern, boolean caseInsensitive) {
        return new Regex(pattern, caseInsensitive);
    }

    public boolean matches(String value) {
        int state = 0;
        int n = value.length();
        for (int i = 0; i < n; ) {
            int c = value.charAt(i);
            if (c < 128) {
                i++;
                if (caseInsensitive && c >= 'A' && c <= 'Z') {
                    c += 32;
                }
                state = transitions[state * classCount + asciiClass[c]];
            } else {
                c = value.codePointAt(i);
                i += Character.charCount(c);
                if (caseInsensitive) {
                    c = CaseFold.foldCodePoint(c);
                }
                state = transitions[state * classCount + classOf(c)];
            }
            if (state < 0) {
                return false;
            }
        }
        return accepting[state];
    }

    private int classOf(int c) {
        int index = Arrays.binarySearch(classStarts, c);
        return index >= 0 ? index : -index - 2;
    }

    @Override
    public String toString() {
        return pattern;
    }

    // ------------------------------------------------------------------ syntax tree

    private sealed interface Node permits Chars, Sequence, Alternatives, Repeat {
        Node folded();
    }

    /** A set of code points as sorted, disjoint, inclusive ranges [lo0, hi0, lo1, hi1, ...]. */
    private record Chars(int[] ranges) implements Node {
        static final Chars ANY = new Chars(new int[] {0, MAX_CODE_POINT});
        static final Chars NONE = new Chars(new int[0]);

        static Chars of(int c) {
            return new Chars(new int[] {c, c});
        }

        static Chars range(int lo, int hi) {
            return new Chars(new int[] {lo, hi});
        }

        Chars union(Chars other) {
            List<int[]> all = new ArrayList<>();
            for (int i = 0; i < ranges.length; i += 2) {
                all.add(new int[] {ranges[i], ranges[i + 1]});
            }
            for (int i = 0; i < other.ranges.length; i += 2) {
                all.add(new int[] {other.ranges[i], other.ranges[i + 1]});
            }
            return normalized(all);
        }

        Chars complement() {
            List<int[]> out = new ArrayList<>();
            int next = 0;
            for (int i = 0; i < ranges.length; i += 2) {
                if (ranges[i] > next) {
                    out.add(new int[] {next, ranges[i] - 1});
                }
                next = ranges[i + 1] + 1;
            }
            if (next <= MAX_CODE_POINT) {
                out.add(new int[] {next, MAX_CODE_POINT});
            }
            return normalized(out);
        }

        boolean contains(int c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }

        static Chars normalized(List<int[]> list) {
            list.sort((a, b) -> Integer.compare(a[0], b[0]));
            List<int[]> merged = new ArrayList<>();
            for (int[] range : list) {
                if (!merged.isEmpty() && range[0] <= merged.get(merged.size() - 1)[1] + 1) {
                    int[] last = merged.get(merged.size() - 1);
                    last[1] = Math.max(last[1], range[1]);
                } else {
                    merged.add(new int[] {range[0], range[1]});
                }
            }
            int[] out = new int[merged.size() * 2];
            for (int i = 0; i < merged.size(); i++) {
                out[2 * i] = merged.get(i)[0];
                out[2 * i + 1] = merged.get(i)[1];
            }
            return new Chars(out);
        }

        /** This set plus the fold of each of its characters: a folded input character matches it iff any case does. */
        @Override
        public Chars folded() {
            List<int[]> extra = new ArrayList<>();
            for (int i = 0; i < ranges.length; i += 2) {
                extra.add(new int[] {ranges[i], ranges[i + 1]});
            }
            for (int c : FoldTable.CASED) {
                if (contains(c)) {
                    int f = CaseFold.foldCodePoint(c);
                    extra.add(new int[] {f, f});
                }
            }
            return normalized(extra);
        }
    }

    private record Sequence(List<Node> items) implements Node {
        @Override
        public Node folded() {
            return new Sequence(items.stream().map(Node::folded).toList());
        }
    }

    private record Alternatives(List<Node> options) implements Node {
        @Override
        public Node folded() {
            return new Alternatives(options.stream().map(Node::folded).toList());
        }
    }

    /** {@code max} is -1 for no upper bound. */
    private record Repeat(Node item, int min, int max) implements Node {
        @Override
        public Node folded() {
            return new Repeat(item.folded(), min, max);
        }
    }

    /** The code points whose fold differs from themselves, computed once on first case-insensitive use. */
    private static final class FoldTable {
        static final int[] CASED = compute();

        private static int[] compute() {
            int[] buffer = new int[4096];
            int count = 0;
            for (int c = 0; c <= MAX_CODE_POINT; c++) {
                if (CaseFold.foldCodePoint(c) != c) {
                    if (count == buffer.length) {
                        buffer = Arrays.copyOf(buffer, count * 2);
                    }
                    buffer[count++] = c;
                }
            }
            return Arrays.copyOf(buffer, count);
        }
    }

    // ------------------------------------------------------------------ parser

    private static final class Parser {
        private final String text;
        private int pos;
        private int depth;

        Parser(String text) {
            this.text = text;
        }

        Node parse() {
            if (text.isEmpty()) {
                return new Sequence(List.of());
            }
            Node node = union();
            if (pos < text.length()) {
                throw error("unexpected [" + (char) peek() + "]");
            }
            return node;
        }

        private Node union() {
            if (++depth > MAX_NESTING) {
                throw error("regex nested more than " + MAX_NESTING + " levels deep");
            }
            List<Node> options = new ArrayList<>();
            options.add(concatenation());
            while (more() && peek() == '|') {
                pos++;
                options.add(concatenation());
            }
            depth--;
            return options.size() == 1 ? options.get(0) : new Alternatives(options);
        }

        private Node concatenation() {
            List<Node> items = new ArrayList<>();
            do {
                items.add(repetition());
            } while (more() && peek() != ')' && peek() != '|');
            return items.size() == 1 ? items.get(0) : new Sequence(items);
        }

        private Node repetition() {
            Node node = atom();
            while (more()) {
                int c = peek();
                if (c == '*') {
                    pos++;
                    node = new Repeat(node, 0, -1);
                } else if (c == '+') {
                    pos++;
                    node = new Repeat(node, 1, -1);
                } else if (c == '?') {
                    pos++;
                    node = new Repeat(node, 0, 1);
                } else if (c == '{') {
                    int start = pos++;
                    int min = count();
                    int max = min;
                    if (more() && peek() == ',') {
                        pos++;
                        max = more() && Character.isDigit(peek()) ? count() : -1;
                    }
                    if (!more() || peek() != '}') {
                        throw error("expected } to close the repetition at " + start);
                    }
                    pos++;
                    if (max >= 0 && max < min) {
                        throw error("repetition {" + min + "," + max + "} has its bounds reversed");
                    }
                    node = new Repeat(node, min, max);
                } else {
                    break;
                }
            }
            return node;
        }

        private int count() {
            int start = pos;
            long value = 0;
            while (more() && Character.isDigit(peek())) {
                value = value * 10 + (text.charAt(pos++) - '0');
                if (value > MAX_REPEAT) {
                    throw error("repetition counts above " + MAX_REPEAT + " are not supported");
                }
            }
            if (pos == start) {
                throw error("expected a number in the repetition");
            }
            return (int) value;
        }

        private Node atom() {
            if (!more()) {
                throw error("unexpected end of pattern");
            }
            int c = next();
            switch (c) {
                case '(':
                    if (more() && peek() == ')') {
                        pos++;
                        return new Sequence(List.of());
                    }
                    Node inner = union();
                    if (!more() || peek() != ')') {
                        throw error("expected ) to close the group");
                    }
                    pos++;
                    return inner;
                case '[':
                    return characterClass();
                case '.':
                    return Chars.ANY;
                case '@':
                    return new Repeat(Chars.ANY, 0, -1);
                case '#':
                    return Chars.NONE;
                case '"': {
                    int end = text.indexOf('"', pos);
                    if (end < 0) {
                        throw error("expected \" to close the quoted string");
                    }
                    List<Node> chars = new ArrayList<>();
                    text.substring(pos, end).codePoints().forEach(cp -> chars.add(Chars.of(cp)));
                    pos = end + 1;
                    return new Sequence(chars);
                }
                case '\\':
                    return escape(false);
                case '&':
                    pos--;
                    throw error("the intersection operator & is not supported");
                case '~':
                    pos--;
                    throw error("the complement operator ~ is not supported");
                case '<':
                    pos--;
                    throw error("numeric intervals <n-m> are not supported");
                case ')':
                    pos--;
                    throw error("unbalanced )");
                default:
                    return Chars.of(c);
            }
        }

        private Chars characterClass() {
            boolean negated = more() && peek() == '^';
            if (negated) {
                pos++;
            }
            Chars set = Chars.NONE;
            boolean first = true;
            while (true) {
                if (!more()) {
                    throw error("expected ] to close the character class");
                }
                if (peek() == ']' && !first) {
                    pos++;
                    break;
                }
                first = false;
                int c = next();
                Chars item;
                if (c == '\\') {
                    Chars escaped = escape(true);
                    if (escaped.ranges().length != 2 || escaped.ranges()[0] != escaped.ranges()[1]) {
                        set = set.union(escaped);
                        continue;
                    }
                    c = escaped.ranges()[0];
                }
                if (more() && peek() == '-' && pos + 1 < text.length() && text.charAt(pos + 1) != ']') {
                    pos++;
                    int hi = next();
                    if (hi == '\\') {
                        Chars escaped = escape(true);
                        if (escaped.ranges().length != 2 || escaped.ranges()[0] != escaped.ranges()[1]) {
                            throw error("a range cannot end in a character class");
                        }
                        hi = escaped.ranges()[0];
                    }
                    if (hi < c) {
                        throw error("range " + new String(Character.toChars(c)) + "-"
                                + new String(Character.toChars(hi)) + " is reversed");
                    }
                    item = Chars.range(c, hi);
                } else {
                    item = Chars.of(c);
                }
                set = set.union(item);
            }
            return negated ? set.complement() : set;
        }

        /** After a backslash: a class shorthand or the next character taken literally. */
        private Chars escape(boolean inClass) {
            if (!more()) {
                throw error("pattern ends with a lone backslash");
            }
            int c = next();
            Chars digit = Chars.range('0', '9');
            Chars space = Chars.normalized(new ArrayList<>(List.of(new int[] {'\t', '\r'}, new int[] {' ', ' '})));
            Chars word = Chars.normalized(new ArrayList<>(List.of(new int[] {'0', '9'}, new int[] {'A', 'Z'},
                    new int[] {'_', '_'}, new int[] {'a', 'z'})));
            return switch (c) {
                case 'd' -> digit;
                case 'D' -> digit.complement();
                case 's' -> space;
                case 'S' -> space.complement();
                case 'w' -> word;
                case 'W' -> word.complement();
                default -> Chars.of(c);
            };
        }

        private boolean more() {
            return pos < text.length();
        }

        private int peek() {
            return text.codePointAt(pos);
        }

        private int next() {
            int c = text.codePointAt(pos);
            pos += Character.charCount(c);
            return c;
        }

        private PatternException error(String message) {
            return new PatternException(message, Math.min(pos, text.length()));
        }
    }

    // ------------------------------------------------------------------ automata

    /** Thompson construction: epsilon moves and code point range moves between numbered states. */
    private static final class Nfa {
        final List<int[]> epsilon = new ArrayList<>();
        /** per state: triples (lo, hi, target) */
        final List<int[]> moves = new ArrayList<>();
        int accept;

        int newState() {
            if (epsilon.size() >= MAX_NFA_STATES) {
                throw new PatternException("regex too complex (more than " + MAX_NFA_STATES + " states)", 0);
            }
            epsilon.add(new int[0]);
            moves.add(new int[0]);
            return epsilon.size() - 1;
        }

        void addEpsilon(int from, int to) {
            int[] old = epsilon.get(from);
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = to;
            epsilon.set(from, grown);
        }

        void addMove(int from, int lo, int hi, int to) {
            int[] old = moves.get(from);
            int[] grown = Arrays.copyOf(old, old.length + 3);
            grown[old.length] = lo;
            grown[old.length + 1] = hi;
            grown[old.length + 2] = to;
            moves.set(from, grown);
        }

        /** @return {start, end} of the fragment */
        int[] build(Node node) {
            int start = newState();
            int end = newState();
            if (node instanceof Chars chars) {
                for (int i = 0; i < chars.ranges().length; i += 2) {
                    addMove(start, chars.ranges()[i], chars.ranges()[i + 1], end);
                }
            } else if (node instanceof Sequence sequence) {
                int current = start;
                for (Node item : sequence.items()) {
                    int[] part = build(item);
                    addEpsilon(current, part[0]);
                    current = part[1];
                }
                addEpsilon(current, end);
            } else if (node instanceof Alternatives alternatives) {
                for (Node option : alternatives.options()) {
                    int[] part = build(option);
                    addEpsilon(start, part[0]);
                    addEpsilon(part[1], end);
                }
            } else if (node instanceof Repeat repeat) {
                int current = start;
                for (int i = 0; i < repeat.min(); i++) {
                    int[] part = build(repeat.item());
                    addEpsilon(current, part[0]);
                    current = part[1];
                }
                if (repeat.max() < 0) {
                    int[] part = build(repeat.item());
                    addEpsilon(current, part[0]);
                    addEpsilon(part[1], part[0]);
                    addEpsilon(part[1], end);
                    addEpsilon(current, end);
                } else {
                    for (int i = repeat.min(); i < repeat.max(); i++) {
                        int[] part = build(repeat.item());
                        addEpsilon(current, part[0]);
                        addEpsilon(current, end);
                        current = part[1];
                    }
                    addEpsilon(current, end);
                }
            }
            return new int[] {start, end};
        }
    }

    /** Subset construction over the classes of code points that no transition tells apart. */
    private static final class Dfa {
        final int[] classStarts;
        final List<int[]> rows = new ArrayList<>();
        final List<Boolean> accept = new ArrayList<>();

        Dfa(Nfa nfa, int start) {
            int states = nfa.epsilon.size();
            java.util.TreeSet<Integer> bounds = new java.util.TreeSet<>();
            bounds.add(0);
            for (int s = 0; s < states; s++) {
                int[] moves = nfa.moves.get(s);
                for (int i = 0; i < moves.length; i += 3) {
                    bounds.add(moves[i]);
                    if (moves[i + 1] < MAX_CODE_POINT) {
                        bounds.add(moves[i + 1] + 1);
                    }
                }
            }
            classStarts = bounds.stream().mapToInt(Integer::intValue).toArray();
            int k = classStarts.length;

            Map<Key, Integer> ids = new HashMap<>();
            ArrayDeque<int[]> work = new ArrayDeque<>();
            int[] initial = closure(nfa, new int[] {start});
            ids.put(new Key(initial), 0);
            rows.add(null);
            accept.add(contains(initial, nfa.accept));
            work.add(initial);
            int processed = 0;
            while (!work.isEmpty()) {
                int[] set = work.poll();
                int id = processed++;
                @SuppressWarnings("unchecked")
                List<Integer>[] targets = new List[k];
                for (int s : set) {
                    int[] moves = nfa.moves.get(s);
                    for (int i = 0; i < moves.length; i += 3) {
                        int from = classIndex(moves[i]);
                        int to = classIndex(moves[i + 1]);
                        for (int c = from; c <= to; c++) {
                            if (targets[c] == null) {
                                targets[c] = new ArrayList<>();
                            }
                            targets[c].add(moves[i + 2]);
                        }
                    }
                }
                int[] row = new int[k];
                Arrays.fill(row, -1);
                Map<Key, Integer> sameTargets = new HashMap<>();
                for (int c = 0; c < k; c++) {
                    if (targets[c] == null) {
                        continue;
                    }
                    Key raw = new Key(targets[c].stream().mapToInt(Integer::intValue).sorted().distinct().toArray());
                    Integer known = sameTargets.get(raw);
                    if (known == null) {
                        int[] next = closure(nfa, raw.states);
                        Key key = new Key(next);
                        known = ids.get(key);
                        if (known == null) {
                            if (ids.size() >= MAX_DFA_STATES) {
                                throw new PatternException(
                                        "regex too complex (more than " + MAX_DFA_STATES + " automaton states)", 0);
                            }
                            known = ids.size();
                            ids.put(key, known);
                            rows.add(null);
                            accept.add(contains(next, nfa.accept));
                            work.add(next);
                        }
                        sameTargets.put(raw, known);
                    }
                    row[c] = known;
                }
                rows.set(id, row);
            }
        }

        private int classIndex(int c) {
            int index = Arrays.binarySearch(classStarts, c);
            return index >= 0 ? index : -index - 2;
        }

        private static boolean contains(int[] sorted, int state) {
            return Arrays.binarySearch(sorted, state) >= 0;
        }

        private int[] marks;
        private int generation;

        private int[] closure(Nfa nfa, int[] seeds) {
            if (marks == null) {
                marks = new int[nfa.epsilon.size()];
            }
            int stamp = ++generation;
            int[] stack = new int[16];
            int top = 0;
            int[] out = new int[16];
            int count = 0;
            for (int s : seeds) {
                if (marks[s] != stamp) {
                    marks[s] = stamp;
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = s;
                }
            }
            while (top > 0) {
                int s = stack[--top];
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = s;
                for (int t : nfa.epsilon.get(s)) {
                    if (marks[t] != stamp) {
                        marks[t] = stamp;
                        if (top == stack.length) {
                            stack = Arrays.copyOf(stack, top * 2);
                        }
                        stack[top++] = t;
                    }
                }
            }
            int[] result = Arrays.copyOf(out, count);
            Arrays.sort(result);
            return result;
        }

        int[] table() {
            int k = classStarts.length;
            int[] table = new int[rows.size() * k];
            for (int s = 0; s < rows.size(); s++) {
                System.arraycopy(rows.get(s), 0, table, s * k, k);
            }
            return table;
        }

        boolean[] accepting() {
            boolean[] out = new boolean[accept.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = accept.get(i);
            }
            return out;
        }

        private record Key(int[] states) {
            @Override
            public boolean equals(Object other) {
                return other instanceof Key key && Arrays.equals(states, key.states);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(states);
            }
        }
    }
}
