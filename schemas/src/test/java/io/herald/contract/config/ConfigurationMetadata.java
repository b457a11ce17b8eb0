package io.herald.contract.config;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration metadata the build generated ({@code META-INF/spring-configuration-metadata.json} of every jar and
 * class folder on the class path) against the {@code herald.*} keys a service's {@code application.yml} documents: for
 * the tests that keep the two from drifting apart.
 */
public final class ConfigurationMetadata {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";

    private ConfigurationMetadata() {}

    /**
     * Every property and group name in the metadata on the class path (a group is a nested record, which YAML may set
     * to {@code {}}).
     */
    public static Set<String> properties() throws IOException {
        Set<String> names = new TreeSet<>();
        for (URL url :
                Collections.list(ConfigurationMetadata.class.getClassLoader().getResources(METADATA))) {
            try (InputStream in = url.openStream()) {
                String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                names.addAll(names(json, "properties"));
                names.addAll(names(json, "groups"));
            }
        }
        return names;
    }

    /** The metadata of this module's own build only ({@code target/classes}), for "does the processor run here". */
    public static Set<String> ownProperties() throws IOException {
        Path own = Path.of("target/classes", METADATA);
        if (!Files.exists(own)) {
            return Set.of();
        }
        List<String> found = JsonPath.read(Files.readString(own), "$.properties[*].name");
        return new TreeSet<>(found);
    }

    /** The {@code herald.*} keys set in a YAML file, flattened ({@code herald.ingest.max-record-size}). */
    public static Set<String> documentedHeraldKeys(Path yaml) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Reader reader = Files.newBufferedReader(yaml)) {
            for (Object document : new Yaml().loadAll(reader)) {
                flatten(document, "", keys);
            }
        }
        keys.removeIf(key -> !key.startsWith("herald."));
        return keys;
    }

    /**
     * The documented keys no metadata property describes; a key below a map or list property
     * ({@code herald.security.tokens.<name>.secret} under {@code herald.security.tokens}) counts as described.
     */
    public static List<String> undescribed(Set<String> documented, Set<String> properties) {
        List<String> missing = new ArrayList<>();
        for (String key : documented) {
            boolean described = properties.stream()
                    .anyMatch(name -> key.equals(name) || key.startsWith(name + ".") || key.startsWith(name + "["));
            if (!described) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** The names in one of the metadata's lists; a file may lack one (e.g. no groups). */
    private static List<String> names(String json, String list) {
        List<String> names = JsonPath.using(Configuration.defaultConfiguration().addOptions(Option.SUPPRESS_EXCEPTIONS))
                .parse(json)
                .read("$." + list + "[*].name");
        return names == null ? List.of() : names;
    }

    private static void flatten(Object node, String prefix, Set<String> keys) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach(
                    (key, value) -> flatten(value, prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, keys));
        } else if (!prefix.isEmpty()) {
            keys.add(prefix);
        }
    }
}
