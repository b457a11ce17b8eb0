package io.herald.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server answering canned JSON per path, recording what the CLI sent (method, path with query,
 * Authorization, body), and a way to run the CLI against it with a given environment.
 */
public final class FakeHerald implements AutoCloseable {

    public record Call(String method, String uri, String authorization, String body, String ifMatch) {}

    public record Run(int code, String out, String err) {}

    private final HttpServer server;
    public final List<Call> calls = new CopyOnWriteArrayList<>();

    public FakeHerald(Map<String, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String uri = exchange.getRequestURI().toString();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(
                    exchange.getRequestMethod(),
                    uri,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body,
                    exchange.getRequestHeaders().getFirst("If-Match")));
            String methodAndUri = exchange.getRequestMethod() + " " + uri;
            Answer answer = answers.entrySet().stream()
                    // a key is a path prefix, or a method, a space and a path prefix ("PUT /v1/channels/x")
                    .filter(e ->
                            e.getKey().contains(" ") ? methodAndUri.startsWith(e.getKey()) : uri.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())) // the longest path given wins
                    .map(Map.Entry::getValue)
                    .orElse(new Answer(404, "{\"title\":\"Not Found\"}"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", answer.status() >= 400 ? "application/problem+json" : "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::add);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    public record Answer(int status, String body, Map<String, String> headers) {
        public Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Runs the CLI with every service URL pointing here and the given extra variables. */
    public Run run(Map<String, String> variables, String... args) {
        var env = new java.util.HashMap<>(variables);
        env.put("HERALD_INGEST_URL", url());
        env.put("HERALD_AUDIT_URL", url());
        env.put("HERALD_SIGNER_MANAGEMENT_URL", url());
        return runWith(env, args);
    }

    public static Run runWith(Map<String, String> env, String... args) {
        return runWith(env, "", args);
    }

    /** Runs the CLI with every service URL pointing here, {@code stdin} as its standard input. */
    public Run runWithInput(String stdin, Map<String, String> variables, String... args) {
        var env = new java.util.HashMap<>(variables);
        env.put("HERALD_INGEST_URL", url());
        env.put("HERALD_AUDIT_URL", url());
        env.put("HERALD_SIGNER_MANAGEMENT_URL", url());
        return runWith(env, stdin, args);
    }

    private static Run runWith(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = Cli.of(env, new PrintWriter(out), new PrintWriter(err))
                .withInput(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = HeraldCli.run(cli, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
