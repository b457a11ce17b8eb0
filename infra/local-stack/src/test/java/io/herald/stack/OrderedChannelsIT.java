package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import io.herald.sandbox.Fault;
import io.herald.sandbox.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ordered channels ({@code ordering: strict}) on real parts, checked where it matters, at the receiver: the sandbox's
 * Standard Webhooks endpoint, which verifies every signature. The first notification of a burst fails its first tries
 * (503 from the sandbox); the later ones wait behind it and arrive after it, in the order they were accepted. A dead
 * letter on a channel that stops on one holds the rest (the audit shows it stopped) until an operator resumes it. Then the
 * same while the dispatcher that owns the channel is killed with SIGKILL (its partition and the channel's state move to
 * the other instance), and while the owner leaves its group (a rebalance). After a kill a notification may be sent
 * twice (at-least-once); what is checked is that none arrives before an earlier one first did.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderedChannelsIT {

    private static final String WHSEC = "whsec_b3JkZXJlZC1jaGFubmVscy1pdC1zZWNyZXQtMDEy";
    private static final List<String> CHANNELS =
            List.of("ordered-retries", "ordered-stop", "ordered-kill", "ordered-rebalance");
    private static final Pattern NUMBER = Pattern.compile("ordered message #(\\d+)");

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipelineWithTwoWebhookDispatchers() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        StringBuilder catalog = new StringBuilder("herald:\n  channels:\n");
        for (String channel : CHANNELS) {
            catalog.append("    ")
                    .append(channel)
                    .append(":\n      provider: webhook\n      endpoint: {{sandbox}}/webhook/")
                    .append(channel)
                    .append("\n      ordering: strict\n      credentials:\n        secret: env:ORDERED_WHSEC\n");
            if (channel.equals("ordered-stop")) {
                catalog.append("      on-dead-letter: stop\n      max-attempts: 1\n");
            }
        }
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/ordered-channels-it"))
                .freePorts()
                .channelCatalogContent(catalog.toString())
                .env("ORDERED_WHSEC", WHSEC)
                .everyServiceArgs(
                        "--herald.kafka.retry-tiers=1s,2s",
                        "--herald.dispatcher.ordering.stopped-recheck=2s",
                        // a consumer killed with SIGKILL leaves its group when its session times out: keep it short
                        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.heartbeat-interval=2s")
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=webhook",
                        "--herald.dispatcher.instance-id=dispatcher-a")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        for (String channel : CHANNELS) {
            stack.sandbox().verifier(StandardWebhookVerifier.class).addEndpoint(channel, List.of(WHSEC));
        }
        client = new PipelineClient(stack);
        stack.startDispatcherInstance("dispatcher-b", List.of("webhook"));
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void laterNotificationsWaitBehindOneThatIsRetriedAndArriveInOrder() throws Exception {
        String channel = "ordered-retries";
        failFirstRequests(channel, 2);

        publish(channel, 10);

        List<Integer> arrived = awaitAllArrived(channel, 10);
        assertThat(arrived).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(refusedNumbers(channel))
                .as("only the first was tried while it failed: the others waited, not sent")
                .containsExactly(0, 0);
    }

    @Test
    @Order(2)
    void aDeadLetterStopsTheChannelUntilAnOperatorResumesIt() throws Exception {
        String channel = "ordered-stop";
        failFirstRequests(channel, 1); // max-attempts 1: the first is dead-lettered

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(client.post(channel, channel + " ordered message #" + i));
        }
        client.awaitDeadLettered(ids.getFirst());

        // the rest are held: the audit shows the channel stopped by the dead letter, the receiver gets nothing
        JsonNode stopped = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> ordering(channel),
                        state -> "stopped".equals(state.path("state").asString()));
        assertThat(stopped.path("stopped").path("notificationId").asString()).isEqualTo(ids.getFirst());
        JsonNode held = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> client.notification(ids.get(1)),
                        n -> n != null
                                && PipelineClient.entries(n, "WAITING").stream()
                                        .anyMatch(w -> "ordered_stopped"
                                                .equals(w.path("notSentCause").asString())));
        assertThat(held.path("status").asString()).as("a wait, not a failure").isEqualTo("ACCEPTED");
        Thread.sleep(5_000);
        assertThat(okNumbers(channel))
                .as("nothing goes while the channel is stopped")
                .isEmpty();

        // an operator resumes it: the rest go, in order
        HttpResponse<String> resumed = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(stack.httpUrl("audit") + "/v1/channels/" + channel + "/ordering/resume"))
                        .header("Authorization", "Bearer " + stack.operatorToken())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);

        assertThat(awaitAllArrived(channel, 3)).containsExactly(1, 2, 3);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> ordering(channel),
                        state -> "clear".equals(state.path("state").asString()));
    }

    /** The audit's view of where an ordered channel stands ({@code GET /v1/ordering/{channel}}), or null. */
    private JsonNode ordering(String channel) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.httpUrl("audit") + "/v1/ordering/" + channel))
                        .header("Authorization", "Bearer " + stack.readToken())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    @Test
    @Order(3)
    void theOrderHoldsWhenTheDispatcherThatOwnsTheChannelIsKilled() throws Exception {
        String channel = "ordered-kill";
        awaitBothInstancesOwnPartitions();
        failFirstRequests(channel, 3);

        publish(channel, 8);
        awaitFirstRefusal(channel);
        String owner = ownerOf(channel);
        System.out.println("killing " + owner + ", the owner of " + channel + ", with SIGKILL");
        stopped.put(owner, true);
        if (owner.equals("dispatcher-b")) {
            stack.killDispatcherInstance("dispatcher-b");
        } else {
            stack.killService("dispatcher");
        }

        List<Integer> firstArrivals = awaitAllArrived(channel, 8);
        assertThat(firstArrivals).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        System.out.println(channel + ": " + okNumbers(channel).size() + " verified sends for 8 notifications");
    }

    @Test
    @Order(4)
    void theOrderHoldsWhenTheChannelMovesToAnotherInstanceInARebalance() throws Exception {
        String channel = "ordered-rebalance";
        stack.startDispatcherInstance("dispatcher-c", List.of("webhook"));
        String survivor = liveInstances().getFirst();
        awaitOwners(List.of(survivor, "dispatcher-c"));
        failFirstRequests(channel, 3);

        publish(channel, 8);
        awaitFirstRefusal(channel);
        String owner = ownerOf(channel);
        String other = owner.equals("dispatcher-c") ? survivor : "dispatcher-c";
        System.out.println("stopping " + owner + ", the owner of " + channel + "; " + other + " takes it over");
        stopGracefully(owner);
        awaitOwner(channel, other);

        List<Integer> firstArrivals = awaitAllArrived(channel, 8);
        assertThat(firstArrivals).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(okNumbers(channel)).as("a graceful move sends nothing twice").hasSize(8);
    }

    private void failFirstRequests(String channel, int count) {
        stack.sandbox()
                .injectFault(
                        new Fault("webhook", "/webhook/" + channel, 503, null, false, null, Map.of(), count, null));
    }

    private void publish(String channel, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            client.post(channel, channel + " ordered message #" + i);
        }
    }

    private List<ReceivedRequest> received(String channel) {
        return stack.sandbox().received().stream()
                .filter(r -> r.path().equals("/webhook/" + channel))
                .toList();
    }

    private List<Integer> okNumbers(String channel) {
        return received(channel).stream()
                .filter(r -> "ok".equals(r.verdict()))
                .map(r -> number(r.body()))
                .toList();
    }

    private List<Integer> refusedNumbers(String channel) {
        return received(channel).stream()
                .filter(r -> r.fault() != null)
                .map(r -> number(r.body()))
                .toList();
    }

    /** The numbers in the order they first arrived verified, once all {@code count} did. */
    private List<Integer> awaitAllArrived(String channel, int count) {
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> new LinkedHashSet<>(okNumbers(channel)).size() == count);
        System.out.println(channel + " arrived: " + okNumbers(channel) + ", refused: " + refusedNumbers(channel));
        return new ArrayList<>(new LinkedHashSet<>(okNumbers(channel)));
    }

    private void awaitFirstRefusal(String channel) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !refusedNumbers(channel).isEmpty());
    }

    private static int number(String body) {
        Matcher matcher = NUMBER.matcher(body);
        assertThat(matcher.find()).as("a test message: " + body).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    // --- who owns the channel's partition of herald.signed.webhook -------------------------------------------------

    private final Map<String, Boolean> stopped = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, String> instanceUrls() {
        Map<String, String> urls = new java.util.LinkedHashMap<>();
        if (!stopped.containsKey("dispatcher-a")) {
            urls.put("dispatcher-a", stack.httpUrl("dispatcher"));
        }
        stack.dispatcherInstances().forEach((name, url) -> {
            if (!stopped.containsKey(name)) {
                urls.put(name, url);
            }
        });
        return urls;
    }

    private List<String> liveInstances() {
        return List.copyOf(instanceUrls().keySet());
    }

    private void stopGracefully(String instance) {
        stopped.put(instance, true);
        if (instance.equals("dispatcher-a")) {
            stack.stopService("dispatcher");
        } else {
            stack.stopDispatcherInstance(instance);
        }
    }

    private void awaitBothInstancesOwnPartitions() {
        awaitOwners(List.of("dispatcher-a", "dispatcher-b"));
    }

    private void awaitOwners(List<String> instances) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String instance : instances) {
                        assertThat(partitions(instanceUrls().get(instance)))
                                .as(instance)
                                .isNotEmpty();
                    }
                });
    }

    private String ownerOf(String channel) throws Exception {
        int partition = BuiltInPartitioner.partitionForKey(channel.getBytes(StandardCharsets.UTF_8), 6);
        for (Map.Entry<String, String> instance : instanceUrls().entrySet()) {
            try {
                if (partitions(instance.getValue()).contains(partition)) {
                    return instance.getKey();
                }
            } catch (java.io.IOException e) {
                // a stopped instance
            }
        }
        throw new AssertionError("no instance owns partition " + partition + " of herald.signed.webhook");
    }

    private void awaitOwner(String channel, String instance) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> ownerOf(channel).equals(instance));
    }

    private List<Integer> partitions(String dispatcherUrl) throws Exception {
        return client.assignedPartitions(dispatcherUrl, "webhook");
    }
}
