package io.herald.stack;

import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.herald.sandbox.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an end-to-end test does as a user would: post a notification to ingest's HTTP API (with the stack's publisher
 * token) and read its timeline from the audit API (with its reader token).
 */
final class PipelineClient {

    static final Set<String> FINAL = Set.of("DELIVERED", "DEAD_LETTERED");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStack stack;

    PipelineClient(LocalStack stack) {
        this.stack = stack;
    }

    /** Posts {@code {"channel":..,"message":{"text":..}}} and returns the notification id ingest answered. */
    String post(String channel, String text) throws Exception {
        return post(JSON.writeValueAsString(Map.of("channel", channel, "message", Map.of("text", text))));
    }

    /**
     * Posts a new notification as JSON and returns the id ingest answered with 202 Accepted (or 200: a retry ingest
     * recognised). A 503 (Herald cannot take requests right now: a cold start on a loaded machine, a restart) is retried
     * after its Retry-After, up to five times, with the same Idempotency-Key, as the API asks clients to: a 503 may come
     * after the broker took the first try late, and a retry without the key would publish it twice.
     */
    String post(String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl("ingest") + "/v1/notifications"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + stack.publishToken())
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (!json.contains("\"idempotencyKey\"")) {
            request.header("Idempotency-Key", "pipeline-client-" + UUID.randomUUID());
        }
        HttpResponse<String> answer = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 503) {
                break;
            }
            Thread.sleep(1_000L
                    * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
        }
        if (answer.statusCode() != 202 && answer.statusCode() != 200) {
            throw new IllegalStateException("ingest answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).path("id").asString();
    }

    /** The audit API's view of a notification, or {@code null} while audit has not seen it. */
    JsonNode notification(String id) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.httpUrl("audit") + "/v1/notifications/" + id))
                        .header("Authorization", "Bearer " + stack.readToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    /** The notification's status in the audit store, {@code UNKNOWN} while audit has not seen it. */
    String status(String id) throws Exception {
        JsonNode notification = notification(id);
        return notification == null ? "UNKNOWN" : notification.path("status").asString();
    }

    /** Waits until the notification's status is one of {@code statuses}, and returns it then. */
    JsonNode awaitStatus(String id, Duration atMost, Set<String> statuses) {
        return await().atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> notification(id),
                        node -> node != null
                                && statuses.contains(node.path("status").asString()));
    }

    JsonNode awaitStatus(String id, String status) {
        return awaitStatus(id, Duration.ofSeconds(90), Set.of(status));
    }

    /**
     * Dead-lettered, with every attempt its dead letter counts already on the timeline: audit reads the dead letter and
     * the attempts from two topics, so the status may come before the last attempt's entry.
     */
    JsonNode awaitDeadLettered(String id) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> notification(id),
                        node -> node != null
                                && "DEAD_LETTERED".equals(node.path("status").asString())
                                && !entries(node, "DEAD_LETTER").isEmpty()
                                && entries(node, "ATTEMPT").stream()
                                                .mapToInt(a -> a.path("attempt").asInt())
                                                .max()
                                                .orElse(0)
                                        >= entries(node, "DEAD_LETTER")
                                                .getFirst()
                                                .path("attempts")
                                                .asInt());
    }

    /** The partitions of {@code herald.signed.<provider>} a dispatcher instance owns ({@code GET /v1/assignments}). */
    List<Integer> assignedPartitions(String dispatcherUrl, String provider) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(dispatcherUrl + "/v1/assignments"))
                        .header("Authorization", "Bearer " + stack.operatorToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(dispatcherUrl + " answered " + answer.statusCode() + ": " + answer.body());
        }
        List<Integer> partitions = new java.util.ArrayList<>();
        for (JsonNode assignment : JSON.readTree(answer.body()).path("assignments")) {
            if (assignment.path("topic").asString().equals("herald.signed." + provider)) {
                assignment.path("partitions").forEach(p -> partitions.add(p.asInt()));
            }
        }
        return partitions;
    }

    /** The timeline entries of one type ({@code ACCEPTED}, {@code SIGNED}, {@code ATTEMPT}, ...), oldest first. */
    static List<JsonNode> entries(JsonNode notification, String type) {
        List<JsonNode> entries = new ArrayList<>();
        notification.path("timeline").forEach(entry -> {
            if (entry.path("type").asString().equals(type)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    /** The types of the timeline's entries, oldest first. */
    static List<String> types(JsonNode notification) {
        List<String> types = new ArrayList<>();
        notification
                .path("timeline")
                .forEach(entry -> types.add(entry.path("type").asString()));
        return types;
    }

    /** A request header the sandbox received, by name in any case. */
    static String header(ReceivedRequest request, String name) {
        return request.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no " + name + " header in " + request.headers().keySet()));
    }

    /** A consumer of Herald's Avro topics from their beginning, in a group of its own. */
    <V> KafkaConsumer<String, V> avroConsumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "herald-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        config.put("apicurio.registry.url", stack.registryUrl());
        config.put("apicurio.registry.use-specific-avro-reader", true);
        return new KafkaConsumer<>(config);
    }
}
