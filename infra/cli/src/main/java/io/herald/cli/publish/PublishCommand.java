package io.herald.cli.publish;

import io.herald.cli.Api;
import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Durations;
import io.herald.cli.Endpoints;
import io.herald.cli.ExitCode;
import io.herald.cli.Service;
import io.herald.cli.audit.AuditCommand;
import io.herald.contract.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code herald publish}: one notification, over HTTP ({@code POST /v1/notifications}, PUBLISH credential) or with
 * {@code --kafka} as Avro on {@code herald.requests}. With {@code --wait} it follows the notification in the audit API
 * until it is delivered (exit 0) or dead-lettered/rejected (exit 1).
 */
@Command(
        name = "publish",
        description = "Publish a notification over HTTP (default) or Kafka, and optionally wait for its delivery.",
        mixinStandardHelpOptions = true)
public final class PublishCommand implements Callable<Integer> {

    private static final int BUSY_RETRIES = 5;

    private final Cli cli;

    @Mixin
    Endpoints endpoints;

    @Option(names = "--channel", paramLabel = "NAME", description = "The channel (config/channels.yml).")
    String channel;

    @Option(names = "--text", paramLabel = "TEXT", description = "A plain-text message.")
    String text;

    @Option(names = "--markdown", paramLabel = "TEXT", description = "A markdown message.")
    String markdown;

    @Option(names = "--title", paramLabel = "TITLE", description = "The message's title (DingTalk markdown needs one).")
    String title;

    @Option(names = "--mention-mobile", paramLabel = "MOBILE", description = "Mention this mobile number (repeatable).")
    List<String> mentionMobiles = new ArrayList<>();

    @Option(names = "--mention-user", paramLabel = "USER_ID", description = "Mention this user id (repeatable).")
    List<String> mentionUsers = new ArrayList<>();

    @Option(names = "--mention-all", description = "Mention everyone.")
    boolean mentionAll;

    @Option(
            names = "--api-call-action",
            paramLabel = "ACTION",
            description = "An API call's action (Tencent Cloud's DescribeRecordList).")
    String apiCallAction;

    @Option(names = "--api-call-version", paramLabel = "VERSION", description = "The API version (2021-03-23).")
    String apiCallVersion;

    @Option(names = "--api-call-region", paramLabel = "REGION", description = "The API region.")
    String apiCallRegion;

    @Option(names = "--api-call-method", paramLabel = "METHOD", description = "HTTP method (default POST).")
    String apiCallMethod;

    @Option(
            names = "--api-call-path",
            paramLabel = "PATH",
            description = "Path with query string, as sent (default /).")
    String apiCallPath;

    @Option(names = "--api-call-body", paramLabel = "JSON", description = "The API call's JSON body.")
    String apiCallBody;

