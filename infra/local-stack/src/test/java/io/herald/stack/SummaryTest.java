package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path workDir;

    @Test
    void summaryNamesEveryEndpointAndExampleCommands() {
        Properties state = new Properties();
        state.setProperty("ingest.address", "http://127.0.0.1:8080");
        state.setProperty("ingest.health", "http://127.0.0.1:9080/actuator/health");
        state.setProperty("signer.address", "http://127.0.0.1:8082");
        state.setProperty("signer.health", "http://127.0.0.1:9082/actuator/health");
        state.setProperty("dispatcher.address", "http://127.0.0.1:8083");
        state.setProperty("dispatcher.health", "http://127.0.0.1:9083/actuator/health");
        state.setProperty("audit.address", "http://127.0.0.1:8084");
        state.setProperty("audit.health", "http://127.0.0.1:9084/actuator/health");
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
                .contains("http://127.0.0.1:9082/actuator/health")
                .contains("http://127.0.0.1:9080/actuator/prometheus", "http://127.0.0.1:9084/actuator/prometheus")
                .contains(
                        "curl -s -X POST http://127.0.0.1:8080/v1/notifications -H \"Authorization: Bearer $HERALD_PUBLISH_TOKEN\"")
                .contains("\"channel\":\"demo-dingtalk\",\"message\":{\"text\":")
                .contains("./herald publish --channel demo-feishu --text 'Hello from Herald' --wait")
                .contains("./herald channel list")
                .contains(
                        "curl -s http://127.0.0.1:8084/v1/notifications/<id> -H \"Authorization: Bearer $HERALD_READ_TOKEN\"")
                .contains("./herald down")
                // no service of /repo has an AOT cache: the line says how to make them
                .containsPattern("AOT cache +none \\(\\./herald build --aot makes them\\)");
    }

    @Test
    void theTokensAreShownAsCommandsReadingTheirFileNeverAsValuesAndTheCommandsWork() throws Exception {
        StackTokens tokens = new StackTokens(List.of(), name -> null);
        Path file = workDir.resolve("tokens.properties");
        tokens.write(file);
        Properties state = new Properties();
        state.setProperty("ingest.address", "http://127.0.0.1:8080");
        state.setProperty("ingest.health", "http://127.0.0.1:9080/actuator/health");
        state.setProperty("signer.address", "http://127.0.0.1:8082");
        state.setProperty("signer.health", "http://127.0.0.1:9082/actuator/health");
        state.setProperty("audit.address", "http://127.0.0.1:8084");
        state.setProperty("audit.health", "http://127.0.0.1:9084/actuator/health");
        state.setProperty("sandbox.url", "http://127.0.0.1:18080");
        state.setProperty("tokens.file", file.toString());

        String summary = Summary.render(state, Duration.ofSeconds(30), Path.of("/repo"));

        assertThat(summary)
                .contains("bearer tokens      " + file)
                .contains(
                        "curl -s http://127.0.0.1:9082/actuator/metrics -H \"Authorization: Bearer $HERALD_OPERATOR_TOKEN\"")
                .doesNotContain(tokens.values().values());
        List<String> exports = summary.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("export "))
                .toList();
        assertThat(exports).hasSize(3);
        Process shell = new ProcessBuilder(
                        "sh",
                        "-c",
                        String.join("\n", exports)
                                + "\necho \"$HERALD_PUBLISH_TOKEN $HERALD_READ_TOKEN $HERALD_OPERATOR_TOKEN\"")
                .redirectErrorStream(true)
                .start();
        String echoed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(shell.waitFor()).isZero();
        assertThat(echoed)
                .isEqualTo(tokens.value("publisher") + " " + tokens.value("reader") + " " + tokens.value("operator"));
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

        assertThat(summary)
                .doesNotContain("ingest HTTP API", "curl -s -X POST", "bearer tokens", "export ")
                .contains("external");
    }
}
