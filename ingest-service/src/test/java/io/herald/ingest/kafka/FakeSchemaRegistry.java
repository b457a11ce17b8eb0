package io.herald.ingest.kafka;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Apicurio Registry's core API v3 on a loopback port, enough for the Avro deserializer to look up
 * a schema by content id: known ids answer the schema, unknown ids answer 404 with Apicurio's problem body, and
 * it can be told to answer 503 to everything.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    private final HttpServer server;
    private final Map<Long, String> schemas = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    FakeSchemaRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            int status;
            String body;
            String prefix = "/apis/registry/v3/ids/contentIds/";
            if (unavailable) {
                status = 503;
                body = "{\"status\":503,\"title\":\"Service unavailable\",\"name\":\"ServiceUnavailable\"}";
            } else if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                boolean references = rest.endsWith("/references");
                long id = Long.parseLong(references ? rest.substring(0, rest.indexOf('/')) : rest);
                String schema = schemas.get(id);
                if (schema == null) {
                    status = 404;
                    body = "{\"status\":404,\"title\":\"No content with id 'contentId-" + id + "' was found.\","
                            + "\"detail\":\"ContentNotFoundException: No content with id 'contentId-" + id + "' was found.\","
                            + "\"name\":\"ContentNotFoundException\"}";
                } else {
                    status = 200;
                    body = references ? "[]" : schema;
                }
            } else {
                status = 404;
                body = "{\"status\":404,\"title\":\"Not found\",\"name\":\"NotFoundException\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3";
    }

    void register(long contentId, String schema) {
        schemas.put(contentId, schema);
    }

    void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
