package io.herald.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Port checks for the local stack: everything binds 127.0.0.1; 0 means "pick a free one". */
final class Ports {

    private Ports() {}

    /** A port that is free on 127.0.0.1 right now. */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Replaces each 0 with a free port (distinct from the others) and checks that the fixed ones are free
     * and not given twice.
     *
     * @param wanted what uses the port (e.g. "kafka") to the port asked for, in start order
     * @return the same keys with the ports to use
     * @throws IllegalStateException naming every busy or duplicated port
     */
    static Map<String, Integer> resolve(Map<String, Integer> wanted) {
        Map<String, Integer> resolved = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<Integer, String> taken = new LinkedHashMap<>();
        wanted.forEach((user, port) -> {
            if (port != 0) {
                String other = taken.putIfAbsent(port, user);
                if (other != null) {
                    problems.add("port " + port + " is given to both " + other + " and " + user);
                } else if (!isFree(port)) {
                    problems.add("port " + port + " (" + user + ") is already in use on 127.0.0.1");
                }
            }
        });
        wanted.forEach((user, port) -> {
            int chosen = port;
            while (chosen == 0 || (port == 0 && taken.containsKey(chosen))) {
                chosen = pickFree();
            }
            if (port == 0) {
                taken.put(chosen, user);
            }
            resolved.put(user, chosen);
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems)
                    + " — stop whatever listens there (e.g. `ss -ltnp | grep <port>`, or `./herald down`)");
        }
        return resolved;
    }
}
