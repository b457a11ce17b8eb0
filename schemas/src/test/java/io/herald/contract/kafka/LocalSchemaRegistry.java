package io.herald.contract.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A stand-in for Apicurio Registry's core API v3 on loopback, enough for Apicurio's Avro deserializer: the schemas it
 * was given, by content id ({@code GET /ids/contentIds/{id}}, with no references), and 404 with a problem body, as the
 * real registry answers, for every other id or path. Lets tests run the production deserializer, registry client
 * included, without a registry.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    private static final String PREFIX = "/apis/registry/v3/ids/contentIds/";

    private final Map<Long, Schema> schemas;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "local-schema-registry");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger unknown = new AtomicInteger();

    public LocalSchemaRegistry(Map<Long, Schema> schemas) throws IOException {
        this.schemas = Map.copyOf(schemas);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    /** The base URL, as {@code herald.kafka.registry-url} takes it. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/registry/v3";
    }

    /** How many requests were answered with 404. */
    int notFound() {
        return unknown.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Schema schema = null;
            boolean references = false;
            if ("GET".equals(exchange.getRequestMethod()) && path.startsWith(PREFIX)) {
                String id = path.substring(PREFIX.length());
                references = id.endsWith("/references");
                try {
                    schema = schemas.get(
                            Long.parseLong(references ? id.substring(0, id.length() - "/references".length()) : id));
                } catch (NumberFormatException e) {
                    schema = null;
                }
            }
            if (schema == null) {
                unknown.incrementAndGet();
                send(
                        exchange,
                        404,
                        "application/problem+json",
                        "{\"status\":404,\"title\":\"No content with id found\",\"name\":\"ContentNotFoundException\"}");
            } else {
                send(exchange, 200, "application/json", references ? "[]" : schema.toString());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
