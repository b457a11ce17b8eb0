package io.herald.contract.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.herald.contract.kafka.RecordReadException.Reason;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeraldAvroDeserializerTest {

    private static final byte[] SCHEMA_ID_4711 = {0, 0, 0, 0x12, 0x67, 2, 4, 6};

    private HttpServer registry;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger searches = new AtomicInteger();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        never.countDown();
        if (registry != null) {
            registry.stop(0);
        }
    }

    private HeraldAvroDeserializer deserializerAgainst(int status) throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/apis/registry/v3/search/versions", exchange -> {
            searches.incrementAndGet();
            // the newest version: global id 5000 (so ids above 15,000 cannot exist)
            byte[] body = "{\"count\":1,\"versions\":[{\"globalId\":5000,\"contentId\":4000}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.createContext("/apis/registry/v3/ids", exchange -> {
            requests.incrementAndGet();
            if (status == 0) {
                try {
                    never.await(); // accepts the request, never answers
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = ("{\"status\":" + status + ",\"title\":\"answer " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        registry.start();
        return deserializerAt("http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/registry/v3");
    }

    private static HeraldAvroDeserializer deserializerAt(String url) {
        HeraldAvroDeserializer deserializer = new HeraldAvroDeserializer();
        deserializer.configure(
                Map.of(
                        "apicurio.registry.url",
                        url,
                        "apicurio.registry.retry-count",
                        0,
                        RegistryClients.CONNECT_TIMEOUT_MS,
                        500,
                        RegistryClients.REQUEST_TIMEOUT_MS,
                        500),
                false);
        return deserializer;
    }

    private static Reason reasonOf(HeraldAvroDeserializer deserializer, byte[] data) {
        try {
            deserializer.deserialize("herald.requests", data);
        } catch (RecordReadException e) {
            return e.reason();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void bytesThatAreNotTheWireFormatAreRefusedWithoutAskingTheRegistry() throws Exception {
        HeraldAvroDeserializer deserializer = deserializerAgainst(404);

        assertThat(reasonOf(deserializer, null)).isEqualTo(Reason.NOT_AVRO);
        assertThat(reasonOf(deserializer, new byte[0])).isEqualTo(Reason.NOT_AVRO);
        assertThat(reasonOf(deserializer, "{\"json\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Reason.NOT_AVRO);
        assertThat(reasonOf(deserializer, new byte[] {0, 1, 2})).isEqualTo(Reason.NOT_AVRO);
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {(byte) 0xc3, 1}))
                .hasMessageContaining("first byte is 0xc3, not the magic byte 0");
        assertThat(requests).hasValue(0);
    }

    @Test
    void anUnknownSchemaIdIsTheRecordsFaultAndAskedOnlyOnce() throws Exception {
        HeraldAvroDeserializer deserializer = deserializerAgainst(404);

        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> deserializer.deserialize("herald.requests", SCHEMA_ID_4711))
                    .isInstanceOfSatisfying(
                            RecordReadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA))
                    .hasMessage("schema id 4711 is not known to the schema registry");
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void madeUpSchemaIdsFarAboveAnyTheRegistryHasGivenOutAreRefusedWithoutAskingForEach() throws Exception {
        HeraldAvroDeserializer deserializer = deserializerAgainst(404);

        for (int id : new int[] {15_001, 1_000_000, 1_000_001, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            byte[] record = java.nio.ByteBuffer.allocate(7)
                    .put((byte) 0)
                    .putInt(id)
                    .put((byte) 2)
                    .put((byte) 4)
                    .array();
            assertThatThrownBy(() -> deserializer.deserialize("herald.requests", record))
                    .isInstanceOfSatisfying(
                            RecordReadException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA))
                    .hasMessage("schema id " + id + " is not known to the schema registry");
        }
        assertThat(requests).as("lookups of single ids").hasValue(0);
        assertThat(searches).as("asked for the highest id").hasValue(1);
    }

    @Test
    void aRegistryThatAnswersWithAnErrorIsUnavailableNotTheRecordsFault() throws Exception {
        assertThat(reasonOf(deserializerAgainst(503), SCHEMA_ID_4711)).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
    }

    @Test
    void aRegistryThatNeverAnswersFailsTheCallAtTheDeadline() throws Exception {
        HeraldAvroDeserializer deserializer = deserializerAgainst(0);

        long start = System.nanoTime();
        assertThat(reasonOf(deserializer, SCHEMA_ID_4711)).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRegistryThatRefusesConnectionsIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HeraldAvroDeserializer deserializer = deserializerAt("http://127.0.0.1:" + port + "/apis/registry/v3");

        assertThat(reasonOf(deserializer, SCHEMA_ID_4711)).isEqualTo(Reason.REGISTRY_UNAVAILABLE);
    }

    @Test
    void aValueThatDoesNotDecodeIsExplainedInWordsNeverWithAJavaTypeName() {
        assertThat(HeraldAvroDeserializer.decodingProblem(new java.io.EOFException()))
                .isEqualTo("the value ends before the schema's fields do (truncated)");
        assertThat(HeraldAvroDeserializer.decodingProblem(
                        new org.apache.avro.AvroRuntimeException("Malformed data. Length is negative: -40")))
                .isEqualTo("Malformed data. Length is negative: -40");
        // what Avro says when a symbol index makes it instantiate a generated enum (seen in the bad-record benchmark)
        assertThat(HeraldAvroDeserializer.decodingProblem(
                        new NoSuchMethodException("io.herald.schema.MessageFormat.<init>()")))
                .isEqualTo("the bytes do not match the schema (a field, enum symbol or union branch is invalid)");
        assertThat(HeraldAvroDeserializer.decodingProblem(new IllegalStateException("cannot cast java.lang.Integer")))
                .doesNotContain("java.lang");
    }
}
