package io.herald.contract.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.herald.contract.channel.ChannelCatalog;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad seed value fails the start with the property and what it must be, never a Java type. */
class PropertyFailureAnalyzerTest {

    private static final Map<String, String> CHANNEL = Map.of(
            "herald.channels.ops.provider", "webhook",
            "herald.channels.ops.endpoint", "https://hooks.example.com/ops");

    private final PropertyFailureAnalyzer analyzer = new PropertyFailureAnalyzer();

    @Test
    void anUnknownEnumValueNamesTheAllowedOnes() {
        FailureAnalysis analysis = analyzeCatalog("herald.channels.ops.ordering", "sometimes");

        assertThat(analysis.getDescription())
                .startsWith("herald.channels.ops.ordering = \"sometimes\"")
                .endsWith(": must be one of none, strict");
        assertThat(analysis.getAction()).startsWith("Correct herald.channels.ops.ordering in ");
        assertNoJavaNames(analysis);
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike() {
        FailureAnalysis analysis = analyzeCatalog("herald.channels.ops.max-age", "two hours");

        assertThat(analysis.getDescription())
                .startsWith("herald.channels.ops.max-age = \"two hours\"")
                .endsWith(": must be a duration, such as 500ms, 30s, 5m or PT5M");
        assertNoJavaNames(analysis);
    }

    @Test
    void aBadNumberSaysSo() {
        FailureAnalysis analysis = analyzeCatalog("herald.channels.ops.max-attempts", "many");

        assertThat(analysis.getDescription()).endsWith(": must be a whole number");
        assertNoJavaNames(analysis);
    }

    @Test
    void theCatalogsOwnChecksKeepTheirWords() {
        FailureAnalysis analysis = analyzeCatalog("herald.channels.ops.on-dead-letter", "stop");

        assertThat(analysis.getDescription())
                .contains("Invalid channel catalog: ")
                .contains("on-dead-letter: stop needs ordering strict");
        assertNoJavaNames(analysis);
    }

    @Test
    void otherPropertiesAreLeftToSpringBoot() {
        Throwable failure =
                catchThrowable(() -> new Binder(new MapConfigurationPropertySource(Map.of("server.timeout", "soon")))
                        .bind("server.timeout", Duration.class));

        assertThat(analyzer.analyze(failure)).isNull();
    }

    private FailureAnalysis analyzeCatalog(String property, String value) {
        Map<String, String> properties = new java.util.HashMap<>(CHANNEL);
        properties.put(property, value);
        Throwable failure = catchThrowable(() -> new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("herald", ChannelCatalog.class));
        assertThat(failure).as("binding %s=%s", property, value).isNotNull();
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }

    private static void assertNoJavaNames(FailureAnalysis analysis) {
        assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("java.", "io.herald", "Exception");
    }
}
