package io.herald.signer.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.secret.SecretResolver;
import io.herald.provider.dingtalk.DingTalkSigner;
import io.herald.provider.tencentcloud.TencentCloudSigner;
import io.herald.provider.webhook.StandardWebhookSigner;
import io.herald.signer.Fixtures;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogCheckTest {

    private static final URI ENDPOINT = URI.create("https://oapi.dingtalk.com/robot/send");

    private final SecretResolver secrets = new SecretResolver(Fixtures.ENVIRONMENT::get);
    private final ProviderSigners signers = ProviderSigners.of(new DingTalkSigner(secrets));

    @Test
    void catalogWithResolvableCredentialsIsSignable() {
        assertThatCode(() -> CatalogCheck.requireSignable(Fixtures.catalog(), signers, secrets))
                .doesNotThrowAnyException();
    }

    @Test
    void unsetEnvironmentVariableFailsStartNamingChannelProperty() {
        ChannelCatalog catalog = new ChannelCatalog(Map.of(
                "alerts",
                new Channel(
                        "dingtalk",
                        ENDPOINT,
                        Map.of("access-token", "env:HERALD_OPS_TOKEN", "secret", "env:HERALD_ALERTS_SECRET"),
                        null,
                        null)));

        assertThat(CatalogCheck.problems(catalog, signers, secrets))
                .containsExactly(
                        "herald.channels.alerts.credentials.secret: environment variable HERALD_ALERTS_SECRET is not set");
    }

    @Test
    void everyProblemOfEveryChannelIsListed() {
        Path missing = Path.of("/nonexistent/herald/ops-token");
        ChannelCatalog catalog = new ChannelCatalog(Map.of(
                "ops", new Channel("dingtalk", ENDPOINT, Map.of("access-token", "file:" + missing), null, null),
                "chat",
                        new Channel(
                                "feishu",
                                URI.create("https://open.feishu.cn/open-apis/bot/v2/hook/x"),
                                Map.of(),
                                null,
                                null)));

        assertThatThrownBy(() -> CatalogCheck.requireSignable(catalog, signers, secrets))
                .isInstanceOf(UnsignableCatalogException.class)
                .satisfies(
                        e -> assertThat(((UnsignableCatalogException) e).problems())
                                .containsExactly(
                                        "herald.channels.chat.provider: feishu is not supported by this signer (supported: dingtalk)",
                                        "herald.channels.ops.credentials.access-token: file " + missing
                                                + " does not exist",
                                        "herald.channels.ops.credentials.secret: not configured (give env:VARIABLE or file:/path)"));
    }

    @Test
    void problemsNeverContainSecretValues() {
        ChannelCatalog catalog = new ChannelCatalog(Map.of(
                "ops",
                new Channel(
                        "dingtalk",
                        ENDPOINT,
                        Map.of("access-token", "env:HERALD_OPS_TOKEN", "secret", "env:NOT_SET"),
                        null,
                        null)));

        assertThat(String.join("\n", CatalogCheck.problems(catalog, signers, secrets)))
                .doesNotContain(Fixtures.OPS_TOKEN)
                .doesNotContain(Fixtures.OPS_SECRET);
    }

    @Test
    void malformedWhsecSecretFailsStartNamingChannelAndProperty() {
        SecretResolver withHookSecret = new SecretResolver(Map.of("HOOK_SECRET", "whsec_not base64!")::get);
        ChannelCatalog catalog = new ChannelCatalog(Map.of(
                "hooks",
                new Channel(
                        "webhook",
                        URI.create("https://example.org/h"),
                        Map.of("secret", "env:HOOK_SECRET"),
                        null,
                        null)));

        assertThat(CatalogCheck.problems(
                        catalog, ProviderSigners.of(new StandardWebhookSigner(withHookSecret)), withHookSecret))
                .containsExactly("herald.channels.hooks.credentials.secret: is not Base64 after whsec_");
    }

    @Test
    void tencentCloudChannelNeedsSecretIdAndSecretKey() {
        SecretResolver none = new SecretResolver(Map.<String, String>of()::get);
        ChannelCatalog catalog = new ChannelCatalog(Map.of(
                "dns",
                new Channel(
                        "tencentcloud",
                        URI.create("https://dnspod.tencentcloudapi.com"),
                        Map.of("secret-id", "env:TC_ID"),
                        null,
                        null)));

        assertThat(CatalogCheck.problems(catalog, ProviderSigners.of(new TencentCloudSigner(none)), none))
                .containsExactly(
                        "herald.channels.dns.credentials.secret-id: environment variable TC_ID is not set",
                        "herald.channels.dns.credentials.secret-key: not configured (give env:VARIABLE or file:/path)");
    }
}
