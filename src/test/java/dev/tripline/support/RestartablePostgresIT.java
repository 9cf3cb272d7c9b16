package dev.tripline.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class RestartablePostgresIT {

    @Test
    void keepsItsDataAcrossAStopAndAStartAndCloseDeletesTheDataDirectory() throws Exception {
        RestartablePostgres postgres = new RestartablePostgres();
        try {
            postgres.start();
            execute(postgres, "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)");
            postgres.stop();
            postgres.start();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT n FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(7);
            }
            assertThat(Files.exists(postgres.dataDirectory().resolve("PG_VERSION"))).isTrue();
        } finally {
            postgres.close();
        }
        assertThat(Files.exists(postgres.dataDirectory())).isFalse();
    }

    private static void execute(RestartablePostgres postgres, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
