package dev.tripline.rules;

import java.util.List;
import java.util.Map;

/**
 * The answer to {@code POST /api/v1/rules/_import}: one result per rule given, in input order.
 *
 * @param rulesCount how many rules were given
 * @param successCount how many were created, updated or found unchanged
 * @param errorCount how many were refused
 * @param results per rule
 */
record ImportReport(int rulesCount, int successCount, int errorCount, List<Result> results) {

    /**
     * @param index position in the upload (from 0)
     * @param source the file name (multipart) or {@code line N} (NDJSON)
     * @param ruleId the rule id when it could be read
     * @param status created, updated, unchanged or error
     * @param revision the stored revision after the import
     * @param error the problem (type, title, status, detail and its properties) when refused
     */
    record Result(int index, String source, String ruleId, String status, Integer revision,
            Map<String, Object> error) {
    }
}
