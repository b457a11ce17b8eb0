package io.herald.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A service's JDK ahead-of-time cache (JEPs 483, 514, 515: classes loaded and linked, method profiles), in
 * {@code <module>/target/aot/}: its exec jar extracted (the cache holds only what the JVM's own class loaders load,
 * not Spring Boot's nested jars), the cache a training run made from it, and a stamp of the exec jar, the extracted
 * files and the JDK it was made from. The launcher uses the cache only when the stamp still matches: JDK 25.0.3 does
 * not itself reject a cache whose jars changed (JDK-8377932).
 */
public final class AotCache {

    /** {@code HERALD_AOT=off} in the launcher's environment: every service runs its exec jar, cache or not. */
    public static final String SWITCH_VARIABLE = "HERALD_AOT";

    /** Options that make a JVM record its class loading and profiles for {@link #create} (two steps, JEP 483). */
    static final String RECORD_MODE = "-XX:AOTMode=record";

    private final HeraldService service;
    private final Path home;

    private AotCache(HeraldService service, Path home) {
        this.service = service;
        this.home = home;
    }

    public static AotCache of(Path home, HeraldService service) {
        return new AotCache(service, home.toAbsolutePath().normalize());
    }

    /**
     * How the launcher runs the service: {@code jar} after {@code jvmOptions} ({@code -XX:AOTCache=…} when
     * {@code cached}); {@code note} says why in one line.
     */
    public record Use(Path jar, List<String> jvmOptions, boolean cached, String note) {}

    HeraldService service() {
        return service;
    }

    /** {@code <home>/<module>/target/aot}. */
    public Path dir() {
        return service.executableJar(home).resolveSibling("aot");
    }

    Path jar() {
        return dir().resolve(service.module() + "-exec.jar");
    }

    public Path cache() {
        return dir().resolve(service.id() + ".aot");
    }

    private Path configuration() {
        return dir().resolve(service.id() + ".aotconf");
    }

    private Path stampFile() {
        return dir().resolve(service.id() + ".aot.properties");
    }

    /**
     * What to run given the service's other JVM options: the extracted jar with its cache when the stamp matches, the
     * extracted jar alone while training ({@link #RECORD_MODE}), else the exec jar as built.
     */
    public Use use(List<String> otherJvmOptions) {
        return use(otherJvmOptions, System.getenv(SWITCH_VARIABLE));
    }

    Use use(List<String> otherJvmOptions, String switchValue) {
        Path execJar = service.executableJar(home);
        if ("off".equalsIgnoreCase(switchValue)) {
            return new Use(execJar, List.of(), false, "AOT cache off (" + SWITCH_VARIABLE + "=off)");
        }
        if (otherJvmOptions.contains(RECORD_MODE)) {
            return new Use(jar(), List.of(), false, "training run (recording to " + configuration() + ")");
        }
        if (otherJvmOptions.stream().anyMatch(option -> option.startsWith("-XX:AOTCache"))) {
            return new Use(execJar, List.of(), false, "AOT cache chosen by the caller's JVM options");
        }
        if (!Files.isRegularFile(cache()) || !Files.isRegularFile(stampFile())) {
            return new Use(execJar, List.of(), false, "no AOT cache (./herald build --aot makes one)");
        }
        String mismatch = mismatch();
        if (mismatch != null) {
            return new Use(execJar, List.of(), false, "AOT cache ignored: " + mismatch + " (./herald build --aot)");
        }
        return new Use(jar(), List.of("-XX:AOTCache=" + cache()), true, "AOT cache " + cache());
    }

    /**
     * One line on which of {@code services} would start with their cache, e.g. {@code ingest, signer, dispatcher,
     * audit} or {@code none (./herald build --aot makes them)}; a service that would not says why.
     */
    public static String summary(Path home, List<HeraldService> services) {
        if ("off".equalsIgnoreCase(System.getenv(SWITCH_VARIABLE))) {
            return "off (" + SWITCH_VARIABLE + "=off)";
        }
        List<String> used = new ArrayList<>();
        List<String> notUsed = new ArrayList<>();
        for (HeraldService service : services) {
            Use use = of(home, service).use(List.of());
            if (use.cached()) {
                used.add(service.id());
            } else if (!use.note().startsWith("no AOT cache")) {
                notUsed.add(service.id() + ": " + use.note());
            }
        }
        if (used.isEmpty() && notUsed.isEmpty()) {
            return "none (./herald build --aot makes them)";
        }
        List<String> parts = new ArrayList<>();
        if (!used.isEmpty()) {
            parts.add(String.join(", ", used));
        }
        parts.addAll(notUsed);
        return String.join("; ", parts);
    }

    /** Why the stamp does not match what would run now, or null when it does. */
    private String mismatch() {
        Properties stamp = new Properties();
        try (InputStream in = Files.newInputStream(stampFile())) {
            stamp.load(in);
            Properties now = stamp();
            if (!now.getProperty("jdk").equals(stamp.getProperty("jdk"))) {
                return "made by JDK " + stamp.getProperty("jdk") + ", this is " + now.getProperty("jdk");
            }
            if (!now.getProperty("exec-jar").equals(stamp.getProperty("exec-jar"))) {
                return "made from a different " + service.module() + "-exec.jar";
            }
            if (!now.getProperty("classpath").equals(stamp.getProperty("classpath"))) {
                return "the files extracted in " + home.relativize(dir()) + " changed since";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot read " + stampFile().getFileName() + " (" + e.getMessage() + ")";
        }
    }

    /**
     * The JDK, the exec jar by content (every build repackages it, so its modification time changes when nothing
     * else does) and every extracted jar by size and modification time (as the JVM checks them).
     */
    private Properties stamp() throws IOException {
        Properties stamp = new Properties();
        stamp.setProperty("jdk", System.getProperty("java.vm.version") + " " + System.getProperty("java.home"));
        stamp.setProperty("exec-jar", contentStamp(service.executableJar(home)));
        StringBuilder classpath = new StringBuilder(fileStamp(jar()));
        Path lib = dir().resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.sorted().toList()) {
                    classpath.append(';').append(jar.getFileName()).append('=').append(fileStamp(jar));
                }
            }
        }
        stamp.setProperty("classpath", Integer.toHexString(classpath.toString().hashCode()) + "-" + classpath.length());
        return stamp;
    }

    /** Every entry's name, size and CRC, from the jar's central directory (no need to read 70 MB). */
    private static String contentStamp(Path jar) throws IOException {
        MessageDigest digest = sha256();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries =
                    zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList();
            for (ZipEntry entry : entries) {
                digest.update((entry.getName() + "=" + entry.getSize() + "/" + entry.getCrc() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static String fileStamp(Path file) throws IOException {
        return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    }

    /**
     * Starts a training: the old cache goes, the exec jar is extracted again ({@code -Djarmode=tools}); returns the JVM
     * options that make the service record what it loads and profiles until it exits.
     */
    public List<String> prepareTraining(Path log) throws IOException, InterruptedException {
        FileTrees.deleteRecursively(dir());
        Files.createDirectories(dir());
        run(
                List.of(
                        ManagedProcess.javaExecutable(),
                        "-Djarmode=tools",
                        "-jar",
                        service.executableJar(home).toString(),
                        "extract",
                        "--destination",
                        dir().toString()),
                log);
        if (!Files.isRegularFile(jar())) {
            throw new IOException("extracting " + service.module() + "-exec.jar made no " + jar().getFileName());
        }
        return List.of(RECORD_MODE, "-XX:AOTConfiguration=" + configuration());
    }

    /**
     * Makes the cache from what the training run recorded (the service must have exited), with the service's own
     * collector and object layout (a cache only maps into a JVM that has them), then stamps it.
     */
    public void create(Path log) throws IOException, InterruptedException {
        if (!Files.isRegularFile(configuration())) {
            throw new IOException("the training run recorded nothing (no "
                    + configuration().getFileName() + "; did " + service.id() + " exit gracefully?)");
        }
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        HeraldService.JVM_OPTIONS.stream()
                .filter(option -> !option.startsWith("-Xm"))
                .forEach(command::add);
        command.addAll(List.of(
                "-XX:AOTMode=create",
                "-XX:AOTConfiguration=" + configuration(),
                "-XX:AOTCache=" + cache(),
                "-cp",
                jar().toString()));
        run(command, log);
        if (!Files.isRegularFile(cache())) {
            throw new IOException("the JVM made no " + cache().getFileName() + " (see " + log + ")");
        }
        Files.delete(configuration());
        try (OutputStream out = Files.newOutputStream(stampFile())) {
            stamp().store(
                            out,
                            "what " + cache().getFileName()
                                    + " was made from; the launcher uses it only while these match");
        }
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(command.get(1) + " … did not finish in 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(1, Math.min(4, command.size()))) + " … exited with "
                    + process.exitValue() + " (see " + log + ")");
        }
    }
}
