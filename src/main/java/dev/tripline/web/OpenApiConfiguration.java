package dev.tripline.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/** The API's self-description at {@code /v3/api-docs}; the committed copy is {@code openapi/tripline-v1.yaml}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "ApiKey";

    static {
        // a Jackson 3 tree (an event document, a MITRE mapping) is JSON, not a bean with isArray() getters
        SpringDocUtils.getConfig().replaceWithClass(tools.jackson.databind.JsonNode.class, Object.class);
    }

    /**
     * Schemas named the way the API writes JSON. springdoc introspects types with its own Jackson 2 mapper, which
     * knows nothing of the service's snake_case naming: without this the description would promise ruleId where
     * the body has rule_id.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(true);
    }

    @Bean
    OpenAPI triplineOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Tripline API")
                        .version("v1")
                        .description("""
                                Streaming detection: POST batches of ECS endpoint events, get alerts from Elastic-format \
                                EQL rules within milliseconds. Every request needs `Authorization: ApiKey <secret>`; \
                                roles are ingest, viewer, analyst and admin. Errors are RFC 9457 problem+json with a \
                                stable `type` (`urn:tripline:problem:<slug>`).""")
                        .license(new License().name("Proprietary")))
                .components(new Components().addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name("Authorization")
                        .description("`ApiKey <secret>`: a key from TRIPLINE_API_KEYS, or the admin key printed at first start")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
    }
}
