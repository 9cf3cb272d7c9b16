package dev.tripline.eql;

/** What a query finds: single events, ordered sequences, or unordered samples. */
public enum QueryKind {
    EVENT,
    SEQUENCE,
    SAMPLE
}
