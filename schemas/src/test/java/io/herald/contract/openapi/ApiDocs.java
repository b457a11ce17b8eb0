package io.herald.contract.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A running service's OpenAPI document ({@code GET /v3/api-docs}), fetched as a client would, and the checks every
 * Herald document must pass: for each service's API description test.
 */
public final class ApiDocs {

    public static final String PATH = "/v3/api-docs";

    private ApiDocs() {}

    /** {@code GET /v3/api-docs} at {@code baseUrl} with {@code authorization} (null: none). */
    public static HttpResponse<String> fetch(String baseUrl, String authorization) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + PATH));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The document a credential gets (asserted 200, JSON), parsed. */
    public static DocumentContext read(String baseUrl, String authorization) throws Exception {
        HttpResponse<String> answer = fetch(baseUrl, authorization);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JsonPath.parse(answer.body());
    }

    /**
     * Every operation needs the {@code bearerAuth} HTTP bearer scheme and documents the shared 401 and 403
     * problem+json answers; no actuator or internal path is described.
     */
    public static void assertBearerEverywhere(DocumentContext document) {
        assertThat(document.read("$.components.securitySchemes.bearerAuth", Map.class))
                .containsEntry("type", "http")
                .containsEntry("scheme", "bearer");
        assertThat(document.read("$.security[*].bearerAuth", List.class)).hasSize(1);
        Map<String, Map<String, Object>> paths = document.read("$.paths");
        assertThat(paths.keySet())
                .isNotEmpty()
                .noneMatch(path -> path.startsWith("/actuator") || path.startsWith("/internal"));
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
            for (String status : List.of("401", "403")) {
                assertThat(problemResponse(document, path, method, status))
                        .as("%s %s answers %s problem+json", method, path, status)
                        .isTrue();
            }
        }));
    }

    /** The statuses {@code method path} documents ({@code "202"}, {@code "400"}, ...). */
    public static List<String> statuses(DocumentContext document, String path, String method) {
        Map<String, Object> responses = document.read("$.paths['" + path + "']." + method + ".responses");
        return List.copyOf(responses.keySet());
    }

    /** True when {@code method path} documents {@code status} as an application/problem+json answer. */
    public static boolean problemResponse(DocumentContext document, String path, String method, String status) {
        Map<String, Object> content =
                document.read("$.paths['" + path + "']." + method + ".responses['" + status + "'].content");
        return content != null && content.containsKey("application/problem+json");
    }

    /** The property names of a component schema ({@code #/components/schemas/NAME}). */
    public static List<String> properties(DocumentContext document, String schema) {
        Map<String, Object> properties = document.read("$.components.schemas['" + schema + "'].properties");
        return List.copyOf(properties.keySet());
    }

    /** The component name a {@code $ref} points to ({@code #/components/schemas/PublishRequest}: PublishRequest). */
    public static String refName(DocumentContext document, String jsonPath) {
        String ref = document.read(jsonPath);
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
