package dev.tripline.engine;

/** A rule the engine cannot run as a stream; the message says why, in words a rule author can act on. */
public class UnsupportedRuleException extends IllegalArgumentException {

    public UnsupportedRuleException(String message) {
        super(message);
    }
}
