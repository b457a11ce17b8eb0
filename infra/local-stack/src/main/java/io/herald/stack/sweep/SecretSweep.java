package io.herald.stack.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Greps raw bytes for secrets: every file under each place (Kafka's log segments, the stack's logs, PostgreSQL's data
 * directory), for every form a secret may take there (as configured, its base64 body, its raw key bytes). Reports hits
 * by place, secret name, form and file; never the secret itself. One pass over each file finds every pattern: a table
 * of the patterns' first two bytes picks the few positions worth comparing, and a chunk keeps the last bytes of the one
 * before it, so a secret split across chunks is still found.
 */
public final class SecretSweep {

    /** Where a stopped stack's work directory holds what the broker, the stack's processes and PostgreSQL wrote. */
    public static List<Place> stackPlaces(Path workDir) {
        return List.of(
                new Place("Kafka log segments", workDir.resolve("kafka/data")),
                new Place("stack logs", workDir.resolve("logs")),
                new Place("PostgreSQL data directory", workDir.resolve("postgres/data")));
    }

    /** Shorter patterns would match random bytes in a gigabyte of segments. */
    static final int MIN_PATTERN_BYTES = 8;

    private static final int CHUNK = 4 << 20;

    /** One form of a secret: a label (e.g. {@code raw key bytes}) and the bytes to look for. */
    public record Form(String label, byte[] bytes) {
        public Form {
            Objects.requireNonNull(label);
            bytes = bytes.clone();
            if (bytes.length < MIN_PATTERN_BYTES) {
                throw new IllegalArgumentException("the form '" + label + "' is " + bytes.length
                        + " bytes; a sweep needs at least " + MIN_PATTERN_BYTES);
            }
        }

        @Override
        public String toString() {
            return "Form[" + label + ", " + bytes.length + " bytes]"; // never the bytes
        }
    }

    /** A secret by its name (e.g. {@code webhook secret of chaos-003}) and the forms to look for. */
    public record Secret(String name, List<Form> forms) {
        public Secret {
            forms = List.copyOf(forms);
        }

        /** A text secret (a token): the text as configured. */
        public static Secret text(String name, String value) {
            return new Secret(name, List.of(new Form("as configured", utf8(value))));
        }

        /**
         * A Standard Webhooks secret {@code whsec_<base64>}: as configured, its base64 body, and the key bytes it
         * encodes (what an HMAC implementation holds in memory and might dump).
         */
        public static Secret whsec(String name, String value) {
            String body = value.startsWith("whsec_") ? value.substring("whsec_".length()) : value;
            return new Secret(
                    name,
                    List.of(
                            new Form("as configured", utf8(value)),
                            new Form("base64 body", utf8(body)),
                            new Form("raw key bytes", Base64.getDecoder().decode(body))));
        }

        /** A base64-encoded key (e.g. the sealing key): as configured and its raw bytes. */
        public static Secret base64Key(String name, String value) {
            return new Secret(
                    name,
                    List.of(
                            new Form("as configured", utf8(value)),
                            new Form("raw key bytes", Base64.getDecoder().decode(value))));
        }

        @Override
        public String toString() {
            return "Secret[" + name + ", " + forms + "]";
        }
    }

    /** A place to sweep: a name and the directory (or file) it is. */
    public record Place(String name, Path root) {}

    /** One secret's form found in one file. */
    public record Hit(String secret, String form, String file, long count) {}

    /** What was swept in one place and what was found. */
    public record PlaceResult(String place, Path root, long files, long bytes, List<Hit> hits, List<String> errors) {
        public PlaceResult {
            hits = List.copyOf(hits);
            errors = List.copyOf(errors);
        }

        public long hitCount() {
            return hits.stream().mapToLong(Hit::count).sum();
        }
    }

    /** The sweep's result over every place. */
    public record Result(List<PlaceResult> places) {
        public Result {
            places = List.copyOf(places);
        }

        /** No hit anywhere, no unreadable file, and every place had bytes to look at (an empty place proves nothing). */
        public boolean clean() {
            return places.stream()
                    .allMatch(p -> p.hits().isEmpty() && p.errors().isEmpty() && p.bytes() > 0);
        }

