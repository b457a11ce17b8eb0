package io.herald.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Herald service (its Spring Boot executable jar) as a child JVM: one of the stack's four, or an extra dispatcher
 * instance (its own name, ports, log and PID file). {@link ServiceLaunch} makes every one, so all run {@code java
 * <jvm options> -jar <jar> --server.port=<port> --management.server.port=<port> <args>}, and a restart runs that same
 * command again.
 */
final class ServiceProcess extends ChildProcessComponent {

    private final HeraldService service;
    private final String name;
    private final Path jar;
    private final Path home;
    private final int port;
    private final int managementPort;
    private final List<String> args;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private final AotCache.Use aot;

    /**
     * @param name the stack's service id ({@code dispatcher}) or an instance name ({@code dispatcher-dingtalk-2}):
     *     its log is {@code <logDir>/<name>.log}
     * @param jvmOptions every option for the JVM, before {@code -jar}
     * @param aot which jar it runs (the exec jar, or its extracted copy with an AOT cache) and why
     */
    ServiceProcess(
            HeraldService service,
            String name,
            Path home,
            Path logDir,
            Path runDir,
            int port,
            int managementPort,
            List<String> args,
            Map<String, String> env,
            List<String> jvmOptions,
            AotCache.Use aot) {
        super(logDir.resolve(name + ".log"), runDir, stopTimeout(jvmOptions));
        this.service = service;
        this.name = name;
        this.jar = aot.jar();
        this.aot = aot;
        this.home = home;
        this.port = port;
        this.managementPort = managementPort;
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * A recording JVM writes its AOT configuration (class lists and profiles, ~100 MB) as it exits: killed at the usual
     * 30 s it leaves an empty file and no cache, which happened to the audit on a loaded machine.
     */
    private static Duration stopTimeout(List<String> jvmOptions) {
        return Duration.ofSeconds(jvmOptions.contains(AotCache.RECORD_MODE) ? 180 : 30);
    }

    HeraldService service() {
        return service;
    }

    @Override
    public String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Its actuator: health, liveness and readiness, {@code /actuator/prometheus}. */
    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Override
    public Optional<String> healthUrl() {
        return Optional.of(managementUrl() + HeraldService.HEALTH_PATH);
    }

    @Override
    protected Launch prepare() throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(home.relativize(jar) + " is not built; run ./mvnw -B -DskipTests install");
        }
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Files.writeString(log, "herald: " + aot.note() + System.lineSeparator());
        List<String> command = new ArrayList<>();
        command.add(ManagedProcess.javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add(service.portArgument(port));
        command.add(service.managementPortArgument(managementPort));
        command.addAll(args);
        return new Launch(command, home, env);
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until(name + " at " + url(), deadline, this::checkAlive, () -> {
            Http.Response health = Http.get(managementUrl() + HeraldService.HEALTH_PATH);
            if (health.status() != 200) {
                throw new IllegalStateException(
                        HeraldService.HEALTH_PATH + " answered " + health.status() + " " + health.body());
            }
            return health.body().replace(" ", "").contains("\"status\":\"UP\"");
        });
    }

    /** SIGTERM so Spring closes its consumers and producers cleanly; {@link #stop()} then waits (SIGKILL after 30 s). */
    void signalStop() {
        if (!isRunning()) {
            return; // its PID may belong to someone else by now
        }
        pid().stream()
                .mapToObj(ProcessHandle::of)
                .flatMap(java.util.Optional::stream)
                .forEach(ProcessHandle::destroy);
    }

    @Override
    public String address() {
        return url();
    }

    /**
     * {@code args} with {@code overrides} last, minus the earlier {@code --key=…} for every key an override sets:
     * Spring Boot joins repeated command-line options with commas ({@code --a=x --a=y} reads as {@code a=x,y}), so a
     * later one would not replace an earlier one.
     */
    static List<String> withOverrides(List<String> args, List<String> overrides) {
        Set<String> overridden = new LinkedHashSet<>();
        overrides.forEach(arg -> key(arg).ifPresent(overridden::add));
        List<String> merged = new ArrayList<>();
        for (String arg : args) {
            if (key(arg).map(overridden::contains).orElse(false)) {
                continue;
            }
            merged.add(arg);
        }
        merged.addAll(overrides);
        return merged;
    }

    private static java.util.Optional<String> key(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--") && equals > 2
                ? java.util.Optional.of(arg.substring(2, equals))
                : java.util.Optional.empty();
    }
}
