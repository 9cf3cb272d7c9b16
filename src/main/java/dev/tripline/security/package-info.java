/**
 * API keys and the four roles: {@code ingest} posts events, {@code viewer} reads, {@code analyst} triages and
 * tunes, {@code admin} does everything. Other features ask {@link dev.tripline.security.CurrentApiKey} who is
 * acting; the rest of this package is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Security")
package dev.tripline.security;
