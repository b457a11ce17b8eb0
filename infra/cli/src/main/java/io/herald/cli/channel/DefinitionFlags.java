package io.herald.cli.channel;

import io.herald.cli.Cli;
import io.herald.cli.CliException;
import io.herald.cli.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * The flags of {@code herald channel create|update}, as the JSON properties of {@code POST/PUT /v1/channels}. A secret
 * is read from a file or standard input ({@code --secret-file NAME=-}); {@code --secret NAME=VALUE} works but warns,
 * since a command line shows in the process list and the shell's history. No secret is ever printed.
 */
final class DefinitionFlags {

    @Option(names = "--provider", paramLabel = "ID", description = "The provider: dingtalk, feishu, webhook, …")
    String provider;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Where requests go, without credentials.")
    String endpoint;

    @Option(
            names = "--tenant",
            paramLabel = "TENANT",
            description = "The owning tenant (none: shared by every tenant).")
    String tenant;

    @Option(
            names = "--credential",
            paramLabel = "NAME=REF",
            description = "A credential by reference: NAME=env:VARIABLE or NAME=file:/path (repeatable).")
    Map<String, String> credentials = new LinkedHashMap<>();

    @Option(
            names = "--secret-file",
            paramLabel = "NAME=PATH",
            description = "A credential's secret from a file ('-': standard input), sealed by the signer (repeatable).")
    Map<String, String> secretFiles = new LinkedHashMap<>();

    @Option(
            names = "--secret",
            paramLabel = "NAME=VALUE",
            description = "A credential's secret on the command line (discouraged: prefer --secret-file).")
    Map<String, String> secrets = new LinkedHashMap<>();

    @Option(names = "--max-message-bytes", paramLabel = "N", description = "Largest message accepted.")
    Integer maxMessageBytes;

    @Option(names = "--rate-per-minute", paramLabel = "N", description = "Sends per minute the provider allows.")
    Integer ratePerMinute;

    @Option(names = "--max-attempts", paramLabel = "N", description = "Tries sent before the dead letter.")
    Integer maxAttempts;

    @Option(
            names = "--max-age",
            paramLabel = "DURATION",
            description = "No try once a notification is this old (30m, 24h or ISO-8601 PT30M).")
    String maxAge;

    @Option(
            names = "--fallback",
            paramLabel = "CHANNEL",
            split = ",",
            description = "The route: a chat channel tried when this one gives up, in the order given (repeatable or"
                    + " comma-separated; --fallback '' clears the route).")
    List<String> fallbacks;

    @Option(
            names = "--fallback-after-open",
            paramLabel = "DURATION",
            description = "Also fall back when the circuit stays open this long (5m, or ISO-8601 PT5M).")
    String fallbackAfterOpen;

    @Option(
            names = "--ordering",
            paramLabel = "strict|none",
            description = "strict: delivered in the order accepted, later ones waiting behind one that waits for a"
                    + " retry; none: no order kept across retries.")
    String ordering;

    @Option(
            names = "--on-dead-letter",
            paramLabel = "release|stop",
            description = "Of an ordered channel, when the one the others wait behind is dead-lettered: release lets"
                    + " the next go, stop holds the rest until herald channel resume.")
    String onDeadLetter;

    /** Credential name to secret value: from the files (or stdin), then the command line (with a warning). */
    Map<String, String> secretValues(Cli cli) {
        Map<String, String> values = new LinkedHashMap<>();
        int fromStdin = 0;
        for (Map.Entry<String, String> e : secretFiles.entrySet()) {
            fromStdin += "-".equals(e.getValue()) ? 1 : 0;
            values.put(e.getKey(), read(cli, "--secret-file " + e.getKey(), e.getValue()));
        }
        if (fromStdin > 1) {
            throw CliException.usage("--secret-file: only one secret can come from standard input ('-')");
        }
        if (!secrets.isEmpty()) {
            cli.err()
                    .println("warning: --secret puts a secret in the process list and the shell's history;"
                            + " prefer --secret-file NAME=PATH (or NAME=- for standard input)");
        }
        secrets.forEach((name, value) -> {
            if (values.containsKey(name)) {
                throw CliException.usage("--secret " + name + ": also given with --secret-file");
            }
            values.put(name, value);
        });
        values.forEach((name, value) -> {
            if (value.isBlank()) {
                throw CliException.usage("the secret of credential '" + name + "' is empty");
            }
        });
        return values;
    }

