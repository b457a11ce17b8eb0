package io.herald.contract.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.ChannelDefinitions.Conversion;
import io.herald.schema.ChannelState;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelDefinitionsTest {

    @Test
    void aDefinitionBecomesTheEntryServicesLookUp() {
        Conversion conversion = ChannelDefinitions.convert(
                "billing-hooks",
                Definitions.webhook("billing-hooks", 4)
                        .setTenant("acme")
                        .setState(ChannelState.DISABLED)
                        .setMaxMessageBytes(2048)
                        .setRatePerMinute(30)
                        .setMaxAttempts(3)
                        .setMaxAgeMillis(1_800_000L)
                        .setSecrets(Definitions.secrets("secret", "s1", "s2"))
                        .build());

        assertThat(conversion.problems()).isEmpty();
        ChannelEntry entry = conversion.entry();
        assertThat(entry.name()).isEqualTo("billing-hooks");
        assertThat(entry.tenant()).isEqualTo("acme");
        assertThat(entry.state()).isEqualTo(ChannelState.DISABLED);
        assertThat(entry.version()).isEqualTo(4);
        assertThat(entry.channel())
                .isEqualTo(new Channel(
                        "webhook",
                        URI.create("https://hooks.example.com/billing-hooks"),
                        Map.of("secret", "env:HOOK_SECRET"),
                        2048,
                        30,
                        3,
                        Duration.ofMinutes(30)));
        assertThat(entry.secrets().get("secret"))
                .extracting(secret -> secret.getId())
                .containsExactly("s1", "s2");
    }

    @Test
    void limitsLeftOutStayUnset() {
        Channel channel = ChannelDefinitions.convert(
                        "hooks", Definitions.webhook("hooks", 1).build())
                .entry()
                .channel();

        assertThat(channel.maxAge()).isNull();
        assertThat(channel.maxAttempts()).isNull();
        assertThat(channel.ratePerMinute()).isNull();
        assertThat(channel.effectiveMaxMessageBytes()).isPositive();
    }

    @Test
    void anInvalidDefinitionIsRefusedWithTheApiRulesNamingEachPropertyNeverAValue() {
        Conversion conversion = ChannelDefinitions.convert(
                "hooks",
                Definitions.webhook("hooks", 2)
                        .setProvider("telegram")
                        .setEndpoint("/relative")
                        .setCredentials(Map.of("secret", "whsec_pasted-by-mistake"))
                        .setRatePerMinute(0)
                        .setMaxAgeMillis(0L)
                        .build());

        assertThat(conversion.valid()).isFalse();
        assertThat(conversion.problems())
                .anySatisfy(p -> assertThat(p).startsWith("provider: 'telegram' is not one of"))
                .contains(
                        "endpoint: an absolute http(s) URL is required",
                        "credentials.secret: must be a reference, env:VARIABLE or file:/path",
                        "ratePerMinute: must be positive",
                        "maxAge: must be positive");
        assertThat(String.join(" ", conversion.problems())).doesNotContain("whsec_pasted-by-mistake");
    }

    @Test
    void anEndpointThatIsNotAUrlAndAKeyThatIsNotTheNameAreRefused() {
        assertThat(ChannelDefinitions.convert(
                                "hooks",
                                Definitions.webhook("hooks", 1)
                                        .setEndpoint("https://exa mple.com/x")
                                        .build())
                        .problems())
                .containsExactly("endpoint: not a URL");
        assertThat(ChannelDefinitions.convert(
                                "other", Definitions.webhook("hooks", 1).build())
                        .problems())
                .containsExactly("name: the record's key is not the definition's name");
    }
}
