package io.herald.audit.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.audit.ApiClient;
import io.herald.audit.AuditItSupport;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** The hand-written OpenAPI document served at /v1/openapi.yaml names every endpoint the controllers expose. */
class OpenApiDocumentIT extends AuditItSupport {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @SuppressWarnings("unchecked")
    void everyControllerEndpointIsDocumented() {
        HttpResponse<String> answer = new ApiClient(port, null).get("/v1/openapi.yaml");
        assertThat(answer.statusCode()).isEqualTo(200);
        Map<String, Object> document = new Yaml().load(answer.body());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");

        List<String> exposed = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/v1/")) {
                    continue;
                }
                for (RequestMethod verb : info.getMethodsCondition().getMethods()) {
                    exposed.add(verb.name().toLowerCase() + " " + path);
                }
            }
        });

        assertThat(exposed).isNotEmpty().contains("get /v1/notifications/{id}", "post /v1/replays");
        assertThat(exposed).allSatisfy(endpoint -> {
            String[] parts = endpoint.split(" ");
            assertThat(paths).as("documented paths").containsKey(parts[1]);
            assertThat(paths.get(parts[1])).as(endpoint).containsKey(parts[0]);
        });
    }
}
