package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies of the channel API: at most the configured size, JSON objects with known properties of the
 * right types, and every problem named with its property ({@link ChannelRules#API} spelling) in one answer. A
 * submitted secret's value is never put into a message.
 */
final class ChannelRequests {

    static final Set<String> PROPERTIES = Set.of(
            "name",
            "tenant",
            "provider",
            "endpoint",
            "credentials",
            "secrets",
            "maxMessageBytes",
            "ratePerMinute",
            "maxAttempts",
            "maxAge",
            "fallbacks",
            "fallbackAfterOpen",
            "ordering",
            "onDeadLetter");

    private static final Pattern CREDENTIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long maxBody;
    private final int maxSecretBytes;

    ChannelRequests(long maxBody, int maxSecretBytes) {
        this.maxBody = maxBody;
        this.maxSecretBytes = maxSecretBytes;
    }

    /** The body as JSON; an empty body is null. 413 over the size limit, 400 when it is not JSON. */
    JsonNode json(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBody + 1));
        } catch (IOException e) {
            throw ChannelProblem.of(HttpStatus.BAD_REQUEST, "Unreadable body", "the request body could not be read");
        }
        if (bytes.length > maxBody) {
            throw ChannelProblem.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Body too large",
                    "at most " + maxBody + " bytes are accepted (herald.audit.channels.max-request-body)");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        } catch (JacksonException e) {
            // the parser's message may quote the body, which may hold a secret
            throw ChannelProblem.invalid("(body)", "is not valid JSON");
        }
    }

    /**
     * The channel a create ({@code pathName} null) or replace body describes.
     *
     * @throws ChannelProblem 400 listing every problem
     */
    ChannelRequest channel(JsonNode body, String pathName) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ChannelProblem.invalid("(body)", "must be a JSON object describing the channel");
        }
        for (String property : body.propertyNames()) {
            if (!PROPERTIES.contains(property)) {
                problems.add(property + ": unknown property; known: "
                        + String.join(", ", new java.util.TreeSet<>(PROPERTIES)));
            }
        }
        String name = text(body, "name", problems);
        if (pathName != null) {
            if (name != null && !name.equals(pathName)) {
                problems.add("name: must be the name in the path ('" + pathName + "') or left out");
            }
            name = pathName;
        }
        boolean tenantGiven = body.has("tenant");
        String tenant = text(body, "tenant", problems);
        if (tenant != null && tenant.isBlank()) {
            problems.add("tenant: must not be blank (null or left out: see the API description)");
        }
        String provider = text(body, "provider", problems);
        URI endpoint = endpoint(text(body, "endpoint", problems), problems);
        Map<String, String> credentials = strings(body, "credentials", problems);
        Map<String, String> secrets = secrets(body, problems);
        secrets.keySet().stream()
                .filter(credentials::containsKey)
                .forEach(credential -> problems.add("secrets." + credential + ": credential '" + credential
                        + "' is also given as a reference in credentials." + credential + "; give one of them"));
        Integer maxMessageBytes = integer(body, "maxMessageBytes", problems);
        Integer ratePerMinute = integer(body, "ratePerMinute", problems);
        Integer maxAttempts = integer(body, "maxAttempts", problems);
        Duration maxAge = duration(body, "maxAge", problems);
        List<String> fallbacks = names(body, "fallbacks", problems);
        Duration fallbackAfterOpen = duration(body, "fallbackAfterOpen", problems);
        Channel.Ordering ordering =
                choice(body, "ordering", OrderingSpelling::ordering, OrderingSpelling.ORDERINGS, problems);
        Channel.OnDeadLetter onDeadLetter = choice(
                body, "onDeadLetter", OrderingSpelling::onDeadLetter, OrderingSpelling.ON_DEAD_LETTERS, problems);
        if (problems.isEmpty()) {
            Channel channel = new Channel(
                    provider,
                    endpoint,
                    credentials,
                    maxMessageBytes,
                    ratePerMinute,
                    maxAttempts,
                    maxAge,
                    fallbacks,
                    fallbackAfterOpen,
                    ordering,
                    onDeadLetter,
                    null); // set only by a resume; a replace keeps the current one (ChannelService)
            problems.addAll(ChannelRules.problems(name, channel, ChannelRules.API));
            if (problems.isEmpty()) {
                return new ChannelRequest(name, tenantGiven, tenant, channel, secrets);
            }
        }
        throw ChannelProblem.invalid(problems);
    }

    /** The value of {@code {"value": "..."}} (adding a secret), checked like {@code secrets.<credential>}. */
    String secretValue(JsonNode body, String credential) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw ChannelProblem.invalid("(body)", "must be a JSON object {\"value\": \"...\"}");
        }
        body.propertyNames().stream()
                .filter(p -> !p.equals("value"))
                .forEach(p -> problems.add(p + ": unknown property; known: value"));
        credential(credential, "credential", problems);
        JsonNode value = body.get("value");
        if (value == null || !value.isString()) {
            problems.add("value: required, a string");
        } else {
            secret("value", value.stringValue(), problems);
        }
        if (!problems.isEmpty()) {
            throw ChannelProblem.invalid(problems);
        }
        return value.stringValue();
    }

    private Map<String, String> secrets(JsonNode body, List<String> problems) {
        Map<String, String> secrets = new LinkedHashMap<>();
        JsonNode node = body.get("secrets");
        if (node == null || node.isNull()) {
            return secrets;
        }
        if (!node.isObject()) {
            problems.add("secrets: must be an object of credential name to the secret");
            return secrets;
        }
        for (var entry : node.properties()) {
            String property = "secrets." + entry.getKey();
            credential(entry.getKey(), property, problems);
            if (!entry.getValue().isString()) {
                problems.add(property + ": must be a string");
            } else if (secret(property, entry.getValue().stringValue(), problems)) {
                secrets.put(entry.getKey(), entry.getValue().stringValue());
            }
        }
        return secrets;
    }

    /** Checks a secret's size, never quoting it; true when it may be used. */
    private boolean secret(String property, String value, List<String> problems) {
        if (value.isBlank()) {
            problems.add(property + ": must not be empty");
            return false;
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxSecretBytes) {
            problems.add(property + ": at most " + maxSecretBytes + " bytes (herald.audit.channels.max-secret-bytes),"
                    + " this one has " + bytes);
            return false;
        }
        return true;
    }

    private static void credential(String credential, String property, List<String> problems) {
        if (!CREDENTIAL.matcher(credential).matches()) {
            problems.add(property + ": credential names are 1-63 of [A-Za-z0-9_-], starting with a letter or digit");
        }
    }

    private static String text(JsonNode body, String property, List<String> problems) {
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            problems.add(property + ": must be a string");
            return null;
        }
        return node.stringValue();
    }

    private static URI endpoint(String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.isAbsolute()
                    && !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                problems.add("endpoint: must be an http or https URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add("endpoint: not a valid URL");
            return null;
        }
    }

    private static Map<String, String> strings(JsonNode body, String property, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            problems.add(property + ": must be an object of credential name to env:VARIABLE or file:/path");
            return values;
        }
        for (var entry : node.properties()) {
            credential(entry.getKey(), property + "." + entry.getKey(), problems);
            if (!entry.getValue().isString()) {
                problems.add(property + "." + entry.getKey() + ": must be a string, env:VARIABLE or file:/path");
            } else {
                values.put(entry.getKey(), entry.getValue().stringValue());
            }
        }
        return values;
    }

    private static List<String> names(JsonNode body, String property, List<String> problems) {
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        if (!node.isArray()) {
            problems.add(property + ": must be an array of channel names");
            return names;
        }
        for (JsonNode item : node) {
            if (!item.isString()) {
                problems.add(property + ": must be an array of channel names");
                return List.of();
            }
            names.add(item.stringValue());
        }
        return names;
    }

    private static Integer integer(JsonNode body, String property, List<String> problems) {
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problems.add(property + ": must be a whole number");
            return null;
        }
        return node.intValue();
    }

    /** One of a few words ({@code allowed}, for the message), any case; null when absent. */
    private static <T> T choice(
            JsonNode body, String property, Function<String, T> parse, String allowed, List<String> problems) {
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return null;
        }
        T value = node.isString() ? parse.apply(node.stringValue()) : null;
        if (value == null) {
            problems.add(property + ": must be one of " + allowed);
        }
        return value;
    }

    private static Duration duration(JsonNode body, String property, List<String> problems) {
        JsonNode node = body.get(property);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            try {
                return Duration.parse(node.stringValue());
            } catch (DateTimeParseException e) {
                // falls through to the problem
            }
        }
        problems.add(property + ": must be an ISO-8601 duration such as PT30M");
        return null;
    }
}
