package io.herald.ingest.http;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Freezes an embedded PostgreSQL like {@code kill -STOP} on a stuck host: its postmaster and every backend stop, while
 * their sockets stay open (connects are accepted by the kernel, nothing answers). Signals go to those process ids
 * only.
 */
final class PostgresProcesses {

    private static final List<Long> frozen = new ArrayList<>();

    private PostgresProcesses() {}

    static synchronized void freeze(EmbeddedPostgres postgres) {
        String dataDirectory = JdbcClient.create(postgres.getPostgresDatabase())
                .sql("SHOW data_directory")
                .query(String.class)
                .single();
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid"))
                    .getFirst()
                    .strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster's pid", e);
        }
        ProcessHandle postmaster =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster with pid " + pid));
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster.pid());
        postmaster.descendants().forEach(process -> pids.add(process.pid()));
        frozen.addAll(pids); // before signalling: whatever happens, resume() continues them
        signal("-STOP", pids);
    }

    static synchronized void resume(EmbeddedPostgres postgres) {
        if (!frozen.isEmpty()) {
            signal("-CONT", frozen);
            frozen.clear();
        }
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            // a backend that ended meanwhile makes kill exit 1; the others were signalled
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
