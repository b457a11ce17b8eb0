package io.herald.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class UnsignableCatalogFailureAnalyzerTest {

    @Test
    void startFailureListsEachUnsignableChannelProperty() {
        var cause = new UnsignableCatalogException(List.of(
                "herald.channels.ops.credentials.secret: environment variable HERALD_OPS_SECRET is not set",
                "herald.channels.chat.provider: feishu is not supported by this signer (supported: dingtalk)"));

        FailureAnalysis analysis = new UnsignableCatalogFailureAnalyzer()
                .analyze(new BeanCreationException("providerSigners", "Failed to instantiate", cause));

        assertThat(analysis.getDescription()).isEqualTo("""
                The channel catalog has channels this signer cannot sign:
                  - herald.channels.ops.credentials.secret: environment variable HERALD_OPS_SECRET is not set
                  - herald.channels.chat.provider: feishu is not supported by this signer (supported: dingtalk)""");
        assertThat(analysis.getAction()).contains("herald.channels-file");
    }
}
