package dev.tripline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

class ApiKeyRegistryTest {

    private final ApiKeyRegistry registry = new ApiKeyRegistry(List.of(
            new ApiKeyRegistry.Entry("shipper", ApiKeyRole.INGEST, ApiKeyRegistry.sha256("ingest-secret-00001")),
            new ApiKeyRegistry.Entry("ops", ApiKeyRole.ADMIN, ApiKeyRegistry.sha256("admin-secret-000001"))));

    @Test
    void authenticatesAKnownSecretAsItsNamedKey() {
        assertThat(registry.authenticate("admin-secret-000001"))
                .hasValueSatisfying(p -> {
                    assertThat(p.name()).isEqualTo("ops");
                    assertThat(p.role()).isEqualTo(ApiKeyRole.ADMIN);
                });
    }

    @Test
    void rejectsUnknownAndNearMissSecrets() {
        assertThat(registry.authenticate("admin-secret-000002")).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();
        assertThat(registry.authenticate("ADMIN-SECRET-000001")).isEmpty();
    }

    @Test
    void principalNeverShowsTheSecret() {
        assertThat(registry.authenticate("ingest-secret-00001").orElseThrow().toString())
                .isEqualTo("shipper (ingest)")
                .doesNotContain("ingest-secret");
    }

    @Test
    void adminIncludesEveryRoleAndAnalystIncludesViewer() {
        assertThat(ApiKeyRole.ADMIN.authorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ADMIN", "ROLE_ANALYST", "ROLE_VIEWER", "ROLE_INGEST");
        assertThat(ApiKeyRole.ANALYST.authorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_ANALYST", "ROLE_VIEWER");
        assertThat(ApiKeyRole.INGEST.authorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_INGEST");
    }
}
