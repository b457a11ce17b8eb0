package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** A component that runs as a child JVM with its own log file: what every such component reports the same way. */
abstract class ChildProcessComponent implements Component {

    protected final Path log;
    private final Duration stopTimeout;
    protected ManagedProcess process;

    /** @param stopTimeout how long a graceful stop may take before the process is killed */
    ChildProcessComponent(Path log, Duration stopTimeout) {
        this.log = log;
        this.stopTimeout = stopTimeout;
    }

    @Override
    public Optional<Path> log() {
        return Optional.of(log);
    }

    @Override
    public OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public boolean stop() {
        return process != null && process.stop(stopTimeout);
    }
}
