package io.herald.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Stopping, killing, starting and restarting one component on request ({@code herald restart}, {@code herald chaos},
 * the tests), by name; the watchdog is told which stops are on purpose so it does not restart them.
 */
final class ComponentControl {

    private final StackParts parts;

    ComponentControl(StackParts parts) {
        this.parts = parts;
    }

    void stopService(String name) {
        ServiceProcess process = parts.services.get(HeraldService.byName(name));
        if (process != null) {
            parts.stopOnPurpose(process);
        }
    }

    void killService(String name) {
        ServiceProcess process = parts.services.get(HeraldService.byName(name));
        if (process != null) {
            process.kill();
        }
    }

    /** Its same command line again, or (when the stack did not start it) a first launch; waits until ready. */
    void startService(String name) {
        HeraldService service = HeraldService.byName(name);
        ServiceProcess process = parts.services.get(service);
        if (process != null && process.isRunning()) {
            throw new IllegalStateException(
                    service.id() + " is already running (pid " + process.pid().getAsLong() + ")");
        }
        parts.requireRunning();
        Instant begin = Instant.now();
        try {
            parts.listener().starting(service.id());
            if (process == null) {
                process = parts.serviceLaunch()
                        .process(
                                service,
                                service.id(),
                                parts.ports.get(service.id()),
                                parts.ports.get(service.managementPortName()),
                                List.of());
                parts.services.put(service, process);
                parts.started.add(process);
                process.launch();
                parts.watchdog.watch(process);
            } else {
                synchronized (process) {
                    process.relaunch();
                }
                parts.watchdog.startedOnPurpose(service.id());
            }
            process.awaitReady(begin.plus(parts.options.readyTimeout));
            parts.listener().ready(service.id(), process.address(), Duration.between(begin, Instant.now()));
        } catch (Exception e) {
            String reason = StackStartException.reason(e);
            Path log = process == null ? null : process.log().orElse(null);
            parts.listener().failed(service.id(), log, reason);
            if (process != null) {
                parts.watchdog.stoppingOnPurpose(service.id(), "did not start: " + reason);
                process.stop();
            }
            throw new StackStartException(service.id(), log, reason, e);
        }
    }

    void stopComponent(String name) {
        parts.stopOnPurpose(restartable(name));
    }

    void startComponent(String name) throws Exception {
        Component component = restartable(name);
        if (component.isRunning()) {
            throw new IllegalStateException(component.name() + " is already running");
        }
        if (parts.closed) {
            throw new IllegalStateException("the stack is not running");
        }
        Instant begin = Instant.now();
        parts.listener().starting(component.name());
        synchronized (component) {
            component.relaunch();
        }
        parts.watchdog.startedOnPurpose(component.name());
        component.awaitReady(begin.plus(parts.options.readyTimeout));
        parts.listener().ready(component.name(), component.address(), Duration.between(begin, Instant.now()));
    }

    void restart(String name, Consumer<String> progress) throws Exception {
        parts.watchdog.restartOnRequest(canonicalName(name), progress);
    }

    private Component restartable(String name) {
        String canonical = canonicalName(name);
        return parts.started.stream()
                .filter(c -> c.name().equals(canonical) && c.restartable())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no restartable component '" + name + "'"));
    }

    /** {@code broker} is the broker's other name; {@code ingest-service} that of {@code ingest}. */
    static String canonicalName(String component) {
        String name = component.trim().toLowerCase(Locale.ROOT);
        if (name.equals("broker")) {
            return "kafka";
        }
        if (name.endsWith("-service")) {
            return name.substring(0, name.length() - "-service".length());
        }
        return name;
    }
}
