package dev.tripline.engine;

/**
 * A batch could not be committed because it built on the uncommitted effects of an earlier batch that was rolled back
 * (this batch was rolled back with it), or that did not settle in time. Nothing of the batch remains in the engine;
 * the caller answers as for any failed batch, and a retry evaluates it afresh.
 */
public final class BatchAbandonedException extends RuntimeException {

    BatchAbandonedException(String message) {
        super(message);
    }
}
