/**
 * The streaming detection engine: compiled rules evaluated on events as they arrive, partial sequence matches kept
 * per rule and join key in a bounded store, completed sequences handed out as {@link dev.tripline.engine.Match}es.
 *
 * <p>Entry points: {@link dev.tripline.engine.DetectionEngine} for the stream (install rules, evaluate batches,
 * commit or roll back their effects) and {@link dev.tripline.engine.EqlSearch} for one-shot searches over a list of
 * events, both driven by the same state machines. Plain Java with Caffeine and Jackson: no Spring, no JPA.
 */
package dev.tripline.engine;
