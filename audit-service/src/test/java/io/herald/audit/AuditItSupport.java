package io.herald.audit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The audit service on a real embedded PostgreSQL 17, its Kafka listeners not started (no broker or registry exists in
 * these tests: events are handed to the recorder directly). One database and one application context serve every IT
 * class; tests use fresh notification ids instead of cleaning tables.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.admin.auto-create=false",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3"
        })
public abstract class AuditItSupport {

    private static final EmbeddedPostgres POSTGRES = start();

    /** A READ token and an OPERATOR token, configured as file references like in production. */
    public static final String READ_TOKEN = "read-token-" + java.util.UUID.randomUUID();
    public static final String OPERATOR_TOKEN = "operator-token-" + java.util.UUID.randomUUID();
    private static final java.nio.file.Path TOKENS = tokenFiles();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("herald.audit.tokens.viewer.secret", () -> "file:" + TOKENS.resolve("read"));
        registry.add("herald.audit.tokens.viewer.role", () -> "READ");
        registry.add("herald.audit.tokens.ops.secret", () -> "file:" + TOKENS.resolve("operator"));
        registry.add("herald.audit.tokens.ops.role", () -> "OPERATOR");
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    /** The JDBC URL of the embedded database, for tests that load data directly. */
    public static String jdbcUrl() {
        return POSTGRES.getJdbcUrl("postgres", "postgres");
    }

    private static java.nio.file.Path tokenFiles() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("audit-it-tokens");
            java.nio.file.Files.writeString(dir.resolve("read"), READ_TOKEN);
            java.nio.file.Files.writeString(dir.resolve("operator"), OPERATOR_TOKEN);
            dir.toFile().deleteOnExit();
            dir.resolve("read").toFile().deleteOnExit();
            dir.resolve("operator").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write token files", e);
        }
    }

    private static EmbeddedPostgres start() {
        try {
            // stopped by its own shutdown hook when the test JVM ends
            return EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }
}
