package dev.tripline.alerts;

import java.util.List;

/** What the ingest path calls once a batch's matches are known, before it acknowledges the batch. */
public interface Alerts {

    /**
     * Stores every alert not stored yet, in one transaction, and returns the ones that were new, in input order.
     * An alert whose id is already stored (a replayed batch, a client's retry, a concurrent caller that got there
     * first) is skipped: the same id is never stored twice, whoever calls and however often.
     *
     * @throws org.springframework.dao.DataAccessException when the alerts could not be committed (PostgreSQL
     *         unreachable, commit failed); nothing of this call is stored then, so the caller can answer 503,
     *         roll its engine state back and let the client retry
     */
    List<RaisedAlert> raise(List<NewAlert> alerts);
}
