package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.contract.kafka.HeraldKafkaAutoConfiguration;
import io.herald.provider.webhook.sandbox.StandardWebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's metrics table against a real scrape: the whole stack, one notification delivered, one dead-lettered,
 * one waiting for its channel's rate window and one unreadable record; then every service's {@code /actuator/prometheus}
 * on its management port (no credential) shows every metric the table names for it, and no label value holds a
 * notification id, a token or the channels' secret. The table is read from README.md, so doc and test cannot drift.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final String WHSEC = "whsec_bWV0cmljcy1pdC1zZWNyZXQtMDEyMzQ1Njc4OTAx";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (\\w+) \\| [^|]* \\| ([a-z, ]+) \\|");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? \\S+");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:herald|kafka)_[a-z0-9_]+)\\b");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private LocalStack stack;
    private PipelineClient client;

    @BeforeAll
    void startThePipeline() {
        HeraldKafkaAutoConfiguration.trustSchemaPackage();
        StringBuilder catalog = new StringBuilder("herald:\n  channels:\n");
        for (String receiver : List.of("met-ok", "met-dead", "met-limited")) {
            catalog.append("    ")
                    .append(receiver)
                    .append(":\n      provider: webhook\n      endpoint: {{sandbox}}/webhook/")
                    .append(receiver)
                    .append("\n      credentials:\n        secret: env:MET_WHSEC\n");
            if (receiver.equals("met-limited")) {
                catalog.append("      rate-per-minute: 1\n");
            }
        }
        var home = LocalStack.heraldHome();
        stack = LocalStack.builder()
                .home(home)
                .workDir(home.resolve("infra/local-stack/target/metrics-it"))
                .freePorts()
                .channelCatalogContent(catalog.toString())
                .env("MET_WHSEC", WHSEC)
                .everyServiceArgs("--herald.kafka.retry-tiers=1s,2s")
                .serviceArgs(
                        HeraldService.DISPATCHER,
                        "--herald.dispatcher.providers=webhook",
                        "--herald.dispatcher.max-attempts=1")
                .listener(StackListener.printingTo(System.out))
                .build()
                .start();
        for (String receiver : List.of("met-ok", "met-dead", "met-limited")) {
            stack.sandbox().verifier(StandardWebhookVerifier.class).addEndpoint(receiver, List.of(WHSEC));
        }
        client = new PipelineClient(stack);
    }

    @AfterAll
    void stopThePipeline() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyDocumentedMetricIsInARealScrapeAndNoLabelHoldsAnIdOrASecret() throws Exception {
        stack.sandbox().injectFaults("/webhook/met-dead", 100, 503, "down for maintenance");
        List<String> ids = new ArrayList<>();
        String delivered = client.post("met-ok", "metrics delivered");
        String dead = client.post("met-dead", "metrics dead-lettered");
        ids.add(delivered);
        ids.add(dead);
        ids.add(client.post("met-limited", "metrics first at the rate"));
        ids.add(client.post("met-limited", "metrics parked at the rate"));
        unreadableRecord("herald.accepted");
        client.awaitStatus(delivered, "DELIVERED");
        client.awaitStatus(dead, "DEAD_LETTERED");

        Map<String, List<String>> documented = documentedMetrics();
        assertThat(documented).as("the README's metrics table").hasSizeGreaterThan(10);
        Map<HeraldService, Map<String, List<Map<String, String>>>> scrapes = new EnumMap<>(HeraldService.class);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    for (HeraldService service : HeraldService.values()) {
                        scrapes.put(service, scrape(service));
                    }
                    documented.forEach((metric, services) -> {
                        for (String id : services) {
                            assertThat(scrapes.get(HeraldService.byName(id)))
                                    .as(metric + " in the " + id + "'s scrape")
                                    .containsKey(metric);
                        }
                    });
                });

        List<String> secrets = new ArrayList<>(stack.tokens().values());
        secrets.add(WHSEC);
        secrets.add(WHSEC.substring("whsec_".length()));
        scrapes.forEach((service, metrics) -> metrics.forEach((metric, samples) ->
                samples.forEach(labels -> labels.values().forEach(value -> {
                    for (String id : ids) {
                        assertThat(value).as(service.id() + " " + metric).doesNotContain(id);
                    }
                    for (String secret : secrets) {
                        assertThat(value).as(service.id() + " " + metric).doesNotContain(secret);
                    }
                }))));
        // the labels the table names are the ones Herald's meters carry
        assertThat(scrapes.get(HeraldService.DISPATCHER).get("herald_dispatcher_deliveries_total"))
                .contains(Map.of("provider", "webhook", "channel", "met-ok", "result", "delivered"))
                .contains(Map.of("provider", "webhook", "channel", "met-dead", "result", "dead_letter"));
        // the second record at 1 per minute waits for its channel's window: pacing, not a park nor a retry
        assertThat(scrapes.get(HeraldService.DISPATCHER).get("herald_dispatcher_paced_total"))
                .contains(Map.of("provider", "webhook", "where", "parked"));
        assertThat(scrapes.get(HeraldService.DISPATCHER).get("herald_dispatcher_deliveries_total"))
                .doesNotContain(Map.of("provider", "webhook", "channel", "met-limited", "result", "retry"));
        assertThat(scrapes.get(HeraldService.SIGNER).get("herald_kafka_records_malformed_total"))
                .anySatisfy(labels -> assertThat(labels).containsEntry("topic", "herald.accepted"));
    }

    /**
     * The alert rules and the dashboard of {@code infra/observability/} against a real Prometheus (the Debian package,
     * on loopback) scraping this stack: {@code promtool check rules} accepts the rules, Prometheus loads them, and
     * every metric the rules and the dashboard name is in its own query API.
     */
    @Test
    @Order(2)
    void prometheusLoadsTheAlertRulesAndHasEveryMetricTheyAndTheDashboardName() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PROMETHEUS),
                "skipped: no " + PROMETHEUS + " (install the Debian package prometheus; .ci/run does)");
        Path observability = LocalStack.heraldHome().resolve("infra/observability");
        Path rules = observability.resolve("herald-alerts.yml");
        Process check = new ProcessBuilder("/usr/bin/promtool", "check", "rules", rules.toString())
                .redirectErrorStream(true)
                .start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(checked).isZero();
        assertThat(checked).contains("SUCCESS: 6 rules found");

        Path dir = stack.workDir().resolve("prometheus");
        Files.createDirectories(dir);
        StringBuilder targets = new StringBuilder();
        for (HeraldService service : HeraldService.values()) {
            targets.append(targets.isEmpty() ? "" : ", ")
                    .append('"')
                    .append(stack.managementUrl(service).substring("http://".length()))
                    .append('"');
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                        + "rule_files: [\"" + rules + "\"]\n"
                        + "scrape_configs:\n  - job_name: herald\n    metrics_path: /actuator/prometheus\n"
                        + "    static_configs:\n      - targets: [" + targets + "]\n");
        int port = Ports.pickFree();
        Process prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1";
            Set<String> named = new TreeSet<>();
            for (Path file : List.of(rules, observability.resolve("herald-dashboard.json"))) {
                Matcher name = METRIC_NAME.matcher(Files.readString(file));
                while (name.find()) {
                    named.add(name.group(1));
                }
            }
            assertThat(named).hasSizeGreaterThan(10);
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        assertThat(prometheus.isAlive())
                                .as("prometheus runs (see " + dir + "/prometheus.log)")
                                .isTrue();
                        String up = Http.get(api + "/query?query=up").body();
                        assertThat(up.split(",\"1\"]", -1))
                                .as("every service's target up: " + up)
                                .hasSize(5);
                        assertThat(Http.get(api + "/rules").body())
                                .contains("HeraldDeadLetters", "HeraldProviderUnserved");
                        String names = Http.get(api + "/label/__name__/values").body();
                        for (String metric : named) {
                            assertThat(names).as(metric + " in Prometheus").contains("\"" + metric + "\"");
                        }
                    });
        } finally {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Metric name to the services the README's table says serve it. */
    private static Map<String, List<String>> documentedMetrics() throws Exception {
        String readme = Files.readString(LocalStack.heraldHome().resolve("README.md"));
        int start = readme.indexOf("### Metrics");
        assertThat(start).as("README.md has a Metrics section").isNotNegative();
        Map<String, List<String>> metrics = new LinkedHashMap<>();
        for (String line : readme.substring(start).lines().toList()) {
            if (line.startsWith("#") && !line.startsWith("### Metrics")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                metrics.put(row.group(1), List.of(row.group(3).replace(" ", "").split(",")));
            }
        }
        return metrics;
    }

    /** Metric family (a histogram's and a counter's suffixes folded in) to the label sets of its samples. */
    private Map<String, List<Map<String, String>>> scrape(HeraldService service) throws Exception {
        Http.Response answer = Http.get(stack.managementUrl(service) + "/actuator/prometheus");
        assertThat(answer.status())
                .as(service.id() + " scrape without a credential")
                .isEqualTo(200);
        Map<String, List<Map<String, String>>> metrics = new LinkedHashMap<>();
        for (String line : answer.body().lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            String name = sample.group(1);
            metrics.computeIfAbsent(name, key -> new ArrayList<>()).add(labels);
            String family = name.replaceFirst("_(bucket|count|sum)$", ""); // a histogram's series
            if (!family.equals(name)) {
                metrics.computeIfAbsent(family, key -> new ArrayList<>()).add(labels);
            }
        }
        return metrics;
    }

    /** Bytes no reader can take for Avro, as a producer that is not Herald's might write them. */
    private void unreadableRecord(String topic) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, "metrics-it", "not avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
