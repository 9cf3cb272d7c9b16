/**
 * Alerts: every completed detection stored exactly once, and the API that dashboards and SOAR playbooks poll and
 * triage. Other modules see only {@link dev.tripline.alerts.Alerts} and its records; storage, the derived alert
 * document and the REST controller are internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerts",
        allowedDependencies = {"web", "security", "event"})
package dev.tripline.alerts;
