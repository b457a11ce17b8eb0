package io.herald.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Extra dispatcher instances next to the stack's own: each made by {@link ServiceLaunch} exactly like it (arguments,
 * environment, JVM options), with its provider set and instance id replaced, on a free port; watched like any service.
 */
final class DispatcherScaling {

    private final StackParts parts;
    private final Map<String, ServiceProcess> instances = new ConcurrentHashMap<>();

    DispatcherScaling(StackParts parts) {
        this.parts = parts;
    }

    /** Launches one instance for {@code providers} and waits until it is ready; returns its base URL. */
    String start(String name, List<String> providers, List<String> extraArgs) {
        ServiceProcess instance = launch(name, providers, extraArgs);
        await(instance, Instant.now());
        return instance.url();
    }

    /** The instance's process, not launched: the stack dispatcher's command line with its own providers and id. */
    static ServiceProcess process(
            ServiceLaunch launch,
            String name,
            List<String> providers,
            int port,
            int managementPort,
            List<String> extraArgs) {
        List<String> overrides = new ArrayList<>();
        overrides.add("--herald.dispatcher.providers=" + String.join(",", providers));
        overrides.add("--herald.dispatcher.instance-id=" + name);
        overrides.addAll(extraArgs);
        return launch.process(HeraldService.DISPATCHER, name, port, managementPort, overrides);
    }

    private ServiceProcess launch(String name, List<String> providers, List<String> extraArgs) {
        parts.requireRunning();
        ServiceProcess old = instances.get(name);
        if (old != null && old.isRunning()) {
            throw new IllegalStateException(
                    name + " is already running (pid " + old.pid().getAsLong() + ")");
        }
        ServiceProcess instance =
                process(parts.serviceLaunch(), name, providers, Ports.pickFree(), Ports.pickFree(), extraArgs);
        if (old != null) {
            parts.started.remove(old);
        }
        parts.started.add(instance);
        instances.put(name, instance);
        parts.listener().starting(name);
        try {
            instance.launch();
        } catch (Exception e) {
            String reason = StackStartException.reason(e);
            parts.listener().failed(name, instance.log().orElse(null), reason);
            throw new StackStartException(name, instance.log().orElse(null), reason, e);
        }
        parts.watchdog.watch(instance);
        return instance;
    }

    private void await(ServiceProcess instance, Instant begin) {
        try {
            instance.awaitReady(begin.plus(parts.options.readyTimeout));
            parts.listener().ready(instance.name(), instance.address(), Duration.between(begin, Instant.now()));
        } catch (Exception e) {
            String reason = StackStartException.reason(e);
            parts.listener().failed(instance.name(), instance.log().orElse(null), reason);
            parts.watchdog.stoppingOnPurpose(instance.name(), "did not start: " + reason);
            instance.stop();
            throw new StackStartException(instance.name(), instance.log().orElse(null), reason, e);
        }
    }

    /** See {@link LocalStack#scaleDispatchers}. */
    Map<String, String> scale(List<String> providers, int count, Consumer<String> progress) {
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("name at least one provider");
        }
        if (count < 0) {
            throw new IllegalArgumentException("instances must be 0 or more, was " + count);
        }
        String prefix = "dispatcher-" + String.join("+", new TreeSet<>(providers)) + "-";
        for (String name : new TreeSet<>(instances.keySet())) {
            if (name.startsWith(prefix) && instanceNumber(name, prefix) > count) {
                progress.accept("Stopping " + name
                        + instances.get(name).pid().stream()
                                .mapToObj(pid -> " (pid " + pid + ")")
                                .findFirst()
                                .orElse(""));
                remove(name);
            }
        }
        Map<String, String> urls = new TreeMap<>();
        Map<ServiceProcess, Instant> launched = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            String name = prefix + i;
            ServiceProcess running = instances.get(name);
            if (running == null || !running.isRunning()) {
                progress.accept("Starting " + name + " for " + String.join(",", providers) + " …");
                running = launch(name, providers, List.of());
                launched.put(running, Instant.now());
            }
            urls.put(name, running.url());
        }
        launched.forEach((instance, begin) -> {
            await(instance, begin);
            progress.accept("  " + instance.name() + " ready at " + instance.url() + " (pid "
                    + instance.pid().getAsLong() + ", log "
                    + ProgressLine.display(instance.log().orElseThrow()) + ")");
        });
        return urls;
    }

    private static int instanceNumber(String name, String prefix) {
        try {
            return Integer.parseInt(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // not one of the set's numbered instances: surplus
        }
    }

    /** SIGKILL, as a crash would. */
    void kill(String name) {
        ServiceProcess instance = instances.get(name);
        if (instance == null) {
            throw new IllegalArgumentException("no dispatcher instance '" + name + "'; known: " + instances.keySet());
        }
        instance.kill();
    }

    /** SIGTERM (it leaves its group cleanly); not restarted. */
    void stop(String name) {
        ServiceProcess instance = instances.get(name);
        if (instance != null) {
            parts.stopOnPurpose(instance);
        }
    }

    /** Stops it on purpose and forgets it: scaled down, it is no longer part of the stack. */
    private void remove(String name) {
        ServiceProcess instance = instances.remove(name);
        if (instance != null) {
            parts.stopOnPurpose(instance);
            parts.started.remove(instance);
            parts.watchdog.forget(name);
        }
    }

    /** Base URLs by name, running or not. */
    Map<String, String> urls() {
        Map<String, String> urls = new TreeMap<>();
        instances.forEach((name, instance) -> urls.put(name, instance.url()));
        return urls;
    }
}
