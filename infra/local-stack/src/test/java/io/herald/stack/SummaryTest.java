package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void summaryNamesEveryEndpointAndExampleCommands() {
        Properties state = new Properties();
        state.setProperty("ingest.address", "http://127.0.0.1:8080");
        state.setProperty("signer.address", "http://127.0.0.1:8082");
        state.setProperty("dispatcher.address", "http://127.0.0.1:8083");
        state.setProperty("audit.address", "http://127.0.0.1:8084");
        state.setProperty("sandbox.url", "http://127.0.0.1:18080");
        state.setProperty("registry.api", "http://127.0.0.1:18081/apis/registry/v3");
        state.setProperty("registry.base", "http://127.0.0.1:18081");
        state.setProperty("kafka.bootstrap", "127.0.0.1:19092");
        state.setProperty("postgres.jdbc-url", "jdbc:postgresql://127.0.0.1:15432/herald");
        state.setProperty("postgres.user", "postgres");
        state.setProperty("postgres.embedded", "true");
        state.setProperty("channels.file", "/repo/config/channels.yml");

        String summary = Summary.render(state, Duration.ofMillis(41_200), Path.of("/repo"));

        assertThat(summary)
                .startsWith("Herald is up (41.2 s).")
                .contains("http://127.0.0.1:8080/v1/notifications")
                .contains("http://127.0.0.1:8084/v1/notifications/{id}")
                .contains("http://127.0.0.1:18080/_sandbox/requests")
                .contains("http://127.0.0.1:18081/apis/registry/v3")
                .contains("http://127.0.0.1:18081/apis/ccompat/v7")
                .contains("127.0.0.1:19092")
                .contains("jdbc:postgresql://127.0.0.1:15432/herald")
                .contains("curl -s -X POST http://127.0.0.1:8080/v1/notifications")
                .contains("\"channel\":\"demo-dingtalk\",\"message\":{\"text\":")
                .contains("curl -s http://127.0.0.1:8084/v1/notifications/<id>")
                .contains("./herald down");
    }

    @Test
    void withoutServicesOnlyTheInfrastructureIsListed() {
        Properties state = new Properties();
        state.setProperty("sandbox.url", "http://127.0.0.1:18080");
        state.setProperty("registry.api", "http://127.0.0.1:18081/apis/registry/v3");
        state.setProperty("registry.base", "http://127.0.0.1:18081");
        state.setProperty("kafka.bootstrap", "127.0.0.1:19092");
        state.setProperty("postgres.jdbc-url", "jdbc:postgresql://db/herald");
        state.setProperty("postgres.user", "herald");

        String summary = Summary.render(state, Duration.ofSeconds(20), Path.of("/repo"));

        assertThat(summary).doesNotContain("ingest HTTP API", "curl -s -X POST").contains("external");
    }
}
