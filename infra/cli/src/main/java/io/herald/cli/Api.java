package io.herald.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One command's HTTP calls to Herald's APIs. A service that cannot be reached is {@link ExitCode#UNREACHABLE}, an
 * answer of 400 or more is {@link ExitCode#FAILED} with the problem in words (and, with {@code --json}, its raw JSON
 * on stdout); the token goes in the {@code Authorization} header only, never into a message.
 */
public final class Api {

    private final Cli cli;
    private final Endpoints endpoints;

    Api(Cli cli, Endpoints endpoints) {
        this.cli = cli;
        this.endpoints = endpoints;
    }

    /** An answer: the status, the body, and the {@code Retry-After} and {@code ETag} headers if any. */
    public record Answer(int status, String body, String retryAfter, String etag) {
        public JsonNode json() {
            return parse(body);
        }
    }

    public JsonNode get(Service service, String path, Map<String, String> query, String token) {
        return ok(service, send(service, "GET", path + queryString(query), token, null));
    }

    public JsonNode post(Service service, String path, Object body, String token) {
        return ok(service, send(service, "POST", path, token, Cli.JSON.writeValueAsString(body)));
    }

    /** Sends and returns the answer whatever its status; only an unreachable service throws. */
    public Answer send(Service service, String method, String pathAndQuery, String token, String body) {
        return send(service, method, pathAndQuery, token, body, Map.of());
    }

    public Answer send(
            Service service,
            String method,
            String pathAndQuery,
            String token,
            String body,
            Map<String, String> headers) {
        String url = endpoints.url(cli, service) + pathAndQuery;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(endpoints.timeout())
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = cli.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("ETag").orElse(null));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(service, url, "nothing answers there");
        } catch (HttpTimeoutException e) {
            throw unreachable(
                    service, url, "no answer within " + endpoints.timeout().toSeconds() + " s (--timeout)");
        } catch (IOException e) {
            throw unreachable(service, url, e.getMessage() == null ? "the connection failed" : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.FAILED, "interrupted");
        }
    }

    /** The answer's JSON when it is a success; else prints it (with {@code --json}) and fails with the problem. */
    public JsonNode ok(Service service, Answer answer) {
        if (answer.status() < 400) {
            return answer.json();
        }
        if (endpoints.json) {
            cli.out().println(answer.body());
            cli.out().flush();
        }
        throw CliException.failed(Problems.describe(service, answer.status(), answer.body()));
    }

    private static CliException unreachable(Service service, String url, String why) {
        String base = url.replaceFirst("^(https?://[^/]+).*$", "$1");
        return new CliException(
                ExitCode.UNREACHABLE,
                "cannot reach " + service.label() + " at " + base + ": " + why + " (set " + service.flag() + " or "
                        + service.variable() + ")");
    }

    static JsonNode parse(String body) {
        try {
            return Cli.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JacksonException e) {
            throw CliException.failed("the service answered something that is not JSON: "
                    + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
        }
    }

    /** {@code ?a=1&b=2} of the given values, skipping nulls; empty when none. */
    public static String queryString(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        new LinkedHashMap<>(query).forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }

    public static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