    /** Writes every flag given into {@code body}, over what is there. */
    void applyTo(ObjectNode body, Map<String, String> secretValues) {
        put(body, "provider", provider);
        put(body, "endpoint", endpoint);
        put(body, "tenant", tenant);
        if (!credentials.isEmpty() || !secretValues.isEmpty()) {
            ObjectNode references = body.has("credentials") && body.get("credentials") instanceof ObjectNode o
                    ? o
                    : body.putObject("credentials");
            credentials.forEach(references::put);
            secretValues.keySet().forEach(references::remove); // a credential is a reference or a sealed secret
            if (references.isEmpty()) {
                body.remove("credentials");
            }
        }
        if (!secretValues.isEmpty()) {
            ObjectNode values = body.putObject("secrets");
            secretValues.forEach(values::put);
        }
        if (maxMessageBytes != null) {
            body.put("maxMessageBytes", maxMessageBytes);
        }
        if (ratePerMinute != null) {
            body.put("ratePerMinute", ratePerMinute);
        }
        if (maxAttempts != null) {
            body.put("maxAttempts", maxAttempts);
        }
        if (maxAge != null) {
            body.put("maxAge", isoDuration("--max-age", maxAge));
        }
        if (fallbacks != null) {
            var route = body.putArray("fallbacks");
            fallbacks.stream().map(String::strip).filter(f -> !f.isEmpty()).forEach(route::add);
        }
        if (fallbackAfterOpen != null) {
            body.put("fallbackAfterOpen", isoDuration("--fallback-after-open", fallbackAfterOpen));
        }
        if (ordering != null) {
            body.put("ordering", oneOf("--ordering", ordering, "strict", "none"));
        }
        if (onDeadLetter != null) {
            body.put("onDeadLetter", oneOf("--on-dead-letter", onDeadLetter, "release", "stop"));
        }
    }

    /** The flags given, for "nothing to change". */
    List<String> given() {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        flags.put("--provider", provider != null);
        flags.put("--endpoint", endpoint != null);
        flags.put("--tenant", tenant != null);
        flags.put("--credential", !credentials.isEmpty());
        flags.put("--secret", !secretFiles.isEmpty() || !secrets.isEmpty());
        flags.put("--max-message-bytes", maxMessageBytes != null);
        flags.put("--rate-per-minute", ratePerMinute != null);
        flags.put("--max-attempts", maxAttempts != null);
        flags.put("--max-age", maxAge != null);
        flags.put("--fallback", fallbacks != null);
        flags.put("--fallback-after-open", fallbackAfterOpen != null);
        flags.put("--ordering", ordering != null);
        flags.put("--on-dead-letter", onDeadLetter != null);
        List<String> given = new ArrayList<>();
        flags.forEach((flag, set) -> {
            if (set) {
                given.add(flag);
            }
        });
        return given;
    }

    /** {@code value} in lower case when it is one of {@code allowed}; a usage error naming the flag otherwise. */
    static String oneOf(String flag, String value, String... allowed) {
        String given = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!List.of(allowed).contains(given)) {
            throw CliException.usage(flag + ": '" + value.strip() + "' is not one of " + String.join(", ", allowed));
        }
        return given;
    }

    static String isoDuration(String flag, String value) {
        String given = value.strip();
        return given.startsWith("P") || given.startsWith("p")
                ? given.toUpperCase(java.util.Locale.ROOT)
                : Durations.parse(flag, given).toString();
    }

    /** A secret from a file or standard input, trailing line breaks trimmed; the message names the flag, not the value. */
    static String read(Cli cli, String flag, String file) {
        try {
            byte[] bytes = "-".equals(file) ? cli.in().readAllBytes() : Files.readAllBytes(Path.of(file));
            return new String(bytes, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (NoSuchFileException e) {
            throw CliException.usage(flag + ": no such file " + file);
        } catch (IOException e) {
            throw CliException.usage(flag + ": cannot read " + file);
        }
    }

    private static void put(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value.strip());
        }
    }
}
