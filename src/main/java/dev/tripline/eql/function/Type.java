package dev.tripline.eql.function;

/** The static type of an expression, as far as it is known before any event is seen (a field's is not). */
public enum Type {
    BOOLEAN("a boolean"),
    NUMBER("a number"),
    STRING("a string"),
    /** a field or anything else whose type only the event decides */
    ANY("any value"),
    /** the literal null, acceptable wherever a value is */
    NULL("null");

    private final String description;

    Type(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether a value of this type may be given where {@code expected} is required. */
    public boolean fits(Type expected) {
        return expected == ANY || this == ANY || this == NULL || this == expected
                // strings take the text of numbers and booleans, as string() and concat() do
                || expected == STRING && (this == NUMBER || this == BOOLEAN);
    }
}
