/**
 * Where the service's PostgreSQL comes from when none is configured: an embedded server with its data under
 * {@code TRIPLINE_DATA_DIR}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Embedded database")
package dev.tripline.database;
