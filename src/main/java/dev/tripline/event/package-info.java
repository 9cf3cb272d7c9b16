/**
 * The view of one ECS document that rules are evaluated against: dotted field paths resolved through nested
 * objects and flattened dotted keys alike, multi-valued fields, event time in nanoseconds, and the event's key.
 * Plain Java and Jackson: no Spring, no JPA.
 */
package dev.tripline.event;
