package dev.tripline.support;

import dev.tripline.database.EmbeddedPostgresServer;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one database configuration every integration test imports (through {@link IntegrationTest}). Exactly one
 * of its beans exists, chosen by {@link TestDatabase#source()}; each gives Boot a {@link JdbcConnectionDetails},
 * which the DataSource and Flyway both read.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConfiguration {

    @Bean
    @Conditional(External.class)
    JdbcConnectionDetails externalTestDatabase() {
        String url = System.getenv("TEST_JDBC_URL");
        String user = System.getenv().getOrDefault("TEST_JDBC_USERNAME", "postgres");
        String password = System.getenv("TEST_JDBC_PASSWORD");
        return new Details(url, user, password);
    }

    @Bean
    @ServiceConnection
    @Conditional(Testcontainers.class)
    PostgreSQLContainer postgresContainer() {
        return new PostgreSQLContainer(TestDatabase.PostgresImage.NAME);
    }

    @Bean
    @Conditional(Embedded.class)
    JdbcConnectionDetails embeddedTestDatabase() {
        EmbeddedPostgresServer server = TestDatabase.embedded();
        return new Details(server.jdbcUrl(), server.username(), null);
    }

    private record Details(String url, String user, String password) implements JdbcConnectionDetails {
        @Override
        public String getJdbcUrl() {
            return url;
        }

        @Override
        public String getUsername() {
            return user;
        }

        @Override
        public String getPassword() {
            return password;
        }
    }

    /**
     * Test classes sit on the classpath of every application a test starts, so component scanning can see this
     * class even where it was not imported (a test that runs the real default start). Its beans only exist for
     * contexts of the {@code it} profile, which sets this property.
     */
    private static boolean wanted(ConditionContext context) {
        return context.getEnvironment().getProperty("tripline.test-database.enabled", Boolean.class, false);
    }

    static final class External implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return wanted(context) && TestDatabase.source() == TestDatabase.Source.EXTERNAL;
        }
    }

    static final class Testcontainers implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return wanted(context) && TestDatabase.source() == TestDatabase.Source.TESTCONTAINERS;
        }
    }

    static final class Embedded implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return wanted(context) && TestDatabase.source() == TestDatabase.Source.EMBEDDED;
        }
    }
}
