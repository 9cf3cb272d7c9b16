package dev.tripline.alerts;

import dev.tripline.security.CurrentApiKey;
import dev.tripline.web.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Analysts' changes to alerts. Each change locks the alert rows, checks, writes the new state one version further
 * and records every status change with the acting API key's name, all in one transaction.
 */
@Service
class AlertTriage {

    private final AlertStore store;

    AlertTriage(AlertStore store) {
        this.store = store;
    }

    /**
     * Applies a patch if the client saw the current version. {@code If-Match} is required: without it, two
     * analysts triaging the same alert would overwrite each other unnoticed; {@code If-Match: *} is the explicit
     * way to change whatever the current version is.
     */
    @Transactional
    AlertView change(UUID id, String ifMatch, TriagePatch patch) {
        TriageState current = store.lockTriage(List.of(id)).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("Alert", id));
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiException(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", "Precondition required",
                    "Changing an alert needs an If-Match header with the ETag you read (or * to change any version)",
                    Map.of("current_etag", EntityTags.of(current.version())));
        }
        if (!EntityTags.matches(ifMatch, current.version())) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
                    "The alert changed since you read it: it is at version " + current.version()
                            + "; read it again and reapply your change",
                    Map.of("current_etag", EntityTags.of(current.version()), "current_version", current.version()));
        }
        TriageState next = patch.applyTo(current);
        if (!next.equals(current)) {
            store.updateTriage(next);
            if (statusChanged(current, next)) {
                store.recordStatusChanges(List.of(new AlertStore.StatusChange(id, current.status(), next.status(),
                        next.statusReason(), CurrentApiKey.name())));
            }
        }
        return store.find(id).orElseThrow().withStatusHistory(store.statusHistory(id));
    }

    /** Sets the status of many alerts; ids that do not exist are reported, not fatal. */
    @Transactional
    BulkStatusResult changeStatus(BulkStatusChange change) {
        Map<UUID, TriageState> current = new HashMap<>();
        for (TriageState state : store.lockTriage(change.ids())) {
            current.put(state.id(), state);
        }
        List<UUID> changed = new ArrayList<>();
        List<AlertStore.StatusChange> history = new ArrayList<>();
        List<BulkStatusResult.Item> results = new ArrayList<>(change.ids().size());
        int updated = 0;
        int unchanged = 0;
        int notFound = 0;
        String actor = CurrentApiKey.name();
        for (UUID id : change.ids()) {
            TriageState state = current.get(id);
            if (state == null) {
                results.add(new BulkStatusResult.Item(id, "not_found", null));
                notFound++;
                continue;
            }
            TriageState next = new TriageState(id, change.status(), change.statusReason(), state.assignee(),
                    state.tags(), state.version());
            if (next.equals(state)) {
                results.add(new BulkStatusResult.Item(id, "unchanged", state.version()));
                unchanged++;
                continue;
            }
            changed.add(id);
            history.add(new AlertStore.StatusChange(id, state.status(), next.status(), next.statusReason(), actor));
            results.add(new BulkStatusResult.Item(id, "updated", state.version() + 1));
            updated++;
        }
        if (!changed.isEmpty()) {
            store.updateStatus(changed, change.status(), change.statusReason());
            store.recordStatusChanges(history);
        }
        return new BulkStatusResult(updated, unchanged, notFound, results);
    }

    private static boolean statusChanged(TriageState before, TriageState after) {
        return before.status() != after.status() || before.statusReason() != after.statusReason();
    }
}
