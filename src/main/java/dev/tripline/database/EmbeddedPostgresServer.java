package dev.tripline.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries that ship as Maven artifacts, so that Tripline starts on a
 * machine with no database installed. The service keeps its data under a directory of its own; tests use a
 * throw-away directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String database;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, String database) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.database = database;
    }

    /**
     * Starts a server whose data survives restarts (the service's default).
     *
     * @param dataDirectory the PostgreSQL data directory; created and initialised on first use
     * @param database the database to connect to; created when it does not exist yet
     */
    public static EmbeddedPostgresServer startPersistent(Path dataDirectory, String database) {
        return start(dataDirectory, database, false);
    }

    /** Starts a server in a fresh directory that is deleted when the server stops (tests). */
    public static EmbeddedPostgresServer startEphemeral(Path dataDirectory, String database) {
        return start(dataDirectory, database, true);
    }

    private static EmbeddedPostgresServer start(Path dataDirectory, String database, boolean ephemeral) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            stopOrphanedPostmaster(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(ephemeral)
                    // the service's own close() stops the server; a JVM shutdown hook as well would race it
                    .setRegisterShutdownHook(ephemeral)
                    // the library turns synchronous_commit off and starts the server with -F (no fsync at all) for
                    // speed; an acknowledged alert must survive a crash of the machine, not only of the service (a
                    // -c after -F wins)
                    .setServerConfig("synchronous_commit", ephemeral ? "off" : "on")
                    .setServerConfig("fsync", ephemeral ? "off" : "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory, database);
            server.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), directory);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the embedded PostgreSQL with data in " + directory
                            + " (is another Tripline using this directory? set TRIPLINE_DATA_DIR or SPRING_DATASOURCE_URL)",
                    e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL with data in " + directory
                    + ": the directory is locked by another running Tripline (set TRIPLINE_DATA_DIR to another one)", e);
        }
    }

    /**
     * A service killed without a chance to stop its server (kill -9, power loss of the JVM only) leaves the
     * postmaster running on the data directory; stop it so that this start can take the directory over.
     */
    private static void stopOrphanedPostmaster(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        log.warn("Stopping an orphaned PostgreSQL (pid {}) left running on {} by an earlier unclean exit", pid, directory);
        ProcessHandle handle = process.get();
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("The orphaned PostgreSQL (pid " + pid + ") on " + directory + " did not stop", e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(SUPERUSER, "postgres"))) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " in the embedded PostgreSQL", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    public String username() {
        return SUPERUSER;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The postmaster's process id, read from its pid file (the process the tests check is gone after close). */
    public Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
