package io.herald.contract.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every endpoint a service maps (its controllers and the actuator's, read from the running context's handler
 * mappings), called the way an attacker would: for the "no door without a credential" test of each service.
 */
public final class EveryDoor {

    /** One mapped endpoint and what it answered. */
    public record Answer(String method, String path, int status) {
        @Override
        public String toString() {
            return method + " " + path + " -> " + status;
        }
    }

    private EveryDoor() {}

    /** Every mapped method and path, path variables filled with "x" (e.g. {@code GET /v1/notifications/x}). */
    public static Set<String> mapped(ApplicationContext context) {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping :
                context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{\\*?[^}]*}", "x").replace("/**", "/x");
                    if (methods.isEmpty()) {
                        endpoints.add("GET " + path);
                        endpoints.add("POST " + path);
                    }
                    methods.forEach(method -> endpoints.add(method.name() + " " + path));
                }
            }
        }
        return endpoints;
    }

    /** Calls each endpoint at {@code baseUrl} with {@code authorization} (null: none) and an empty JSON body. */
    public static List<Answer> call(String baseUrl, Set<String> endpoints, String authorization) throws Exception {
        List<Answer> answers = new ArrayList<>();
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String endpoint : endpoints) {
                String method = endpoint.substring(0, endpoint.indexOf(' '));
                String path = endpoint.substring(endpoint.indexOf(' ') + 1);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString("{}"));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                answers.add(new Answer(
                        method,
                        path,
                        http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()));
            }
        }
        return answers;
    }

    /** True for the endpoints that stay open: health (probes) and the Prometheus scrape. */
    public static boolean isOpen(Answer answer) {
        return answer.path().equals("/actuator/health")
                || answer.path().startsWith("/actuator/health/")
                || answer.path().equals("/actuator/prometheus");
    }
}