        public long hitCount() {
            return places.stream().mapToLong(PlaceResult::hitCount).sum();
        }
    }

    private record Pattern(String secret, String form, byte[] bytes) {}

    private final List<Pattern> patterns = new ArrayList<>();
    private final BitSet firstTwo = new BitSet(1 << 16);
    private final Map<Integer, List<Pattern>> byFirstTwo = new java.util.HashMap<>();
    private final int maxLength;

    public SecretSweep(List<Secret> secrets) {
        int max = 0;
        for (Secret secret : secrets) {
            for (Form form : secret.forms()) {
                Pattern pattern = new Pattern(secret.name(), form.label(), form.bytes());
                patterns.add(pattern);
                int key = key(pattern.bytes(), 0);
                firstTwo.set(key);
                byFirstTwo.computeIfAbsent(key, k -> new ArrayList<>()).add(pattern);
                max = Math.max(max, pattern.bytes().length);
            }
        }
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one secret");
        }
        this.maxLength = max;
    }

    /** How many byte patterns the sweep looks for (every form of every secret). */
    public int patternCount() {
        return patterns.size();
    }

    public Result sweep(List<Place> places) {
        List<PlaceResult> results = new ArrayList<>();
        for (Place place : places) {
            results.add(sweep(place));
        }
        return new Result(results);
    }

    public PlaceResult sweep(Place place) {
        long[] files = {0};
        long[] bytes = {0};
        List<Hit> hits = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (!Files.exists(place.root())) {
            errors.add(place.root() + " does not exist");
            return new PlaceResult(place.name(), place.root(), 0, 0, hits, errors);
        }
        try {
            Files.walkFileTree(place.root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        Map<Pattern, Long> found = scan(file, bytes);
                        files[0]++;
                        String relative = place.root().equals(file)
                                ? file.getFileName().toString()
                                : place.root().relativize(file).toString();
                        found.forEach((pattern, count) ->
                                hits.add(new Hit(pattern.secret(), pattern.form(), relative, count)));
                    } catch (NoSuchFileException gone) {
                        // removed while the sweep ran (a temporary file): nothing left to leak
                    } catch (IOException e) {
                        errors.add(file + ": " + e.getMessage());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        errors.add(file + ": " + e.getMessage());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(place.root() + ": " + e.getMessage());
        }
        return new PlaceResult(place.name(), place.root(), files[0], bytes[0], hits, errors);
    }

    /** Counts each pattern in one file; adds the bytes read to {@code bytesRead[0]}. */
    private Map<Pattern, Long> scan(Path file, long[] bytesRead) throws IOException {
        Map<Pattern, Long> found = new LinkedHashMap<>();
        byte[] buffer = new byte[CHUNK + maxLength];
        int filled = 0;
        boolean eof = false;
        try (InputStream in = Files.newInputStream(file)) {
            while (!eof) {
                while (filled < buffer.length) {
                    int n = in.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    filled += n;
                    bytesRead[0] += n;
                }
                // a match starting at or after decidedUpTo may run past what was read: decide it with the next chunk
                int decidedUpTo = eof ? filled : filled - (maxLength - 1);
                for (int i = 0; i < decidedUpTo && i + 1 < filled; i++) {
                    int key = key(buffer, i);
                    if (!firstTwo.get(key)) {
                        continue;
                    }
                    for (Pattern pattern : byFirstTwo.get(key)) {
                        if (matches(buffer, i, filled, pattern.bytes())) {
                            found.merge(pattern, 1L, Long::sum);
                        }
                    }
                }
                int keep = Math.max(0, filled - Math.max(0, decidedUpTo));
                System.arraycopy(buffer, filled - keep, buffer, 0, keep);
                filled = keep;
            }
        }
        return found;
    }

    private static boolean matches(byte[] buffer, int at, int end, byte[] pattern) {
        if (at + pattern.length > end) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (buffer[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static int key(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Hits by secret name, summed over places and forms (for a short summary line). */
    public static Map<String, Long> bySecret(Result result) {
        Map<String, Long> counts = new TreeMap<>();
        result.places().forEach(p -> p.hits().forEach(h -> counts.merge(h.secret(), h.count(), Long::sum)));
        return counts;
    }
}