    @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "An attribute (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(
            names = "--id",
            paramLabel = "ID",
            description =
                    "Choose the notification id (only a credential of every tenant may; over Kafka one is made when absent).")
    String notificationId;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description =
                    "Makes retries safe: the same key again answers the first notification (one is made when absent, so the CLI's own retries are safe).")
    String idempotencyKey;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            description = "The tenant, where the credential publishes for several.")
    String tenant;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description =
                    "The whole request as JSON, as POST /v1/notifications takes it ('-' reads stdin); instead of the content flags.")
    String file;

    @Option(
            names = "--kafka",
            description = "Produce an Avro NotificationRequest to herald.requests instead of calling ingest.")
    boolean kafka;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka (env HERALD_KAFKA_BOOTSTRAP; default 127.0.0.1:19092).")
    String bootstrapServers;

    @Option(
            names = "--registry-url",
            paramLabel = "URL",
            description =
                    "Apicurio Registry's API (env HERALD_REGISTRY_URL; default http://127.0.0.1:18081/apis/registry/v3).")
    String registryUrl;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "The deployment's topic prefix (herald.kafka.topic-prefix).")
    String topicPrefix;

    @Option(
            names = "--wait",
            description =
                    "Follow the notification in the audit API until it is delivered or dead-lettered (a READ credential: HERALD_READ_TOKEN).")
    boolean await;

    @Option(
            names = "--wait-timeout",
            paramLabel = "DURATION",
            defaultValue = "2m",
            description = "Give up waiting after this long (default ${DEFAULT-VALUE}).")
    String waitTimeout;

    public PublishCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        ObjectNode request;
        if (file != null) {
            List<String> mixed = PublishRequest.contentFlags(this);
            if (!mixed.isEmpty()) {
                throw CliException.usage("--file gives the whole request: leave out " + String.join(", ", mixed));
            }
            request = PublishRequest.fromFile(file, cli.in());
        } else {
            request = PublishRequest.fromFlags(this);
        }
        if (idempotencyKey != null && !request.has("idempotencyKey")) {
            request.put("idempotencyKey", idempotencyKey);
        }
        Duration wait = await ? Durations.parse("--wait-timeout", waitTimeout) : null;
        if (await) {
            cli.token(
                    null, AuditCommand.READ_TOKENS); // --wait reads the audit API: refuse before publishing, not after
        }
        String id = kafka ? viaKafka(request) : viaHttp(request);
        if (id == null) {
            return ExitCode.FAILED;
        }
        return await ? new DeliveryWatch(cli, endpoints).await(id, wait) : ExitCode.OK;
    }

    /** Posts; a 503 (ingest cannot take requests right now) is retried after its Retry-After with the same key. */
    private String viaHttp(ObjectNode request) {
        String token = cli.token(endpoints.token, "HERALD_PUBLISH_TOKEN");
        String key = request.path("idempotencyKey").asString(null);
        Map<String, String> headers = key == null ? Map.of("Idempotency-Key", "cli-" + UUID.randomUUID()) : Map.of();
        Api api = endpoints.api(cli);
        Api.Answer answer = null;
        for (int attempt = 0; attempt <= BUSY_RETRIES; attempt++) {
            answer = api.send(Service.INGEST, "POST", "/v1/notifications", token, request.toString(), headers);
            if (answer.status() != 503 || attempt == BUSY_RETRIES) {
                break;
            }
            long seconds = retryAfter(answer.retryAfter());
            cli.err().println("ingest is busy (503); trying again in " + seconds + " s…");
            cli.err().flush();
            sleep(Duration.ofSeconds(seconds));
        }
        JsonNode accepted = api.ok(Service.INGEST, answer);
        if (endpoints.json) {
            cli.out().println(accepted);
        } else {
            cli.out()
                    .println(accepted.path("status").asString() + " "
                            + accepted.path("id").asString());
        }
        cli.out().flush();
        return accepted.path("id").asString(null);
    }

    private String viaKafka(ObjectNode request) {
        String id = request.path("notificationId").asString(null);
        if (id == null) {
            id = UUID.randomUUID().toString();
        }
        String bootstrap = setting(bootstrapServers, "HERALD_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        String registry = setting(registryUrl, "HERALD_REGISTRY_URL", "http://127.0.0.1:18081/apis/registry/v3");
        String topic = new Topics(topicPrefix, List.of(Duration.ofSeconds(1))).requests();
        RecordMetadata sent =
                KafkaSend.send(bootstrap, registry, topic, AvroRequest.of(request, id), endpoints.timeout());
        if (endpoints.json) {
            ObjectNode answer = Cli.JSON.createObjectNode();
            answer.put("id", id)
                    .put("status", "SENT")
                    .put("topic", sent.topic())
                    .put("partition", sent.partition())
                    .put("offset", sent.offset());
            cli.out().println(answer);
        } else {
            cli.out()
                    .println("SENT " + id + " (" + sent.topic() + " partition " + sent.partition() + " offset "
                            + sent.offset() + ")");
        }
        cli.out().flush();
        return id;
    }

    private String setting(String flag, String variable, String localDefault) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String value = cli.variable(variable);
        return value != null ? value : localDefault;
    }

    static long retryAfter(String header) {
        try {
            return header == null ? 1 : Math.clamp(Long.parseLong(header.strip()), 1, 10);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("interrupted");
        }
    }
}
