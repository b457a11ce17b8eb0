package io.herald.dispatcher.transport;

import com.sun.net.httpserver.HttpServer;
import io.herald.schema.HttpCall;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * CPU per provider request: the dispatcher's {@link HttpTransport} against the JDK {@link HttpClient} it replaced,
 * each sending the same signed-webhook-sized POST from 64 virtual threads to a loopback server in this JVM. The
 * process CPU per request includes the server's share, which is the same for both, so the difference is the
 * clients'. Not a test (no {@code *Test} name, so no build runs it); run it on demand:
 *
 * <pre>./mvnw -B -o -pl dispatcher-service test -Dtest=TransportCpuBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Results: docs/benchmarks/dispatcher.md.
 */
class TransportCpuBenchmark {

    private static final int REQUESTS = 30_000;
    private static final int THREADS = 64;
    private static final byte[] BODY =
            "{\"text\":\"%s\"}".formatted("x".repeat(580)).getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "application/json",
            "webhook-id", "msg_2f6c3a4e-0d7b-4a8e-9f1e-5c2b7d9e1a3f",
            "webhook-timestamp", "1795509883",
            "webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=");

    @Test
    void cpuPerRequest() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
        HttpCall call = HttpCall.newBuilder()
                .setMethod("POST")
                .setUrl(uri.toString())
                .setHeaders(HEADERS)
                .setBody(ByteBuffer.wrap(BODY))
                .build();

        HttpClient jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Callable<Integer> jdkSend = () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
            HEADERS.forEach(request::header);
            return jdk.send(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .statusCode();
        };
        try (HttpTransport transport =
                new HttpTransport(Duration.ofSeconds(5), Duration.ofSeconds(10), Clock.systemUTC())) {
            Callable<Integer> transportSend = () -> ((TransportResult.Answered) transport.send("bench", call))
                    .answer()
                    .status();
            for (int round = 1; round <= 5; round++) {
                // the last round of each is the one to read: by then both are compiled
                measure("JDK HttpClient (before)", round, jdkSend);
                measure("HttpTransport (HttpClient 5)", round, transportSend);
            }
        } finally {
            server.stop(0);
        }
    }

    private static void measure(String name, int round, Callable<Integer> send) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicInteger failed = new AtomicInteger();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < THREADS; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < REQUESTS / THREADS; i++) {
                        try {
                            if (send.call() != 204) {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // e.g. the JDK client reusing a connection the server had just closed: counted, not fatal
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (os.getProcessCpuTime() - cpuBefore) / 1_000.0 / REQUESTS;
        System.out.printf(
                Locale.ROOT,
                "%-30s round %d: %,d requests in %.2f s = %,.0f/s, process CPU %.0f µs/request, %d failed%n",
                name,
                round,
                REQUESTS,
                seconds,
                REQUESTS / seconds,
                cpuMicros,
                failed.get());
    }
}
