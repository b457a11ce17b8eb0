package io.herald.contract.openapi;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.ProblemDetail;

/**
 * What every Herald OpenAPI document (springdoc, {@code /v3/api-docs}) shares: the {@code bearerAuth} scheme required
 * by every operation, the 401/403 answers of the shared security ({@code io.herald.contract.security}), and
 * problem+json ({@link ProblemDetail}) as the content of every error answer, so a controller names only its own
 * statuses ({@code @ApiResponse(responseCode = "404", description = "...")}).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class HeraldOpenApiAutoConfiguration {

    /** The security scheme's name in the documents. */
    public static final String BEARER = "bearerAuth";

    /** The media type of every error answer. */
    public static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenApiCustomizer heraldBearerAndRefusals(Environment environment) {
        return openApi -> {
            // named after the service (spring.application.name), not springdoc's "OpenAPI definition"
            openApi.setInfo(new Info()
                    .title(environment.getProperty("spring.application.name", "herald") + " API")
                    .version("v1")
                    .description("Herald: signed delivery of notifications and API calls over Kafka"));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP)
                            .scheme("bearer")
                            .description("A Herald static token (herald.security.tokens) or a JWT of the configured"
                                    + " issuer; the role each operation needs is in its description"));
            ModelConverters.getInstance()
                    .readAll(ProblemDetail.class)
                    .forEach((name, schema) -> components.addSchemas(name, schema));
            openApi.addSecurityItem(new SecurityRequirement().addList(BEARER));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(HeraldOpenApiAutoConfiguration::refusals));
        };
    }

    private static void refusals(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        responses.putIfAbsent("401", problem("No credential, or one that was not accepted"));
        responses.putIfAbsent("403", problem("The credential lacks the role, tenant or channel this needs"));
        responses.forEach((status, response) -> {
            // springdoc would describe an error by the method's return type: Herald answers every one in problem+json
            if (status.compareTo("400") >= 0
                    && (response.getContent() == null || !response.getContent().containsKey(PROBLEM_JSON))) {
                response.setContent(problem(response.getDescription()).getContent());
            }
        });
    }

    /** A problem+json answer ({@link ProblemDetail}). */
    public static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
    }
}
