package dev.tripline.security;

import dev.tripline.web.ProblemWriter;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.util.StringUtils;

/**
 * Who may call what. The API is stateless and key-authenticated; health, metrics and the API description are
 * public so that probes, Prometheus and API tooling work without a key.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final String INGEST = ApiKeyRole.INGEST.name();
    private static final String VIEWER = ApiKeyRole.VIEWER.name();
    private static final String ANALYST = ApiKeyRole.ANALYST.name();
    private static final String ADMIN = ApiKeyRole.ADMIN.name();

    @Bean
    ApiKeyRegistry apiKeyRegistry(@Value("${tripline.api-keys:}") String configuredKeys, JdbcTemplate jdbc) {
        if (StringUtils.hasText(configuredKeys)) {
            List<ApiKeyRegistry.Entry> entries = ConfiguredApiKeys.parse(configuredKeys);
            log.info("API keys: {} from TRIPLINE_API_KEYS ({})", entries.size(),
                    entries.stream().map(e -> e.name() + ":" + e.role().wireName()).toList());
            return new ApiKeyRegistry(entries);
        }
        StoredApiKeys stored = new StoredApiKeys(jdbc);
        Optional<String> created = stored.createBootstrapAdminIfNone();
        created.ifPresent(SecurityConfiguration::announce);
        List<ApiKeyRegistry.Entry> entries = stored.load();
        if (created.isEmpty()) {
            log.info("API keys: {} stored in the database (TRIPLINE_API_KEYS is not set)", entries.size());
        }
        return new ApiKeyRegistry(entries);
    }

    /** The one time a secret is shown: on the console, not through the logging system, and never again. */
    private static void announce(String secret) {
        System.out.println("""

                ==========================================================================
                 Tripline created an admin API key. It is shown this once; only its hash
                 is stored. Keep it somewhere safe:

                     Authorization: ApiKey %s

                 Set TRIPLINE_API_KEYS=role:secret,... to manage keys yourself instead.
                ==========================================================================
                """.formatted(secret));
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyRegistry registry, ProblemWriter problems) {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> { })
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterBefore(new ApiKeyAuthenticationFilter(registry, handlers), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/events", "/api/v1/events/**").hasRole(INGEST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/eql/_search", "/api/v1/rules/_preview").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/rules", "/api/v1/rules/_import").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/rules/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/rules/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(VIEWER)
                        .requestMatchers("/api/**").hasRole(ANALYST)
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .anyRequest().permitAll());
        return http.build();
    }
}
