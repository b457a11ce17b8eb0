package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.channel.Channel;
import io.herald.contract.channel.ChannelCatalog;
import io.herald.contract.provider.Provider;
import io.herald.sandbox.CatalogRegistration;
import io.herald.sandbox.ProviderSandbox;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The demo of {@code ./herald up}: {@code config/channels.yml} has a sandbox channel of every registered provider, its
 * services bind it, and the credentials the launcher makes per run get every one of them served by the sandbox.
 */
class DemoChannelsTest {

    private static final Path SEED = LocalStack.heraldHome().resolve("config/channels.yml");
    private static final String SANDBOX = "http://127.0.0.1:18080";

    @Test
    void everyRegisteredProviderHasADemoChannelOnTheSandboxAndTheServicesBindTheFile() throws Exception {
        ChannelCatalog catalog = bind(SEED);

        for (Provider provider : Provider.all()) {
            String name = "demo-" + provider.id();
            assertThat(catalog.channels()).as(name).containsKey(name);
            Channel channel = catalog.channels().get(name);
            assertThat(channel.provider()).as(name).isEqualTo(provider.id());
            assertThat(channel.endpoint().toString()).as(name).startsWith(SANDBOX);
        }
        // and the channel operators are told on
        assertThat(catalog.channels()).hasSize(Provider.all().size() + 1);
        assertThat(catalog.channels()
                        .get(LocalStack.OPERATORS_CHANNEL)
                        .endpoint()
                        .toString())
                .startsWith(SANDBOX);
    }

    @Test
    void theLauncherMakesEveryCredentialTheSeedReferencesAndNoOther() throws Exception {
        Set<String> referenced = new TreeSet<>();
        Matcher reference =
                Pattern.compile("(?m)^\\s+[a-z-]+: env:(HERALD_[A-Z0-9_]+)").matcher(Files.readString(SEED));
        while (reference.find()) {
            referenced.add(reference.group(1));
        }

        assertThat(referenced).isEqualTo(new TreeSet<>(DemoCredentials.names()));
    }

    @Test
    void theSandboxServesEveryDemoChannelWithThisRunsCredentials() throws Exception {
        Map<String, String> credentials = DemoCredentials.of(name -> null, SANDBOX);

        try (ProviderSandbox sandbox = ProviderSandbox.start(0, Clock.systemUTC())) {
            // as the stack does: the catalog's origin counts as the sandbox, the references resolve to this run's
            // values
            CatalogRegistration registration = sandbox.registerCatalog(SEED, credentials::get, URI.create(SANDBOX));

            assertThat(registration.ignored()).isEmpty();
            assertThat(registration.served())
                    .hasSize(Provider.all().size() + 1)
                    .containsEntry(LocalStack.OPERATORS_CHANNEL, "webhook")
                    .allSatisfy((channel, provider) ->
                            assertThat(channel).isIn("demo-" + provider, LocalStack.OPERATORS_CHANNEL));
        }
    }

    @Test
    void credentialsAreFreshEachRunUnlessTheShellSetThemAndShapedAsTheProvidersIssueThem() {
        Map<String, String> first = DemoCredentials.of(name -> null, SANDBOX);
        Map<String, String> second = DemoCredentials.of(name -> null, SANDBOX);
        Map<String, String> pinned = DemoCredentials.of(
                name -> name.equals("HERALD_DEMO_DINGTALK_SECRET") ? "SECpinned-by-the-shell" : null, SANDBOX);

        assertThat(first.keySet()).isEqualTo(DemoCredentials.names());
        first.forEach((name, value) -> assertThat(second.get(name)).as(name).isNotEqualTo(value));
        assertThat(pinned).containsEntry("HERALD_DEMO_DINGTALK_SECRET", "SECpinned-by-the-shell");
        assertThat(first.get("HERALD_DEMO_DINGTALK_SECRET")).startsWith("SEC");
        assertThat(first.get("HERALD_DEMO_WEBHOOK_SECRET")).startsWith("whsec_");
        assertThat(first.get("HERALD_DEMO_TENCENT_SECRET_ID")).startsWith("AKID");
        assertThat(first.get("HERALD_DEMO_SLACK_WEBHOOK_URL"))
                .matches(Pattern.quote(SANDBOX) + "/slack/services/T0[A-Z0-9]+/B0[A-Z0-9]+/[A-Za-z0-9]+");
    }

    private static ChannelCatalog bind(Path file) throws Exception {
        var sources = new YamlPropertySourceLoader().load("seed", new FileSystemResource(file));
        Iterable<PropertySource<?>> all = sources;
        return new Binder(ConfigurationPropertySources.from(all)).bindOrCreate("herald", ChannelCatalog.class);
    }
}
