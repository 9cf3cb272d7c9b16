package dev.tripline.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the list's feed positions growing when the alerts move to another PostgreSQL cluster. A position is the
 * inserting transaction's id plus an epoch base; ids grow within a cluster, but a dump restored elsewhere brings
 * positions that the new cluster's ids may lie below, and new alerts would then list before old ones and behind
 * every poller's cursor. Checked once when the service starts, before anything is raised (the alert store depends
 * on this bean); in the cluster the alerts were written in, the check never fires.
 */
@Component
class AlertFeed {

    private static final Logger log = LoggerFactory.getLogger(AlertFeed.class);

    private final JdbcTemplate jdbc;

    AlertFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        ensureNewPositionsFollowStoredOnes();
    }

    /**
     * Raises the epoch if some stored position is not below the position a new alert would get now, and returns
     * the epoch in force. The update is one statement, so services starting together raise it once.
     */
    int ensureNewPositionsFollowStoredOnes() {
        Integer raised = jdbc.query("""
                UPDATE alert_feed SET epoch = (SELECT (max(feed_position) >> 48) + 1 FROM alerts)
                WHERE (SELECT max(feed_position) FROM alerts)
                      >= alert_feed_base() + (pg_current_xact_id()::text)::bigint
                RETURNING epoch""", rs -> rs.next() ? rs.getInt(1) : null);
        if (raised != null) {
            log.warn("The alerts in this database were written by another PostgreSQL cluster (restored from a dump?):"
                    + " feed epoch raised to {} so that new alerts list after them and pollers' cursors stay valid",
                    raised);
            return raised;
        }
        return jdbc.queryForObject("SELECT epoch FROM alert_feed", Integer.class);
    }
}
