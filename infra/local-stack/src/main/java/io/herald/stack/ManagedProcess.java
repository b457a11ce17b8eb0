package io.herald.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the local stack (broker, registry, a service): started with its output in its own
 * log file, its PID written to {@code <run>/<name>.pid} so {@code herald down} can find it even if the
 * supervisor died, and stopped by PID with SIGTERM, a grace period, then SIGKILL.
 */
final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path log, Path pidFile) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code command} in {@code workingDir}, output (stdout and stderr) appended to {@code log}.
     *
     * @param env variables added to this JVM's environment
     * @param runDir where the PID file goes
     */
    static ManagedProcess start(
            String name, List<String> command, Path workingDir, Map<String, String> env, Path log, Path runDir) {
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(runDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(env);
            Process process = builder.start();
            Path pidFile = runDir.resolve(name + ".pid");
            Files.writeString(pidFile, process.pid() + System.lineSeparator());
            return new ManagedProcess(name, process, log, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived command to completion (e.g. formatting Kafka's storage), appending to {@code log}. */
    static int runToCompletion(List<String> command, Path workingDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        if (!finished) {
            process.destroyForcibly().waitFor();
            throw new IOException("'" + String.join(" ", command.subList(0, Math.min(4, command.size())))
                    + "…' did not finish within " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** The {@code java} of this JVM, which every child JVM of the stack runs with. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Why it ended (the signal or exit code, an OutOfMemoryError its log names), or "running". */
    String exitReason() {
        return process.isAlive() ? "running" : ExitReason.describe(process.exitValue(), ExitReason.tail(log));
    }

    /** Fails with the exit code and the log to read when the process has already ended. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("process exited with code " + process.exitValue());
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns true when it had to be killed. */
    boolean stop(Duration grace) {
        boolean killed = stop(process.toHandle(), grace);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale PID file is checked against the command line before anyone acts on it
        }
        return killed;
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL; true when it had to be killed. */
    static boolean stop(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return false;
        }
        handle.destroy();
        if (awaitExit(handle, grace)) {
            return false;
        }
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        awaitExit(handle, Duration.ofSeconds(10));
        return true;
    }

    static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
