package dev.tripline.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EmbeddedDatabaseAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedDatabaseAutoConfiguration.class));

    @Test
    void startsNoEmbeddedServerWhenADatasourceUrlIsConfigured() {
        contexts.withPropertyValues("spring.datasource.url=jdbc:postgresql://db.example:5432/tripline")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class);
                    assertThat(context).doesNotHaveBean(JdbcConnectionDetails.class);
                });
    }

    @Test
    void startsNoEmbeddedServerWhenConnectionDetailsAreProvided() {
        JdbcConnectionDetails provided = new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return "tripline";
            }

            @Override
            public String getPassword() {
                return "secret";
            }

            @Override
            public String getJdbcUrl() {
                return "jdbc:postgresql://provided:5432/tripline";
            }
        };
        contexts.withBean(JdbcConnectionDetails.class, () -> provided)
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
    }

    @Test
    void canBeSwitchedOff() {
        contexts.withPropertyValues("tripline.embedded-database.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EmbeddedPostgresServer.class));
    }
}
