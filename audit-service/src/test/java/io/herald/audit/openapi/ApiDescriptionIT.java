package io.herald.audit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import io.herald.audit.AuditItSupport;
import io.herald.contract.openapi.ApiDocs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The audit's OpenAPI document, generated from its controllers (springdoc) and fetched from the running audit as a
 * client would: any valid credential reads it; it describes every query and the replay, with their parameters, the
 * bearer scheme and the problem+json answers.
 */
class ApiDescriptionIT extends AuditItSupport {

    @LocalServerPort
    int port;

    @Test
    void needsAnyValidCredential() throws Exception {
        assertThat(ApiDocs.fetch(base(), null).statusCode()).isEqualTo(401);
        assertThat(ApiDocs.fetch(base(), "Bearer " + READ_TOKEN + "x").statusCode())
                .isEqualTo(401);
        assertThat(ApiDocs.fetch(base(), "Bearer " + TENANT_A_READ_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(ApiDocs.fetch(base(), "Bearer " + OPERATOR_TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void describesEveryQueryAndTheReplay() throws Exception {
        DocumentContext document = ApiDocs.read(base(), "Bearer " + READ_TOKEN);

        ApiDocs.assertBearerEverywhere(document);
        Map<String, Map<String, Object>> paths = document.read("$.paths");
        assertThat(paths)
                .containsOnlyKeys(
                        "/v1/notifications",
                        "/v1/notifications/{id}",
                        "/v1/dead-letters",
                        "/v1/counts",
                        "/v1/replays",
                        "/v1/channels",
                        "/v1/channels/{name}",
                        "/v1/channels/{name}/disable",
                        "/v1/channels/{name}/enable",
                        "/v1/channels/{name}/history",
                        "/v1/channels/{name}/ordering/resume",
                        "/v1/channels/{name}/secrets/{credential}",
                        "/v1/channels/{name}/secrets/{credential}/{id}",
                        "/v1/channels/{name}/test",
                        "/v1/ordering",
                        "/v1/ordering/{channel}");
        assertThat(paths.get("/v1/channels")).containsOnlyKeys("get", "post");
        assertThat(paths.get("/v1/channels/{name}")).containsOnlyKeys("get", "put", "delete");
        assertThat(ApiDocs.statuses(document, "/v1/channels/{name}", "put")).contains("200", "412", "428");
        assertThat(ApiDocs.statuses(document, "/v1/channels", "post")).contains("201", "400", "409");
        String channelRequest = ApiDocs.refName(
                document, "$.paths['/v1/channels'].post.requestBody.content['application/json'].schema.$ref");
        assertThat(ApiDocs.properties(document, channelRequest))
                .contains("name", "tenant", "provider", "endpoint", "credentials", "secrets", "maxAge");
        assertThat(paths.get("/v1/notifications")).containsOnlyKeys("get");
        assertThat(paths.get("/v1/replays")).containsOnlyKeys("post");

        assertThat(parameters(document, "/v1/notifications"))
                .contains("status", "channel", "provider", "tenant", "class", "from", "to", "cursor", "limit")
                .doesNotContain("caller");
        assertThat(parameters(document, "/v1/dead-letters"))
                .contains("channel", "class", "cursor", "limit")
                .doesNotContain("status");
        assertThat(parameters(document, "/v1/notifications/{id}")).containsExactly("id");

        for (String path : List.of("/v1/notifications", "/v1/dead-letters", "/v1/counts")) {
            assertThat(ApiDocs.statuses(document, path, "get")).as(path).contains("200", "400", "401", "403");
            assertThat(ApiDocs.problemResponse(document, path, "get", "400"))
                    .as(path)
                    .isTrue();
        }
        assertThat(ApiDocs.statuses(document, "/v1/notifications/{id}", "get")).contains("200", "404");
        assertThat(ApiDocs.problemResponse(document, "/v1/notifications/{id}", "get", "404"))
                .isTrue();
        assertThat(ApiDocs.statuses(document, "/v1/ordering/{channel}", "get")).contains("200", "404");
        assertThat(ApiDocs.problemResponse(document, "/v1/ordering/{channel}", "get", "404"))
                .isTrue();
        assertThat(document.read("$.paths['/v1/ordering'].get.summary", String.class))
                .contains("READ");
        assertThat(ApiDocs.statuses(document, "/v1/replays", "post")).contains("200", "400", "401", "403");
        assertThat(document.read("$.paths['/v1/replays'].post.summary", String.class))
                .contains("OPERATOR");

        String replay = ApiDocs.refName(
                document, "$.paths['/v1/replays'].post.requestBody.content['application/json'].schema.$ref");
        assertThat(ApiDocs.properties(document, replay)).containsExactlyInAnyOrder("ids", "filter", "dryRun", "force");
        List<String> timeline =
                document.read("$.paths['/v1/notifications/{id}'].get.responses['200'].content.*.schema.$ref");
        assertThat(timeline).hasSize(1);
        String view = timeline.getFirst().substring(timeline.getFirst().lastIndexOf('/') + 1);
        assertThat(ApiDocs.properties(document, view)).contains("id", "channel", "status", "timeline");
    }

    private static List<String> parameters(DocumentContext document, String path) {
        return document.read("$.paths['" + path + "'].get.parameters[*].name");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
