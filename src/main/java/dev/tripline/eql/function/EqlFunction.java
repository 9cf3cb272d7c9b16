package dev.tripline.eql.function;

import static dev.tripline.eql.function.Type.ANY;
import static dev.tripline.eql.function.Type.BOOLEAN;
import static dev.tripline.eql.function.Type.NUMBER;
import static dev.tripline.eql.function.Type.STRING;

import dev.tripline.eql.match.CaseFold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Elasticsearch's EQL functions. Each is applied to single values (the compiler maps it over the values of a
 * multi-valued field); a {@code null} argument where a value is required gives {@code null}. Names are matched
 * ignoring case ({@code cidrmatch} is {@code cidrMatch}); the five string searches also have a case-insensitive
 * {@code ~} form.
 */
public enum EqlFunction {

    ADD("add", NUMBER, false, 2, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.add(args[0], args[1]);
        }
    },
    BETWEEN("between", STRING, true, 3, STRING, STRING, STRING, BOOLEAN) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            String left = Values.text(args[1]);
            String right = Values.text(args[2]);
            if (source == null || left == null || right == null) {
                return null;
            }
            boolean greedy = args.length > 3 && args[3] != null && args[3].isBoolean() && args[3].booleanValue();
            String searched = caseInsensitive ? CaseFold.fold(source) : source;
            if (caseInsensitive) {
                left = CaseFold.fold(left);
                right = CaseFold.fold(right);
            }
            int at = searched.indexOf(left);
            if (at < 0) {
                return Values.string("");
            }
            int start = at + left.length();
            int end = greedy ? searched.lastIndexOf(right) : searched.indexOf(right, start);
            return Values.string(end < start ? "" : source.substring(start, end));
        }
    },
    /** Compiled specially: its blocks are constants, parsed once (see the compiler); this path serves folding. */
    CIDR_MATCH("cidrMatch", BOOLEAN, false, 2, ANY, STRING) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String ip = Values.text(args[0]);
            if (ip == null) {
                return null;
            }
            List<String> blocks = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String block = Values.text(args[i]);
                if (block == null) {
                    return null;
                }
                blocks.add(block);
            }
            try {
                return Values.bool(dev.tripline.eql.match.CidrSet.compile(blocks).contains(ip));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public boolean variadic() {
            return true;
        }
    },
    CONCAT("concat", STRING, false, 1, ANY) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            StringBuilder out = new StringBuilder();
            for (JsonNode arg : args) {
                String text = Values.text(arg);
                if (text == null) {
                    return null;
                }
                out.append(text);
            }
            return Values.string(out.toString());
        }

        @Override
        public boolean variadic() {
            return true;
        }
    },
    DIVIDE("divide", NUMBER, false, 2, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.divide(args[0], args[1]);
        }
    },
    ENDS_WITH("endsWith", BOOLEAN, true, 2, STRING, STRING) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            String suffix = Values.text(args[1]);
            if (source == null || suffix == null) {
                return null;
            }
            return Values.bool(caseInsensitive
                    ? CaseFold.regionEqualsFolded(source, source.length() - suffix.length(), CaseFold.fold(suffix))
                    : source.endsWith(suffix));
        }
    },
    INDEX_OF("indexOf", NUMBER, true, 2, STRING, STRING, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            String searched = Values.text(args[1]);
            if (source == null || searched == null) {
                return null;
            }
            long from = 0;
            if (args.length > 2 && args[2] != null) {
                if (!Values.isNumber(args[2])) {
                    return null;
                }
                from = Math.max(0, args[2].longValue());
            }
            if (from > source.length()) {
                return null;
            }
            int at = caseInsensitive
                    ? CaseFold.indexOfFolded(source, CaseFold.fold(searched), (int) from)
                    : source.indexOf(searched, (int) from);
            return at < 0 ? null : Values.number(at);
        }
    },
    LENGTH("length", NUMBER, false, 1, STRING) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            return source == null ? null : Values.number(source.length());
        }
    },
    MODULO("modulo", NUMBER, false, 2, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.modulo(args[0], args[1]);
        }
    },
    MULTIPLY("multiply", NUMBER, false, 2, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.multiply(args[0], args[1]);
        }
    },
    NUMBER_("number", NUMBER, false, 1, STRING, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            if (args[0] != null && args[0].isNumber()) {
                return args[0];
            }
            String text = Values.text(args[0]);
            if (text == null) {
                return null;
            }
            int base = 10;
            if (args.length > 1 && args[1] != null) {
                if (!args[1].isIntegralNumber()) {
                    return null;
                }
                long b = args[1].longValue();
                if (b < Character.MIN_RADIX || b > Character.MAX_RADIX) {
                    return null;
                }
                base = (int) b;
            }
            return parseNumber(text.trim(), base);
        }
    },
    STARTS_WITH("startsWith", BOOLEAN, true, 2, STRING, STRING) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            String prefix = Values.text(args[1]);
            if (source == null || prefix == null) {
                return null;
            }
            return Values.bool(caseInsensitive
                    ? CaseFold.regionEqualsFolded(source, 0, CaseFold.fold(prefix))
                    : source.startsWith(prefix));
        }
    },
    STRING_("string", STRING, false, 1, ANY) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.string(Values.text(args[0]));
        }
    },
    STRING_CONTAINS("stringContains", BOOLEAN, true, 2, STRING, STRING) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            String searched = Values.text(args[1]);
            if (source == null || searched == null) {
                return null;
            }
            return Values.bool(caseInsensitive
                    ? CaseFold.indexOfFolded(source, CaseFold.fold(searched), 0) >= 0
                    : source.contains(searched));
        }
    },
    SUBSTRING("substring", STRING, false, 2, STRING, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            String source = Values.text(args[0]);
            if (source == null) {
                return null;
            }
            int length = source.length();
            int start = 0;
            int end = length;
            if (args[1] != null) {
                if (!Values.isNumber(args[1])) {
                    return null;
                }
                start = position(args[1].longValue(), length);
            }
            if (args.length > 2 && args[2] != null) {
                if (!Values.isNumber(args[2])) {
                    return null;
                }
                end = position(args[2].longValue(), length);
            }
            return Values.string(start >= end ? "" : source.substring(start, end));
        }
    },
    SUBTRACT("subtract", NUMBER, false, 2, NUMBER, NUMBER) {
        @Override
        public JsonNode apply(JsonNode[] args, boolean caseInsensitive) {
            return Values.subtract(args[0], args[1]);
        }
    };

    /** Functions of the legacy Endgame EQL that Elasticsearch does not have. */
    private static final Set<String> LEGACY = Set.of("arraycontains", "arraycount", "arraysearch", "match",
            "matchlite", "safe", "wildcard");

    private static final Map<String, EqlFunction> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(f -> f.name.toLowerCase(Locale.ROOT), Function.identity()));

    private final String name;
    private final Type result;
    private final boolean insensitiveForm;
    private final int required;
    private final Type[] parameters;

    EqlFunction(String name, Type result, boolean insensitiveForm, int required, Type... parameters) {
        this.name = name;
        this.result = result;
        this.insensitiveForm = insensitiveForm;
        this.required = required;
        this.parameters = parameters;
    }

    /** The function whose name is {@code name} ignoring case, or {@code null}. */
    public static EqlFunction find(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    public static boolean isLegacy(String name) {
        return LEGACY.contains(name.toLowerCase(Locale.ROOT));
    }

    public static List<String> names() {
        return Stream.of(values()).map(EqlFunction::canonicalName).toList();
    }

    /**
     * Applies the function to single values.
     *
     * @param args one value per argument; {@code null} for a null or missing value, never an array
     * @return the result, {@code null} for null
     */
    public abstract JsonNode apply(JsonNode[] args, boolean caseInsensitive);

    public String canonicalName() {
        return name;
    }

    public Type resultType() {
        return result;
    }

    public boolean hasInsensitiveForm() {
        return insensitiveForm;
    }

    public int requiredArguments() {
        return required;
    }

    /** The most arguments the function takes, or {@link Integer#MAX_VALUE} when it takes any number. */
    public int maximumArguments() {
        return variadic() ? Integer.MAX_VALUE : parameters.length;
    }

    public boolean variadic() {
        return false;
    }

    /** The type argument {@code index} (from 0) must have; variadic functions repeat their last parameter. */
    public Type parameterType(int index) {
        return parameters[Math.min(index, parameters.length - 1)];
    }

    /** Python-style position: negative counts from the end; clamped to [0, length]. */
    private static int position(long index, int length) {
        if (index < 0) {
            return (int) Math.max(0, length + index);
        }
        return (int) Math.min(index, length);
    }

    private static JsonNode parseNumber(String text, int base) {
        if (text.isEmpty()) {
            return null;
        }
        boolean negative = text.startsWith("-");
        String digits = negative || text.startsWith("+") ? text.substring(1) : text;
        if (base == 16 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
            digits = digits.substring(2);
        }
        if (digits.isEmpty() || digits.startsWith("-") || digits.startsWith("+")) {
            return null;
        }
        try {
            long value = Long.parseLong(digits, base);
            return Values.number(negative ? -value : value);
        } catch (NumberFormatException notWhole) {
            if (base != 10) {
                return null;
            }
            try {
                double value = Double.parseDouble(digits);
                return Double.isFinite(value) && isDecimal(digits) ? Values.number(negative ? -value : value) : null;
            } catch (NumberFormatException notDecimal) {
                return null;
            }
        }
    }

    /** Only plain decimals: Java's parser also takes hex floats, "NaN" and type suffixes like "1d". */
    private static boolean isDecimal(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
                return false;
            }
        }
        return true;
    }
}
