package io.herald.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The database of the services that keep state (ingest, audit): an embedded PostgreSQL 17 (zonky binaries
 * from Maven Central, a fresh data directory under the work dir each start, database {@code herald}), or an
 * external server when a JDBC URL is given. Reads nothing else; writes {@code <run>/postgres.pid}. A restart of the
 * embedded server alone starts it again on the same data directory and port ({@code pg_ctl start}: after a crash
 * PostgreSQL replays its WAL first); the server runs detached from this JVM, so its exit code is not known.
 */
final class PostgresDatabase implements Component {

    static final String DATABASE = "herald";
    static final String EMBEDDED_USER = "postgres";
    // the embedded server trusts local connections; this only keeps drivers that want a password happy
    static final String EMBEDDED_PASSWORD = "postgres";

    private final Path dataDir;
    private final Path log;
    private final Path runDir;
    private final int port;
    private final ExternalDatabase external;
    private EmbeddedPostgres embedded;

    private PostgresDatabase(Path dataDir, Path log, Path runDir, int port, ExternalDatabase external) {
        this.dataDir = dataDir;
        this.log = log;
        this.runDir = runDir;
        this.port = port;
        this.external = external;
    }

    static PostgresDatabase embedded(Path dataDir, Path log, Path runDir, int port) {
        return new PostgresDatabase(dataDir, log, runDir, port, null);
    }

    static PostgresDatabase external(ExternalDatabase external) {
        return new PostgresDatabase(null, null, null, 0, external);
    }

    boolean isEmbedded() {
        return external == null;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void launch() throws IOException {
        if (!isEmbedded()) {
            return;
        }
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        FileTrees.deleteRecursively(dataDir);
        Files.createDirectories(dataDir.getParent());
        embedded = startServer(); // an empty data directory: initdb first
        try (Connection connection = embedded.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (java.sql.SQLException e) {
            throw new IOException("Cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        writePidFile();
    }

    @Override
    public boolean restartable() {
        return isEmbedded();
    }

    /** The same server again on its data directory (initdb and the database are not redone). */
    @Override
    public void relaunch() throws IOException {
        if (!isEmbedded()) {
            throw new UnsupportedOperationException("an external database is not the stack's to restart");
        }
        if (embedded != null) {
            // releases zonky's lock on the data directory; its pg_ctl stop fails harmlessly on a dead server
            embedded.close();
        }
        embedded = startServer();
        writePidFile();
    }

    @Override
    public String exitReason() {
        return "process gone (PostgreSQL runs detached: exit code unknown)";
    }

    private EmbeddedPostgres startServer() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                // launch() empties the directory itself; a restart must keep it, and closing must not delete it
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // LocalStack's hook stops it after the services that use it
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private void writePidFile() throws IOException {
        OptionalLong pid = pid();
        if (pid.isPresent()) {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve("postgres.pid"), pid.getAsLong() + System.lineSeparator());
        }
    }

    @Override
    public void awaitReady(Instant deadline) throws Exception {
        Polling.until("PostgreSQL at " + jdbcUrl(), deadline, () -> {}, () -> {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), password());
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("select 1")) {
                return result.next();
            }
        });
    }

    String jdbcUrl() {
        return isEmbedded() ? "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE : external.url();
    }

    String user() {
        return isEmbedded() ? EMBEDDED_USER : external.user();
    }

    String password() {
        return isEmbedded() ? EMBEDDED_PASSWORD : external.password();
    }

    @Override
    public String address() {
        return isEmbedded() ? "127.0.0.1:" + port : "external " + jdbcUrl();
    }

    @Override
    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }

    /** The postmaster's PID, from {@code postmaster.pid} in the data directory. */
    @Override
    public OptionalLong pid() {
        if (!isEmbedded() || dataDir == null) {
            return OptionalLong.empty();
        }
        try {
            String first = Files.readAllLines(dataDir.resolve("postmaster.pid"))
                    .getFirst()
                    .trim();
            return OptionalLong.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public boolean isRunning() {
        if (!isEmbedded()) {
            return true;
        }
        OptionalLong pid = pid();
        return embedded != null
                && pid.isPresent()
                && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public boolean stop() {
        if (embedded == null) {
            return false;
        }
        OptionalLong pid = pid();
        try {
            embedded.close(); // pg_ctl stop
        } catch (IOException e) {
            // fall through to stopping by PID
        }
        boolean killed = pid.stream()
                .mapToObj(ProcessHandle::of)
                .flatMap(Optional::stream)
                .map(handle -> ManagedProcess.stop(handle, Duration.ofSeconds(10)))
                .reduce(false, Boolean::logicalOr);
        embedded = null;
        try {
            Files.deleteIfExists(runDir.resolve("postgres.pid"));
        } catch (IOException ignored) {
            // checked against the command line before anyone acts on it
        }
        return killed;
    }
}
