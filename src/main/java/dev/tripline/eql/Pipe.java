package dev.tripline.eql;

/** A {@code | head N} or {@code | tail N} pipe, applied to a search's results (never to streaming rules). */
public record Pipe(Kind kind, int count) {

    public enum Kind {
        HEAD,
        TAIL
    }
}
