package dev.tripline.event;

/** An event that cannot be evaluated (not an object, no parseable timestamp); the message says why. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }
}
