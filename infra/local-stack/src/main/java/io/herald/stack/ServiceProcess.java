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
 * One Herald service as a child JVM: {@code java <HeraldService.JVM_OPTIONS> -jar <svc>-exec.jar
 * --server.port=… …}, run from the repository root with its output in {@code <logs>/<svc>.log}. Ready when
 * {@code /actuator/health} answers 200 UP. The database password goes in the environment ({@code SPRING_DATASOURCE_PASSWORD}),
 * not on the command line, where {@code ps} would show it.
 */
final class ServiceProcess extends ChildProcessComponent {

    private final HeraldService service;
    private final Path jar;
    private final Path home;
    private final Path runDir;
    private final int port;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<String> jvmOptions;

    /** @param jvmOptions options for the JVM (the stack's marker first, then any extra ones), before {@code -jar} */
    ServiceProcess(HeraldService service, Path home, Path log, Path runDir, int port, List<String> args,
            Map<String, String> env, List<String> jvmOptions) {
        super(log, Duration.ofSeconds(30));
        this.service = service;
        this.jar = service.executableJar(home);
        this.home = home;
        this.runDir = runDir;
        this.port = port;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    HeraldService service() {
        return service;
    }

    @Override
    public String name() {
        return service.id();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void launch() throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(home.relativize(jar) + " is not built; run ./mvnw -B -DskipTests install");
        }
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>();
        command.add(LocalStack.javaExecutable());
        command.addAll(HeraldService.JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(args);
        process = ManagedProcess.start(name(), command, home, env, log, runDir);
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until(service.module() + " at " + url(), deadline, () -> process.checkAlive(), () -> {
            Http.Response health = Http.get(url() + "/actuator/health");
            if (health.status() != 200) {
                throw new IllegalStateException("/actuator/health answered " + health.status() + " " + health.body());
            }
            return health.body().replace(" ", "").contains("\"status\":\"UP\"");
        });
    }

    /** SIGTERM so Spring closes its consumers and producers cleanly; SIGKILL after 30 s. */
    void signalStop() {
        if (process != null && process.isAlive()) {
            ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        }
    }

    @Override
    public String address() {
        return url();
    }
}
