package dev.tripline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredApiKeysTest {

    @Test
    void parsesRoleSecretPairsAndNamesThemByRoleAndPosition() {
        List<ApiKeyRegistry.Entry> entries =
                ConfiguredApiKeys.parse("ingest:shipper-secret-000001, viewer:dashboard-secret-0001");

        assertThat(entries).extracting(ApiKeyRegistry.Entry::name).containsExactly("ingest-1", "viewer-2");
        assertThat(entries).extracting(ApiKeyRegistry.Entry::role).containsExactly(ApiKeyRole.INGEST, ApiKeyRole.VIEWER);
    }

    @Test
    void acceptsAnExplicitNameBeforeTheRole() {
        List<ApiKeyRegistry.Entry> entries = ConfiguredApiKeys.parse("soar=analyst:playbook-secret-0001");

        assertThat(entries.get(0).name()).isEqualTo("soar");
        assertThat(entries.get(0).role()).isEqualTo(ApiKeyRole.ANALYST);
    }

    @Test
    void keepsColonsInsideTheSecret() {
        ApiKeyRegistry registry = new ApiKeyRegistry(ConfiguredApiKeys.parse("admin:with:colons:in:it:0001"));

        assertThat(registry.authenticate("with:colons:in:it:0001")).isPresent();
    }

    @Test
    void rejectsUnknownRoleWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> ConfiguredApiKeys.parse("root:very-secret-value-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1")
                .hasMessageContaining("unknown role 'root'")
                .hasMessageNotContaining("very-secret-value-01");
    }

    @Test
    void rejectsShortSecrets() {
        assertThatThrownBy(() -> ConfiguredApiKeys.parse("viewer:short"))
                .hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("short'");
    }

    @Test
    void rejectsDuplicateNames() {
        assertThatThrownBy(() -> ConfiguredApiKeys.parse("a=viewer:first-secret-00001,a=admin:second-secret-0001"))
                .hasMessageContaining("'a' is used twice");
    }

    @Test
    void rejectsAValueThatNamesNoKey() {
        assertThatThrownBy(() -> ConfiguredApiKeys.parse(" , ")).hasMessageContaining("names no key");
    }
}
