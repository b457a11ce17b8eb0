package io.herald.bench.chaos;

import io.herald.schema.ChatMessage;
import io.herald.schema.NotificationRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One scenario's steady load, as applications would send it: {@link NotificationRequest}s to {@code herald.requests} at
 * a fixed rate (Avro through the registry, acks=all, idempotent, patient enough to outlast a broker restart), and
 * optionally JSON posts to ingest's {@code POST /v1/notifications}. A notification counts as published once the broker
 * acknowledged it or ingest answered 202/200; ids are {@code <prefix>k<n>} (Kafka) and {@code <prefix>h<n>} (HTTP),
 * all of the scenario's tenant, so the audit store can be asked about exactly these.
 */
final class ScenarioLoad implements AutoCloseable {

    /** Text of every chaos notification; short, like a typical alert. */
    static final String TEXT = "chaos notification: deploy 42 of service checkout finished in 93 s";

    private static final Duration HTTP_RETRY_EVERY = Duration.ofSeconds(1);
    private static final Duration HTTP_GIVE_UP_AFTER_STOP = Duration.ofMinutes(3);

    private final Producer<String, Object> producer;
    private final String topic;
    private final String ingestUrl;
    private final String publishToken;
    private final List<String> channels;
    private final String tenant;
    private final String idPrefix;
    private final int rate;
    private final int httpRate;
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicInteger httpRetries = new AtomicInteger();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService httpSenders = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Thread> loops = new java.util.ArrayList<>();
    private volatile boolean stopping;
    private volatile long stoppedAtNanos;

    /** @param publishToken the stack's publisher token, sent with every post (never printed) */
    ScenarioLoad(
            Producer<String, Object> producer,
            String topic,
            String ingestUrl,
            String publishToken,
            List<String> channels,
            String tenant,
            String idPrefix,
            int rate,
            int httpRate) {
        this.producer = producer;
        this.topic = topic;
        this.ingestUrl = ingestUrl;
        this.publishToken = publishToken;
        this.channels = List.copyOf(channels);
        this.tenant = tenant;
        this.idPrefix = idPrefix;
        this.rate = rate;
        this.httpRate = httpRate;
    }

    void start() {
        if (rate > 0) {
            loops.add(
                    Thread.ofPlatform().name("chaos-load-kafka").daemon().start(() -> paced(rate, this::publishKafka)));
        }
        if (httpRate > 0) {
            loops.add(
                    Thread.ofPlatform().name("chaos-load-http").daemon().start(() -> paced(httpRate, this::postHttp)));
        }
    }

    /** Stops offering new notifications and waits until every one offered is acknowledged or has failed. */
    void stop() throws InterruptedException {
        stoppedAtNanos = System.nanoTime();
        stopping = true;
        for (Thread loop : loops) {
            loop.join();
        }
        producer.flush();
        httpSenders.shutdown();
        httpSenders.awaitTermination(HTTP_GIVE_UP_AFTER_STOP.toSeconds() + 30, TimeUnit.SECONDS);
    }

    /** Calls {@code send} with 0, 1, 2 … on the schedule start + i / perSecond, until stopped. */
    private void paced(int perSecond, java.util.function.LongConsumer send) {
        long start = System.nanoTime();
        double period = 1e9 / perSecond;
        for (long i = 0; !stopping; i++) {
            long intended = start + (long) (i * period);
            for (long wait = intended - System.nanoTime(); wait > 0 && !stopping; wait = intended - System.nanoTime()) {
                LockSupport.parkNanos(Math.min(wait, 50_000_000L));
            }
            if (stopping) {
                return;
            }
            send.accept(i);
        }
    }

    private void publishKafka(long i) {
        String id = idPrefix + "k" + i;
        String channel = channels.get((int) (i % channels.size()));
        long intended = System.nanoTime();
        NotificationRequest request = NotificationRequest.newBuilder()
                .setNotificationId(id)
                .setChannel(channel)
                .setTenant(tenant)
                .setContent(ChatMessage.newBuilder().setText(TEXT).build())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, channel, request), (metadata, exception) -> {
                if (exception == null) {
                    published.put(id, intended);
                } else {
                    failed(id, exception);
                }
            });
        } catch (RuntimeException e) { // e.g. the registry could not be asked for the schema id
            failed(id, e);
        }
    }

    /** Posted again with its Idempotency-Key every second while ingest cannot take it, as a good client does. */
    private void postHttp(long i) {
        String id = idPrefix + "h" + i;
        String channel = channels.get((int) (i % channels.size()));
        long intended = System.nanoTime();
        String json = "{\"channel\":\"" + channel + "\",\"notificationId\":\"" + id + "\",\"tenant\":\"" + tenant
                + "\",\"message\":{\"text\":\"" + TEXT + "\"}}";
        HttpRequest post = HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/notifications"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + publishToken)
                .header("Idempotency-Key", id)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        httpSenders.execute(() -> {
            String lastProblem = null;
            for (int attempt = 0; ; attempt++) {
                if (attempt > 0) {
                    if (stopping && System.nanoTime() - stoppedAtNanos > HTTP_GIVE_UP_AFTER_STOP.toNanos()) {
                        failed(id, new IllegalStateException("ingest did not take it: " + lastProblem));
                        return;
                    }
                    httpRetries.incrementAndGet();
                    LockSupport.parkNanos(HTTP_RETRY_EVERY.toNanos());
                }
                try {
                    HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 202 || answer.statusCode() == 200) {
                        published.put(id, intended);
                        return;
                    }
                    lastProblem = "HTTP " + answer.statusCode();
                    if (answer.statusCode() >= 400 && answer.statusCode() < 500 && answer.statusCode() != 429) {
                        failed(id, new IllegalStateException("ingest refused it: HTTP " + answer.statusCode()));
                        return;
                    }
                } catch (java.io.IOException e) {
                    lastProblem = e.getClass().getSimpleName();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed(id, e);
                    return;
                }
            }
        });
    }

    private void failed(String id, Exception e) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, id + ": " + e);
    }

    /** Every notification published (acknowledged by the broker or accepted by ingest), with its send time. */
    Map<String, Long> published() {
        return Map.copyOf(published);
    }

    String tenant() {
        return tenant;
    }

    String idPrefix() {
        return idPrefix;
    }

    /** Notifications offered but never published (the broker or ingest never took them). */
    int failures() {
        return failures.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** HTTP posts sent again because ingest could not take them at once (503, refused connection). */
    int httpRetries() {
        return httpRetries.get();
    }

    @Override
    public void close() {
        stopping = true;
        httpSenders.shutdownNow();
    }
}
