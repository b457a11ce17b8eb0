package io.herald.cli.publish;

import io.herald.cli.Cli;
import io.herald.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /v1/notifications} built from {@code herald publish}'s flags, or read from a file; the same
 * JSON is turned into Avro for {@code --kafka}. Ingest validates the content; here only what the flags must say.
 */
final class PublishRequest {

    private PublishRequest() {}

    static ObjectNode fromFlags(PublishCommand c) {
        if (c.channel == null || c.channel.isBlank()) {
            throw CliException.usage("--channel is required (or give the whole request with --file)");
        }
        boolean message = c.text != null || c.markdown != null;
        boolean apiCall = c.apiCallAction != null || c.apiCallBody != null || c.apiCallPath != null;
        if (c.text != null && c.markdown != null) {
            throw CliException.usage("give --text or --markdown, not both");
        }
        if (message == apiCall) {
            throw CliException.usage(
                    message
                            ? "give a message (--text/--markdown) or an API call (--api-call-*), not both"
                            : "say what to send: --text, --markdown, or --api-call-action with --api-call-body");
        }
        ObjectNode body = Cli.JSON.createObjectNode();
        body.put("channel", c.channel.strip());
        putIfSet(body, "notificationId", c.notificationId);
        putIfSet(body, "idempotencyKey", c.idempotencyKey);
        putIfSet(body, "tenant", c.tenant);
        if (!c.attributes.isEmpty()) {
            ObjectNode attributes = body.putObject("attributes");
            c.attributes.forEach(attributes::put);
        }
        if (message) {
            ObjectNode m = body.putObject("message");
            m.put("format", c.markdown != null ? "markdown" : "text");
            putIfSet(m, "title", c.title);
            m.put("text", c.markdown != null ? c.markdown : c.text);
            if (!c.mentionMobiles.isEmpty() || !c.mentionUsers.isEmpty() || c.mentionAll) {
                ObjectNode mentions = m.putObject("mentions");
                c.mentionMobiles.forEach(mentions.putArray("mobiles")::add);
                c.mentionUsers.forEach(mentions.putArray("userIds")::add);
                mentions.put("all", c.mentionAll);
            }
        } else {
            ObjectNode call = body.putObject("apiCall");
            putIfSet(call, "action", c.apiCallAction);
            putIfSet(call, "version", c.apiCallVersion);
            putIfSet(call, "region", c.apiCallRegion);
            putIfSet(call, "method", c.apiCallMethod);
            putIfSet(call, "path", c.apiCallPath);
            if (c.apiCallBody != null) {
                try {
                    call.set("body", Cli.JSON.readTree(c.apiCallBody));
                } catch (JacksonException e) {
                    throw CliException.usage("--api-call-body: not JSON (" + e.getOriginalMessage() + ")");
                }
            }
        }
        return body;
    }

    /** A request file ({@code -} for stdin): one JSON object, as {@code POST /v1/notifications} takes it. */
    static ObjectNode fromFile(String file, InputStream stdin) {
        try {
            byte[] bytes = "-".equals(file) ? stdin.readAllBytes() : Files.readAllBytes(Path.of(file));
            JsonNode node = Cli.JSON.readTree(bytes);
            if (!(node instanceof ObjectNode object)) {
                throw CliException.usage(
                        "--file " + file + ": expected one JSON object, as POST /v1/notifications takes it");
            }
            return object;
        } catch (NoSuchFileException e) {
            throw CliException.usage("--file " + file + ": no such file");
        } catch (IOException e) {
            throw CliException.usage("--file " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (JacksonException e) {
            throw CliException.usage("--file " + file + ": not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Flags that set content, named for the message when they are mixed with --file. */
    static List<String> contentFlags(PublishCommand c) {
        Map<String, Object> flags = new java.util.LinkedHashMap<>();
        flags.put("--channel", c.channel);
        flags.put("--text", c.text);
        flags.put("--markdown", c.markdown);
        flags.put("--title", c.title);
        flags.put("--api-call-action", c.apiCallAction);
        flags.put("--api-call-body", c.apiCallBody);
        flags.put("--api-call-path", c.apiCallPath);
        flags.put("--id", c.notificationId);
        flags.put("--tenant", c.tenant);
        return flags.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value);
        }
    }
}
