package dev.tripline.eql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Folders of test data that live outside the repository (the reference EQL engine's conformance corpus, Elastic's
 * detection rules). Their location comes from a system property; the tests that need them are skipped, saying
 * which property to set, when it is not set or the folder is missing.
 */
final class TestData {

    static final String CONFORMANCE_PROPERTY = "tripline.eql.conformance.dir";
    static final String RULES_PROPERTY = "tripline.rules.corpus.dir";

    private TestData() {
    }

    static Optional<Path> folder(String property) {
        String value = System.getProperty(property, "");
        if (value.isBlank()) {
            value = System.getenv(property.toUpperCase().replace('.', '_'));
        }
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
    }

    static String absentMessage(String property, String what) {
        return what + " not available: set system property " + property + " (Maven: -D" + property
                + "=<folder>) or environment variable " + property.toUpperCase().replace('.', '_')
                + " to the folder holding it";
    }
}
