package io.herald.images;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings one service knows: the configuration metadata ({@code META-INF/spring-configuration-metadata.json} and
 * {@code additional-spring-configuration-metadata.json}) of its executable jar, its own classes and every library in
 * it, plus Spring Boot's metadata jars on the test class path. Answers whether an environment variable or a
 * {@code --key=value} argument names one of them under Spring Boot's relaxed binding (map and list properties take
 * any key or index below them).
 */
final class KnownSettings {

    private static final List<String> METADATA =
            List.of("spring-configuration-metadata.json", "additional-spring-configuration-metadata.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Property names in their environment forms: dashes dropped (canonical) and dashes as underscores (legacy). */
    private final Set<String> exact = new HashSet<>();

    private final Set<String> containers = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> containerNames = new HashSet<>();

    private KnownSettings() {}

    static KnownSettings of(Path executableJar) throws IOException {
        KnownSettings settings = new KnownSettings();
        try (ZipFile jar = new ZipFile(executableJar.toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                if (isMetadata(entry.getName())) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        settings.add(in.readAllBytes());
                    }
                } else if (entry.getName().startsWith("BOOT-INF/lib/")
                        && entry.getName().endsWith(".jar")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        settings.addNested(in.readAllBytes());
                    }
                }
            }
        }
        for (String file : METADATA) {
            for (URL url : Collections.list(KnownSettings.class.getClassLoader().getResources("META-INF/" + file))) {
                try (InputStream in = url.openStream()) {
                    settings.add(in.readAllBytes());
                }
            }
        }
        return settings;
    }

    int size() {
        return names.size();
    }

    /** {@code HERALD_KAFKA_REGISTRY_URL} names {@code herald.kafka.registry-url}. */
    boolean knowsVariable(String variable) {
        String name = variable.toLowerCase(Locale.ROOT);
        if (exact.contains(name)) {
            return true;
        }
        for (int i = name.indexOf('_'); i > 0; i = name.indexOf('_', i + 1)) {
            if (containers.contains(name.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code --herald.dispatcher.providers=…} names {@code herald.dispatcher.providers}. */
    boolean knowsArgument(String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (names.contains(name)) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ((c == '.' || c == '[') && containerNames.contains(name.substring(0, i))) {
                return true;
            }
        }
        return false;
    }

    private void addNested(byte[] jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (isMetadata(entry.getName())) {
                    add(in.readAllBytes());
                }
            }
        }
    }

    private static boolean isMetadata(String entry) {
        return METADATA.stream().anyMatch(file -> entry.endsWith("META-INF/" + file));
    }

    private void add(byte[] metadata) {
        JsonNode root = JSON.readTree(metadata);
        for (JsonNode property : root.path("properties")) {
            String name = property.path("name").asString();
            String type = property.path("type").asString("");
            boolean container = type.startsWith("java.util.Map")
                    || type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set")
                    || type.startsWith("java.util.Collection")
                    || type.endsWith("[]");
            names.add(name);
            exact.add(environmentForm(name, false));
            exact.add(environmentForm(name, true));
            if (container) {
                containerNames.add(name);
                containers.add(environmentForm(name, false));
                containers.add(environmentForm(name, true));
            }
        }
    }

    private static String environmentForm(String name, boolean legacy) {
        String form = legacy ? name.replace('-', '_') : name.replace("-", "");
        return form.replace('.', '_').toLowerCase(Locale.ROOT);
    }
}
