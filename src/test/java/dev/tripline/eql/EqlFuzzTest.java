package dev.tripline.eql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer fuzz target: any text gives a {@link Query} (which compiles and round-trips) or an {@link EqlException}.
 * Under Surefire it runs in regression mode over the inputs committed in
 * src/test/resources/dev/tripline/eql/EqlFuzzTestInputs/parsesOrRefusesAnyText; with {@code JAZZER_FUZZ=1} it
 * fuzzes, and new findings land in that folder.
 */
class EqlFuzzTest {

    @FuzzTest
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void parsesOrRefusesAnyText(FuzzedDataProvider data) {
        String input = data.consumeRemainingAsString();
        try {
            MutatedQueriesTest.parseCompileAndRoundTrip(input);
        } catch (EqlException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("an EqlException without a message for: " + input);
            }
        }
    }
}
