package dev.tripline.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's self-description at {@code /v3/api-docs}; the committed copy is {@code openapi/tripline-v1.yaml}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "ApiKey";

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
