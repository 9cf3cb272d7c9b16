package dev.tripline.database;

import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL when nothing else says where the database is: no {@code spring.datasource.url}
 * (or {@code SPRING_DATASOURCE_URL}) and no {@link JdbcConnectionDetails} bean (tests and Testcontainers provide
 * one). It runs before the DataSource and Flyway auto-configuration, which both read the connection details.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(name = "tripline.embedded-database.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnMissingBean(JdbcConnectionDetails.class)
@Conditional(EmbeddedDatabaseAutoConfiguration.NoDatasourceUrl.class)
class EmbeddedDatabaseAutoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(Environment environment) {
        Path dataDir = Path.of(environment.getProperty("tripline.data-dir", "./data"));
        return EmbeddedPostgresServer.startPersistent(dataDir.resolve("postgres"), "tripline");
    }

    @Bean
    JdbcConnectionDetails embeddedPostgresConnectionDetails(EmbeddedPostgresServer server) {
        return new EmbeddedConnectionDetails(server.jdbcUrl(), server.username());
    }

    private record EmbeddedConnectionDetails(String getJdbcUrl, String getUsername) implements JdbcConnectionDetails {

        @Override
        public String getPassword() {
            // trust authentication on a server that listens on localhost only
            return null;
        }
    }

    static class NoDatasourceUrl extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return StringUtils.hasText(url)
                    ? ConditionOutcome.noMatch("spring.datasource.url is set")
                    : ConditionOutcome.match("no spring.datasource.url");
        }
    }
}
