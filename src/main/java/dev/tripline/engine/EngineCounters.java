package dev.tripline.engine;

/**
 * Engine-wide figures.
 *
 * @param eventsEvaluated events accepted and evaluated
 * @param lateEvents events not evaluated because they arrived beyond the allowed lateness
 * @param pendingKeys (rule, join key) states held in the store now
 * @param awaitingConfirmation keys whose candidates wait for a trailing missing-event window to pass
 * @param sweeps sweeps completed ({@link DetectionEngine#sweep()})
 * @param sweepNanos the time those sweeps worked, in all (without the rests of a paced sweep)
 */
public record EngineCounters(long eventsEvaluated, long lateEvents, long pendingKeys, long awaitingConfirmation,
        long sweeps, long sweepNanos) {
}
