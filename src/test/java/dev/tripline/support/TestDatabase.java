package dev.tripline.support;

import dev.tripline.database.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Decides once per test JVM where integration tests get PostgreSQL, and says so on the console:
 * <ol>
 *   <li>{@code TEST_JDBC_URL} (with {@code TEST_JDBC_USERNAME}/{@code TEST_JDBC_PASSWORD}) when set;</li>
 *   <li>else a Testcontainers PostgreSQL when a Docker engine answers;</li>
 *   <li>else an embedded PostgreSQL (the same server binaries the service runs by default).</li>
 * </ol>
 * The tests are the same in every case.
 */
public final class TestDatabase {

    public enum Source {
        EXTERNAL,
        TESTCONTAINERS,
        EMBEDDED
    }

    private static volatile Source source;
    private static volatile EmbeddedPostgresServer embedded;

    private TestDatabase() {
    }

    public static Source source() {
        Source s = source;
        if (s == null) {
            synchronized (TestDatabase.class) {
                s = source;
                if (s == null) {
                    s = decide();
                    source = s;
                }
            }
        }
        return s;
    }

    private static Source decide() {
        String url = System.getenv("TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            announce("external PostgreSQL at " + url.replaceAll("password=[^&]*", "password=***") + " (TEST_JDBC_URL)");
            return Source.EXTERNAL;
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (docker) {
            announce("Testcontainers PostgreSQL (" + PostgresImage.NAME + ", a Docker engine answered)");
            return Source.TESTCONTAINERS;
        }
        announce("embedded PostgreSQL (no Docker engine answered; zonky server binaries)");
        return Source.EMBEDDED;
    }

    /** The embedded server shared by every test context of this JVM; stopped when the JVM exits. */
    public static EmbeddedPostgresServer embedded() {
        EmbeddedPostgresServer server = embedded;
        if (server == null) {
            synchronized (TestDatabase.class) {
                server = embedded;
                if (server == null) {
                    try {
                        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tripline-it-pg-");
                        server = EmbeddedPostgresServer.startEphemeral(dir, "tripline");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    embedded = server;
                }
            }
        }
        return server;
    }

    private static void announce(String what) {
        System.err.println("[tripline-tests] integration tests use " + what.toLowerCase(Locale.ROOT).charAt(0)
                + what.substring(1));
    }

    static final class PostgresImage {
        static final String NAME = "postgres:17-alpine";

        private PostgresImage() {
        }
    }
}
