package io.herald.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A compose file as Compose reads it: YAML whose anchors and merge keys ({@code <<}) SnakeYAML resolves, and each
 * service's environment as its container gets it (its {@code env_file}s, then {@code environment}, which wins).
 */
final class ComposeFile {

    private static final Pattern REFERENCE = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)");

    private final Path directory;
    private final Map<String, Object> root;

    private ComposeFile(Path directory, Map<String, Object> root) {
        this.directory = directory;
        this.root = root;
    }

    static ComposeFile read(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /** {@code directory}: what relative paths ({@code env_file}) are resolved against. */
    @SuppressWarnings("unchecked")
    static ComposeFile parse(String yaml, Path directory) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object root = new Yaml(new SafeConstructor(options)).load(yaml);
        return new ComposeFile(directory, (Map<String, Object>) root);
    }

    Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) root.get("services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError("no service " + name + " in the compose file");
        }
        return service;
    }

    String image(String service) {
        return String.valueOf(service(service).get("image"));
    }

    /** The {@code environment} section only, as written (list or map form). */
    Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> values.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            list.forEach(entry -> putLine(values, String.valueOf(entry)));
        }
        return values;
    }

    /** The variables of the service's {@code env_file}s, in order. */
    Map<String, String> envFiles(String service) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Path file : envFilePaths(service)) {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    putLine(values, trimmed);
                }
            }
        }
        return values;
    }

    List<Path> envFilePaths(String service) {
        Object files = service(service).get("env_file");
        List<Path> paths = new ArrayList<>();
        if (files instanceof String one) {
            paths.add(directory.resolve(one));
        } else if (files instanceof List<?> list) {
            list.forEach(file -> paths.add(directory.resolve(String.valueOf(file))));
        }
        return paths;
    }

    /** What the container's environment holds: env files first, then {@code environment}. */
    Map<String, String> containerEnvironment(String service) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(envFiles(service));
        all.putAll(environment(service));
        return all;
    }

    List<String> command(String service) {
        return strings(service(service).get("command"));
    }

    @SuppressWarnings("unchecked")
    List<String> healthcheck(String service) {
        Object healthcheck = service(service).get("healthcheck");
        return healthcheck instanceof Map<?, ?> map ? strings(((Map<String, Object>) map).get("test")) : List.of();
    }

    List<String> ports(String service) {
        return strings(service(service).get("ports"));
    }

    /** The variable names {@code text} refers to as {@code env:NAME}. */
    static List<String> references(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(text == null ? "" : text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static void putLine(Map<String, String> values, String line) {
        int equals = line.indexOf('=');
        if (equals < 0) {
            values.put(line, null);
        } else {
            values.put(line.substring(0, equals), line.substring(equals + 1));
        }
    }
}
