package io.herald.provider.spi.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.redaction.Redaction;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MaskedEndpointsTest {

    private final MaskedEndpoints masked = new MaskedEndpoints();

    @Test
    void eachChannelEndpointIsMaskedAsRedactionMasksIt() {
        URI hooks = URI.create("https://example.org/hooks;token=abc123");
        URI other = URI.create("https://example.net/in;key=k-9");

        assertThat(masked.of(hooks))
                .isEqualTo("https://example.org/hooks;token=***")
                .isEqualTo(Redaction.url(hooks.toString()));
        assertThat(masked.of(other)).isEqualTo("https://example.net/in;key=***");
        // asked again (the next notification of the channel): the same answer
        assertThat(masked.of(hooks)).isEqualTo("https://example.org/hooks;token=***");
        assertThat(masked.of(URI.create("https://example.org/plain"))).isEqualTo("https://example.org/plain");
    }

    @Test
    void endpointsThatAreEqualUrisButSpelledDifferentlyKeepTheirOwnSpelling() {
        // URI equality ignores the host's case: each channel must still see its own endpoint text
        assertThat(masked.of(URI.create("https://Hooks.Example.org/in"))).isEqualTo("https://Hooks.Example.org/in");
        assertThat(masked.of(URI.create("https://hooks.example.org/in"))).isEqualTo("https://hooks.example.org/in");
    }
}
