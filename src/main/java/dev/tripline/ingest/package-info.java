/**
 * Batch intake: {@code POST /api/v1/events} decodes, validates, de-duplicates and orders a batch, drives the
 * detection engine, and answers only once the batch's alerts are committed.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Ingest")
package dev.tripline.ingest;
