package io.herald.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The files through which {@code herald up}, {@code status} and {@code down} talk to the detached supervisor,
 * all under {@code <work>/run}: {@code supervisor.pid}, {@code events.tsv} (progress, appended by the
 * supervisor, followed by {@code up}), {@code stack.properties} (what runs where) and the children's
 * {@code <component>.pid} files (written by {@link ManagedProcess}).
 */
final class RunFiles {

    private final Path workDir;
    private final Path runDir;

    RunFiles(Path workDir) {
        this.workDir = workDir;
        this.runDir = workDir.resolve("run");
    }

    Path workDir() {
        return workDir;
    }

    Path logDir() {
        return workDir.resolve("logs");
    }

    Path supervisorLog() {
        return logDir().resolve("supervisor.log");
    }

    Path events() {
        return runDir.resolve("events.tsv");
    }

    Path state() {
        return runDir.resolve("stack.properties");
    }

    private Path supervisorPidFile() {
        return runDir.resolve("supervisor.pid");
    }

    /** Clears what a previous run left, keeping nothing a new supervisor could mistake for its own. */
    void prepareForStart() throws IOException {
        Files.createDirectories(runDir);
        Files.createDirectories(logDir());
        Files.deleteIfExists(events());
        Files.deleteIfExists(state());
        Files.deleteIfExists(supervisorPidFile());
    }

    void writeSupervisorPid(long pid) throws IOException {
        Files.createDirectories(runDir);
        Files.writeString(supervisorPidFile(), pid + System.lineSeparator());
    }

    void deleteSupervisorPid() {
        try {
            Files.deleteIfExists(supervisorPidFile());
        } catch (IOException ignored) {
            // an unreadable stale file is treated as "not running"
        }
    }

    /** The supervisor, when its PID file names a live process that is one of ours. */
    Optional<ProcessHandle> supervisor() {
        return readPid(supervisorPidFile())
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(this::isOurs);
    }

    /** Appends one progress line; fields are tab-separated. */
    synchronized void event(String... fields) {
        String line = String.join(
                        "\t",
                        List.of(fields).stream()
                                .map(f -> f == null ? "" : f.replace('\t', ' ').replace('\n', ' '))
                                .toList())
                + System.lineSeparator();
        try {
            Files.createDirectories(runDir);
            Files.writeString(
                    events(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the state file atomically, so a reader never sees half of it. */
    void writeState(Properties state) throws IOException {
        Files.createDirectories(runDir);
        Path tmp = runDir.resolve("stack.properties.tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            state.store(out, "Herald local stack: what runs where (written by the supervisor)");
        }
        Files.move(tmp, state(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void deleteState() {
        try {
            Files.deleteIfExists(state());
        } catch (IOException ignored) {
            // status reads it only while the supervisor runs
        }
    }

    Optional<Properties> readState() {
        if (!Files.isRegularFile(state())) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(state(), StandardCharsets.UTF_8)) {
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Live processes of a stack in this work dir: those named by a PID file in {@code run/}, and any process
     * whose command line carries the stack's marker ({@code -Dherald.stack=<work>}) or its PostgreSQL data dir.
     * The supervisor itself is not included.
     */
    List<ProcessHandle> leftovers() {
        List<ProcessHandle> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        Optional<Long> supervisorPid = readPid(supervisorPidFile());
        if (Files.isDirectory(runDir)) {
            try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(runDir, "*.pid")) {
                for (Path pidFile : pidFiles) {
                    if (!pidFile.equals(supervisorPidFile())) {
                        readPid(pidFile)
                                .flatMap(ProcessHandle::of)
                                .filter(ProcessHandle::isAlive)
                                .filter(this::isOurs)
                                .ifPresent(found::add);
                    }
                }
            } catch (IOException ignored) {
                // the process scan below still finds them
            }
        }
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> supervisorPid.map(s -> s != p.pid()).orElse(true))
                .filter(p -> !isSupervisorCommand(p))
                .filter(this::isOurs)
                .forEach(p -> {
                    if (found.stream().noneMatch(f -> f.pid() == p.pid())) {
                        found.add(p);
                    }
                });
        return found;
    }

    /**
     * Stops a leftover process and then whatever it had started (PostgreSQL's workers exit with it; anything
     * still alive after that is killed).
     */
    static void stopWithDescendants(ProcessHandle process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        ManagedProcess.stop(process, grace);
        descendants.stream().filter(ProcessHandle::isAlive).forEach(d -> ManagedProcess.stop(d, Duration.ofSeconds(5)));
    }

    /**
     * Ours: the command line carries this work dir's marker ({@code -Dherald.stack=<work>}, on every JVM the
     * stack starts, the supervisor included) or names its PostgreSQL data dir. Guards against reused PIDs.
     */
    boolean isOurs(ProcessHandle process) {
        String commandLine = process.info().commandLine().orElse("");
        return commandLine.contains(marker())
                || commandLine.contains(workDir.resolve("postgres").toString());
    }

    /** The JVM option that marks a process as part of this stack. */
    String marker() {
        return "-Dherald.stack=" + workDir;
    }

    private static boolean isSupervisorCommand(ProcessHandle process) {
        String commandLine = process.info().commandLine().orElse("");
        return commandLine.contains("io.herald.stack.HeraldCommand supervise");
    }

    static String describe(ProcessHandle process) {
        String command = process.info().commandLine().orElse("?");
        return "pid " + process.pid() + " (" + (command.length() > 100 ? command.substring(0, 100) + "…" : command)
                + ")";
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
