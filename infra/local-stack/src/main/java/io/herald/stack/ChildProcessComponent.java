package io.herald.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A component that runs as a child JVM with its own log file. Its command line is made once, when it is first
 * launched (on fresh data, with an empty log); a restart runs that same command again, appending to the same log after
 * a line saying so, so the crash that caused it stays readable above.
 */
abstract class ChildProcessComponent implements Component {

    /** How a child is launched: its command line, working directory and the variables added to the environment. */
    record Launch(List<String> command, Path workingDir, Map<String, String> env) {
        Launch {
            command = List.copyOf(command);
            env = Map.copyOf(env);
        }
    }

    protected final Path log;
    private final Path runDir;
    private final Duration stopTimeout;
    private volatile Launch launch;
    private volatile ManagedProcess process;

    /** @param stopTimeout how long a graceful stop may take before the process is killed */
    ChildProcessComponent(Path log, Path runDir, Duration stopTimeout) {
        this.log = log;
        this.runDir = runDir;
        this.stopTimeout = stopTimeout;
    }

    /** Makes the fresh start (empty log, fresh data) and says how to launch; runs once, at the first launch. */
    protected abstract Launch prepare() throws Exception;

    @Override
    public final void launch() throws Exception {
        launch = prepare();
        process = ManagedProcess.start(name(), launch.command(), launch.workingDir(), launch.env(), log, runDir);
    }

    @Override
    public final boolean restartable() {
        return true;
    }

    @Override
    public final void relaunch() throws IOException {
        Launch same = launch;
        if (same == null) {
            throw new IllegalStateException(name() + " was never launched");
        }
        Files.writeString(
                log,
                System.lineSeparator() + "==== " + Instant.now() + " the Herald supervisor starts " + name()
                        + " again with the same command line ====" + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = ManagedProcess.start(name(), same.command(), same.workingDir(), same.env(), log, runDir);
    }

    /** The command line it was launched with (and is relaunched with). */
    List<String> commandLine() {
        Launch current = launch;
        return current == null ? List.of() : current.command();
    }

    /** Fails (with its exit code) when the process has ended: for {@link Polling#until}. */
    protected void checkAlive() {
        process.checkAlive();
    }

    @Override
    public Optional<Path> log() {
        return Optional.of(log);
    }

    @Override
    public OptionalLong pid() {
        ManagedProcess current = process;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    @Override
    public boolean isRunning() {
        ManagedProcess current = process;
        return current != null && current.isAlive();
    }

    @Override
    public String exitReason() {
        ManagedProcess current = process;
        return current == null ? "never started" : current.exitReason();
    }

    @Override
    public boolean stop() {
        ManagedProcess current = process;
        return current != null && current.stop(stopTimeout);
    }

    /** SIGKILL, as a crash would; waits until it is gone. */
    void kill() {
        ManagedProcess current = process;
        if (current != null) {
            ProcessHandle.of(current.pid()).ifPresent(handle -> {
                handle.destroyForcibly();
                ManagedProcess.awaitExit(handle, Duration.ofSeconds(10));
            });
        }
    }
}
