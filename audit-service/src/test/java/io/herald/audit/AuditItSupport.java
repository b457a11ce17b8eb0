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
            // the actuator on the server port (one context for the doors and health checks); ManagementPortIT
            // (signer) and the local stack run it on its own port, as configured
            "management.server.port=",
            "spring.kafka.listener.auto-startup=false",
            "spring.kafka.admin.auto-create=false",
            "spring.kafka.bootstrap-servers=127.0.0.1:9",
            "herald.live-channels.follow=false",
            "herald.audit.ordering.follow=false",
            // the seed channel catalog; not imported without a broker (ChannelApiIT has one and imports it)
            "herald.channels-file=src/test/resources/channels-it.yml",
            "herald.audit.channels.seed-import=false",
            "herald.kafka.registry-url=http://127.0.0.1:9/apis/registry/v3",
            "herald.audit.trace-url=http://zipkin.example:9411/zipkin/traces/{traceId}"
        })
public abstract class AuditItSupport {

    private static final EmbeddedPostgres POSTGRES = start();

    /** Static tokens, configured as file references like in production: READ and OPERATOR for every tenant... */
    public static final String READ_TOKEN = "read-token-" + java.util.UUID.randomUUID();

    public static final String OPERATOR_TOKEN = "operator-token-" + java.util.UUID.randomUUID();
    /** ...and READ and OPERATOR for {@link #TENANT_A} only. */
    public static final String TENANT_A_READ_TOKEN = "read-a-token-" + java.util.UUID.randomUUID();

    public static final String TENANT_A_OPERATOR_TOKEN = "operator-a-token-" + java.util.UUID.randomUUID();
    public static final String TENANT_A = "tenant-a";
    public static final String TENANT_B = "tenant-b";
    private static final java.nio.file.Path TOKENS = tokenFiles();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        token(registry, "viewer", "read", "READ", "*");
        token(registry, "ops", "operator", "OPERATOR", "*");
        token(registry, "reader-a", "read-a", "READ", TENANT_A);
        token(registry, "ops-a", "operator-a", "OPERATOR", TENANT_A);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestIssuer::jwkSetUri);
        registry.add("spring.datasource.url", () -> POSTGRES.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    private static void token(DynamicPropertyRegistry registry, String name, String file, String role, String tenant) {
        registry.add("herald.security.tokens." + name + ".secret", () -> "file:" + TOKENS.resolve(file));
        registry.add("herald.security.tokens." + name + ".roles", () -> role);
        registry.add("herald.security.tokens." + name + ".tenants", () -> tenant);
    }

    /** The JDBC URL of the embedded database, for tests that load data directly. */
    public static String jdbcUrl() {
        return POSTGRES.getJdbcUrl("postgres", "postgres");
    }

    private static java.nio.file.Path tokenFiles() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("audit-it-tokens");
            java.util.Map<String, String> tokens = java.util.Map.of(
                    "read",
                    READ_TOKEN,
                    "operator",
                    OPERATOR_TOKEN,
                    "read-a",
                    TENANT_A_READ_TOKEN,
                    "operator-a",
                    TENANT_A_OPERATOR_TOKEN);
            dir.toFile().deleteOnExit();
            for (var token : tokens.entrySet()) {
                java.nio.file.Files.writeString(dir.resolve(token.getKey()), token.getValue());
                dir.resolve(token.getKey()).toFile().deleteOnExit();
            }
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
