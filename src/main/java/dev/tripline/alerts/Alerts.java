package dev.tripline.alerts;

import java.util.List;

/** What the ingest path calls once a batch's matches are known, before it acknowledges the batch. */
public interface Alerts {

    /**
     * Stores every alert not stored yet, in one transaction, and returns the ones that were new, in input order.
     * An alert whose id is already stored (a replayed batch, a client's retry, a concurrent caller that got there
     * first) is skipped: the same id is never stored twice, whoever calls and however often. Called inside a
     * transaction of the caller's, the alerts join it and are committed (or not) with it.
     *
     * @throws org.springframework.dao.DataAccessException when the alerts could not be committed (PostgreSQL
     *         unreachable, commit failed): the caller answers 503, rolls its engine state back and lets the client
     *         retry. The retry stores exactly what is missing, even when a commit whose answer was lost did land.
     */
    List<RaisedAlert> raise(List<NewAlert> alerts);
}
