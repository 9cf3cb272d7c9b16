package dev.tripline.eql;

/** A {@code | head N} or {@code | tail N} pipe, applied to a search's results (never to streaming rules). */
public record Pipe(Kind kind, int count) {

    public enum Kind {
        HEAD,
        TAIL
    }

    public Pipe {
        if (kind == null) {
            throw new IllegalArgumentException("pipe kind must be given");
        }
        if (count < 0) {
            throw new IllegalArgumentException("pipe count must not be negative, was " + count);
        }
    }

    public String render() {
        return "| " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + count;
    }
}
