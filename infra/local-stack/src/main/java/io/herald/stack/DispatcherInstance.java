package io.herald.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One extra dispatcher instance for a provider set, next to the stack's own dispatcher: the same executable
 * jar and arguments, its own name ({@code --herald.dispatcher.instance-id}), port, log
 * ({@code logs/<name>.log}) and PID file. Instances serving the same provider join the same consumer group
 * ({@code herald-dispatcher-<provider>}) and split its partitions; {@code GET /v1/assignments} shows which.
 */
final class DispatcherInstance extends ChildProcessComponent {

    private final String name;
    private final Path jar;
    private final Path home;
    private final Path runDir;
    private final int port;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<String> jvmMarker;

    DispatcherInstance(String name, Path home, Path logDir, Path runDir, int port, List<String> args,
            Map<String, String> env, List<String> jvmMarker) {
        super(logDir.resolve(name + ".log"), Duration.ofSeconds(30));
        this.name = name;
        this.jar = HeraldService.DISPATCHER.executableJar(home);
        this.home = home;
        this.runDir = runDir;
        this.port = port;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.jvmMarker = jvmMarker;
    }

    @Override
    public String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void launch() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(home.relativize(jar) + " is not built; run ./mvnw -B -DskipTests install");
        }
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>();
        command.add(LocalStack.javaExecutable());
        command.addAll(HeraldService.JVM_OPTIONS);
        command.addAll(jvmMarker);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(args);
        process = ManagedProcess.start(name, command, home, env, log, runDir);
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until(name + " at " + url(), deadline, () -> process.checkAlive(), () -> {
            Http.Response health = Http.get(url() + "/actuator/health");
            return health.status() == 200 && health.body().replace(" ", "").contains("\"status\":\"UP\"");
        });
    }

    /** SIGKILL, as a crash would. */
    void kill() {
        if (process != null) {
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                handle.destroyForcibly();
                ManagedProcess.awaitExit(handle, Duration.ofSeconds(10));
            });
        }
    }

    @Override
    public String address() {
        return url();
    }
}
