/**
 * The HTTP frame every feature shares: RFC 9457 problem+json for every error a client can cause, request ids
 * that tie a response to its log lines, and the exception types features throw to say what went wrong.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Web")
package dev.tripline.web;
