package io.herald.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stops everything that was started, in reverse order: the services (all signalled at once, then each awaited), the
 * sandbox, the registry, the broker, PostgreSQL; a component that fails to stop does not keep the others running.
 */
final class StackShutdown {

    private StackShutdown() {}

    static void stopAll(StackParts parts) {
        List<Component> reverse = new ArrayList<>(parts.started);
        Collections.reverse(reverse);
        Set<Component> running = new HashSet<>();
        reverse.stream().filter(Component::isRunning).forEach(running::add);
        // every service at once: each shuts down in parallel while the loop below awaits them one by one
        reverse.stream()
                .filter(ServiceProcess.class::isInstance)
                .map(ServiceProcess.class::cast)
                .forEach(ServiceProcess::signalStop);
        for (Component component : reverse) {
            try {
                parts.watchdog.stoppingOnPurpose(component.name(), "the stack was stopped");
                boolean wasRunning = running.contains(component) || component.isRunning();
                if (wasRunning) {
                    parts.listener().stopping(component.name());
                }
                boolean killed;
                synchronized (component) { // a restart relaunching it now finishes first, and is stopped here
                    killed = component.stop();
                }
                if (wasRunning) {
                    parts.listener().stopped(component.name(), killed);
                }
            } catch (RuntimeException e) {
                System.err.println("Stopping " + component.name() + " failed: " + e);
            }
        }
    }
}
