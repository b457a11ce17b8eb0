package io.herald.stack;

import io.herald.contract.security.Role;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The bearer tokens of one stack run: the four of every stack ({@link #STANDARD}) plus any a test adds
 * ({@link StackBuilder#token}), each from its environment variable when set (so a shell that exported them keeps
 * working across restarts), else random. A service gets a token only by reference ({@code secret=env:VARIABLE}, the
 * value in its environment), never on a command line where {@code ps} would show it; the values go to one owner-only
 * file ({@link #FILE}), never to a log.
 */
final class StackTokens {

    /** In the work directory: {@code VARIABLE=value} lines, readable as properties and by a POSIX shell. */
    static final String FILE = "tokens.properties";

    static final String PUBLISHER = "publisher";
    static final String READER = "reader";
    static final String OPERATOR = "operator";
    static final String DISPATCHER = "dispatcher";

    /** What a token is; its value is kept apart, so printing a {@code Token} never shows one. */
    record Token(
            String name,
            Set<Role> roles,
            List<String> tenants,
            List<String> channels,
            String variable,
            String purpose) {

        Token {
            roles = Set.copyOf(roles);
            tenants = List.copyOf(tenants);
            channels = List.copyOf(channels);
        }

        /** OPERATOR: by every service; else by the service that declares one of its roles. */
        boolean acceptedBy(HeraldService service) {
            return roles.contains(Role.OPERATOR)
                    || service.acceptedRole().filter(roles::contains).isPresent();
        }
    }

    static final List<Token> STANDARD = List.of(
            new Token(
                    PUBLISHER,
                    Set.of(Role.PUBLISH),
                    List.of("*"),
                    List.of(),
                    "HERALD_PUBLISH_TOKEN",
                    "POST /v1/notifications (ingest)"),
            new Token(
                    READER,
                    Set.of(Role.READ),
                    List.of("*"),
                    List.of(),
                    "HERALD_READ_TOKEN",
                    "audit queries: /v1/notifications, /v1/dead-letters, /v1/counts, the audit page"),
            new Token(
                    OPERATOR,
                    Set.of(Role.OPERATOR),
                    List.of("*"),
                    List.of(),
                    "HERALD_OPERATOR_TOKEN",
                    "audit replay, signer preview, /actuator/* but health and prometheus (every service)"),
            new Token(
                    DISPATCHER,
                    Set.of(Role.SERVICE),
                    List.of("*"),
                    List.of(),
                    "HERALD_SERVICE_TOKEN",
                    "the dispatcher's calls to the signer's /internal/v1/resign and the audit's to its"
                            + " /internal/v1/channel-secrets"));

    /** Names become property keys ({@code herald.security.tokens.<name>}) and variable names. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}");
    /** RFC 6750's b64token, without {@code ~} (a shell expands it after {@code =}); long enough to be a secret. */
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._+/-]{16,}=*");

    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * @param extra tokens a test added, besides {@link #STANDARD}
     * @param environment where a token's variable may already be set ({@code null}: not set)
     */
    StackTokens(Collection<Token> extra, UnaryOperator<String> environment) {
        List<Token> all = new ArrayList<>(STANDARD);
        all.addAll(extra);
        SecureRandom random = new SecureRandom();
        for (Token token : all) {
            if (tokens.putIfAbsent(token.name(), token) != null) {
                throw new IllegalArgumentException("token '" + token.name() + "' is defined twice");
            }
            String given = environment.apply(token.variable());
            if (given != null && !given.isBlank() && !VALUE.matcher(given).matches()) {
                // the message names the variable, never its value
                throw new IllegalArgumentException(token.variable() + " is set but is not a usable bearer token: give"
                        + " at least 16 characters of A-Z a-z 0-9 - . _ + / (or unset it for a random one)");
            }
            values.put(token.name(), given == null || given.isBlank() ? random(token.name(), random) : given);
        }
    }

    /** A token a test adds: it acts for {@code tenants} ({@code *}: all), publishes only to {@code channels} (none: all). */
    static Token extra(String name, Set<Role> roles, List<String> tenants, List<String> channels) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "token name '" + name + "': give lower-case letters, digits and '-'," + " starting with a letter");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("token '" + name + "': give at least one role");
        }
        if (tenants == null || tenants.isEmpty()) {
            throw new IllegalArgumentException("token '" + name + "': give its tenants, or * for all");
        }
        String variable = "HERALD_TOKEN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        return new Token(
                name,
                EnumSet.copyOf(roles),
                tenants,
                channels == null ? List.of() : channels,
                variable,
                "added by the test");
    }

    /** The value of a token, by name. */
    String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no token '" + name + "'; known: " + String.join(", ", values.keySet()));
        }
        return value;
    }

    /** Every token's value by name (for a secrets sweep). */
    Map<String, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    Collection<Token> all() {
        return java.util.Collections.unmodifiableCollection(tokens.values());
    }

    /** Every variable that holds a token (a service's environment gets only those of tokens it accepts). */
    Set<String> variables() {
        Set<String> variables = new java.util.HashSet<>();
        tokens.values().forEach(token -> variables.add(token.variable()));
        return variables;
    }

    /** The arguments configuring {@code service}'s credentials: each token it accepts, by reference. */
    List<String> args(HeraldService service) {
        List<String> args = new ArrayList<>();
        for (Token token : tokens.values()) {
            if (!token.acceptedBy(service)) {
                continue;
            }
            String property = "--herald.security.tokens." + token.name();
            args.add(property + ".secret=env:" + token.variable());
            args.add(property + ".roles="
                    + String.join(
                            ",", token.roles().stream().map(Role::name).sorted().toList()));
            args.add(property + ".tenants=" + String.join(",", token.tenants()));
            if (!token.channels().isEmpty()) {
                args.add(property + ".channels=" + String.join(",", token.channels()));
            }
        }
        return args;
    }

    /** The variables of the tokens {@code service} accepts (the one a service presents comes with its wire). */
    Map<String, String> env(HeraldService service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Token token : tokens.values()) {
            if (token.acceptedBy(service)) {
                env.put(token.variable(), values.get(token.name()));
            }
        }
        return env;
    }

    /** Writes every value, owner-only (rw-------), replacing what an earlier run wrote. */
    void write(Path file) {
        StringBuilder text = new StringBuilder();
        String nl = "\n";
        text.append("# Bearer tokens of this Herald local stack (random each run unless the variable was set).")
                .append(nl)
                .append("# Owner-only: never commit, paste or log them. Load them into a shell with:")
                .append(nl)
                .append("#   set -a; . ")
                .append(file)
                .append("; set +a")
                .append(nl);
        for (Token token : tokens.values()) {
            text.append(nl)
                    .append("# ")
                    .append(token.name())
                    .append(": ")
                    .append(String.join(
                            ",", token.roles().stream().map(Role::name).sorted().toList()))
                    .append(", tenants ")
                    .append(String.join(",", token.tenants()))
                    .append(token.channels().isEmpty() ? "" : ", channels " + String.join(",", token.channels()))
                    .append(" - ")
                    .append(token.purpose())
                    .append(nl)
                    .append(token.variable())
                    .append('=')
                    .append(values.get(token.name()))
                    .append(nl);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the file keeps the default permissions
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** A token's value from a file {@link #write} wrote, by its variable; empty when the file or the line is missing. */
    static Optional<String> read(Path file, String variable) {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.getProperty(variable));
    }

    /** The standard token's variable, e.g. {@code HERALD_OPERATOR_TOKEN} for {@code operator}. */
    static String variable(String standardName) {
        return STANDARD.stream()
                .filter(token -> token.name().equals(standardName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no standard token '" + standardName + "'"))
                .variable();
    }

    private static String random(String name, SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return name + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
