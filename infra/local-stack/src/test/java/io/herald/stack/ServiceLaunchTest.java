package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command lines and environments the stack launches its services with: which credentials each one gets. */
class ServiceLaunchTest {

    private static final Pattern SECRET_ARG =
            Pattern.compile("--herald\\.security\\.tokens\\.([a-z0-9-]+)\\.secret=(.*)");

    private static final String SEALING_KEY = "c2VhbGluZy1rZXktb2YtdGhpcy10ZXN0LTMyLWJ5dGVz";
    private static final String CHANNEL_SECRETS_KEY = "Y2hhbm5lbC1zZWNyZXRzLWtleS1vZi10aGlzLXRlc3Q=";

    @TempDir
    Path home;

    private StackTokens tokens;
    private ServiceLaunch launch;

    @BeforeEach
    void launchWithTwoTenantTokens() throws Exception {
        tokens = new StackTokens(
                List.of(
                        StackTokens.extra("acme-publisher", Set.of(Role.PUBLISH), List.of("acme"), List.of("it-robot")),
                        StackTokens.extra("beta-reader", Set.of(Role.READ), List.of("beta"), List.of())),
                name -> null);
        launch = new ServiceLaunch(
                home,
                home.resolve("logs"),
                home.resolve("run"),
                new ServiceLaunch.Wiring(
                        "127.0.0.1:19092",
                        "http://127.0.0.1:18081/apis/registry/v3",
                        home.resolve("channels.yml"),
                        "jdbc:postgresql://127.0.0.1:15432/postgres",
                        "postgres",
                        "db-password",
                        "http://127.0.0.1:8082",
                        SEALING_KEY,
                        CHANNEL_SECRETS_KEY),
                tokens,
                new ServiceLaunch.Extras(
                        Map.of("HERALD_DEMO_DINGTALK_TOKEN", "demo"),
                        Map.of(),
                        Map.of(),
                        List.of("-Dherald.stack=" + home),
                        Map.of()));
        for (HeraldService service : HeraldService.values()) {
            Path jar = service.executableJar(home);
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar");
        }
    }

    @Test
    void eachServiceAcceptsExactlyTheTokensItsDoorsNeed() {
        Map<HeraldService, Set<String>> accepted = new EnumMap<>(HeraldService.class);
        for (HeraldService service : HeraldService.values()) {
            accepted.put(service, acceptedTokens(launch.args(service)));
        }

        assertThat(accepted)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        HeraldService.INGEST, Set.of("publisher", "operator", "acme-publisher"),
                        HeraldService.AUDIT, Set.of("reader", "operator", "beta-reader"),
                        HeraldService.SIGNER, Set.of("dispatcher", "operator"),
                        HeraldService.DISPATCHER, Set.of("operator")));
        assertThat(launch.args(HeraldService.INGEST))
                .contains(
                        "--herald.security.tokens.publisher.secret=env:HERALD_PUBLISH_TOKEN",
                        "--herald.security.tokens.publisher.roles=PUBLISH",
                        "--herald.security.tokens.publisher.tenants=*",
                        "--herald.security.tokens.operator.secret=env:HERALD_OPERATOR_TOKEN",
                        "--herald.security.tokens.operator.roles=OPERATOR",
                        "--herald.security.tokens.operator.tenants=*",
                        "--herald.security.tokens.acme-publisher.secret=env:HERALD_TOKEN_ACME_PUBLISHER",
                        "--herald.security.tokens.acme-publisher.roles=PUBLISH",
                        "--herald.security.tokens.acme-publisher.tenants=acme",
                        "--herald.security.tokens.acme-publisher.channels=it-robot");
        assertThat(launch.args(HeraldService.AUDIT))
                .contains(
                        "--herald.security.tokens.reader.roles=READ",
                        "--herald.security.tokens.beta-reader.tenants=beta");
        assertThat(launch.args(HeraldService.SIGNER))
                .contains(
                        "--herald.security.tokens.dispatcher.secret=env:HERALD_SERVICE_TOKEN",
                        "--herald.security.tokens.dispatcher.roles=SERVICE");
    }

    @Test
    void noTokenValueIsOnAnyCommandLineOnlyInTheEnvironmentOfTheServicesThatAcceptIt() throws Exception {
        for (HeraldService service : HeraldService.values()) {
            List<String> command = launch.process(service, service.id(), 8080, 9080, List.of())
                    .prepare()
                    .command();
            Map<String, String> env = launch.env(service);

            for (String value : tokens.values().values()) {
                assertThat(command).as(service.id()).noneMatch(arg -> arg.contains(value));
            }
            Set<String> accepted = acceptedTokens(command);
            for (String arg : command) {
                Matcher secret = SECRET_ARG.matcher(arg);
                if (secret.matches()) {
                    assertThat(secret.group(2)).as(arg).matches("env:HERALD_[A-Z_]+");
                    assertThat(env.get(secret.group(2).substring("env:".length())))
                            .isEqualTo(tokens.value(secret.group(1)));
                }
            }
            // a service holds the values of the tokens it accepts (and the dispatcher the one it presents), no other
            Set<String> held = new TreeSet<>();
            tokens.values().forEach((name, value) -> {
                if (env.containsValue(value)) {
                    held.add(name);
                }
            });
            Set<String> expected = new TreeSet<>(accepted);
            if (service == HeraldService.DISPATCHER || service == HeraldService.AUDIT) {
                expected.add("dispatcher"); // the service token they present to the signer
            }
            assertThat(held).as(service.id()).isEqualTo(expected);
            assertThat(command).as(service.id()).noneMatch(arg -> arg.contains("db-password"));
        }
    }

    @Test
    void theDispatcherPresentsTheServiceTokenTheSignerAccepts() {
        assertThat(launch.args(HeraldService.DISPATCHER))
                .contains("--herald.dispatcher.signer-token=env:HERALD_SERVICE_TOKEN");
        assertThat(launch.env(HeraldService.DISPATCHER).get("HERALD_SERVICE_TOKEN"))
                .isEqualTo(launch.env(HeraldService.SIGNER).get("HERALD_SERVICE_TOKEN"))
                .isEqualTo(tokens.value("dispatcher"));
        assertThat(launch.args(HeraldService.SIGNER))
                .noneMatch(arg -> arg.startsWith("--herald.dispatcher.signer-token"));
    }

    @Test
    void theAuditPresentsTheServiceTokenToTheSignersChannelSecretsApi() {
        assertThat(launch.args(HeraldService.AUDIT))
                .contains(
                        "--herald.audit.signer-url=http://127.0.0.1:8082",
                        "--herald.audit.signer-token=env:HERALD_SERVICE_TOKEN");
        assertThat(launch.env(HeraldService.AUDIT).get("HERALD_SERVICE_TOKEN"))
                .isEqualTo(launch.env(HeraldService.SIGNER).get("HERALD_SERVICE_TOKEN"))
                .isEqualTo(tokens.value("dispatcher"));
        assertThat(launch.args(HeraldService.INGEST)).noneMatch(arg -> arg.startsWith("--herald.audit.signer"));
    }

    @Test
    void onlyTheSignerHoldsTheChannelSecretsKeyAndOnlyByReference() throws Exception {
        for (HeraldService service : HeraldService.values()) {
            List<String> command = launch.process(service, service.id(), 8080, 9080, List.of())
                    .prepare()
                    .command();
            assertThat(command).as(service.id()).noneMatch(arg -> arg.contains(CHANNEL_SECRETS_KEY));
            assertThat(command).as(service.id()).noneMatch(arg -> arg.contains(SEALING_KEY));
            if (service == HeraldService.SIGNER) {
                assertThat(command)
                        .contains(
                                "--herald.signer.channel-secrets.keys.local=env:HERALD_CHANNEL_SECRETS_KEY",
                                "--herald.signer.channel-secrets.active-key=local");
                assertThat(launch.env(service)).containsEntry("HERALD_CHANNEL_SECRETS_KEY", CHANNEL_SECRETS_KEY);
            } else {
                assertThat(command).as(service.id()).noneMatch(arg -> arg.contains("channel-secrets"));
                assertThat(launch.env(service)).as(service.id()).doesNotContainKey("HERALD_CHANNEL_SECRETS_KEY");
            }
        }
    }

    @Test
    void keysTheCallerSetForTheWholeStackStillGoOnlyToTheServicesThatUseThem() {
        ServiceLaunch withCallerKeys = new ServiceLaunch(
                home,
                home.resolve("logs"),
                home.resolve("run"),
                new ServiceLaunch.Wiring(
                        "127.0.0.1:19092",
                        "http://127.0.0.1:18081/apis/registry/v3",
                        home.resolve("channels.yml"),
                        "jdbc:postgresql://127.0.0.1:15432/postgres",
                        "postgres",
                        "db-password",
                        "http://127.0.0.1:8082",
                        SEALING_KEY,
                        CHANNEL_SECRETS_KEY),
                tokens,
                new ServiceLaunch.Extras(
                        Map.of(
                                "HERALD_CHANNEL_SECRETS_KEY", "Y2FsbGVyLWNoYW5uZWwtc2VjcmV0cy1rZXk=",
                                "HERALD_SEALING_KEY", "Y2FsbGVyLXNlYWxpbmcta2V5"),
                        Map.of(),
                        Map.of(),
                        List.of(),
                        Map.of()));

        assertThat(withCallerKeys.env(HeraldService.SIGNER))
                .containsEntry("HERALD_CHANNEL_SECRETS_KEY", "Y2FsbGVyLWNoYW5uZWwtc2VjcmV0cy1rZXk=")
                .containsEntry("HERALD_SEALING_KEY", "Y2FsbGVyLXNlYWxpbmcta2V5");
        assertThat(withCallerKeys.env(HeraldService.DISPATCHER))
                .doesNotContainKey("HERALD_CHANNEL_SECRETS_KEY")
                .containsEntry("HERALD_SEALING_KEY", "Y2FsbGVyLXNlYWxpbmcta2V5");
        for (HeraldService service : List.of(HeraldService.INGEST, HeraldService.AUDIT)) {
            assertThat(withCallerKeys.env(service))
                    .as(service.id())
                    .doesNotContainKeys("HERALD_CHANNEL_SECRETS_KEY", "HERALD_SEALING_KEY");
        }
    }

    @Test
    void aScaledDispatcherIsGivenTheSameCredentialsAsTheStacksDispatcher() throws Exception {
        List<String> stackDispatcher = launch.process(HeraldService.DISPATCHER, "dispatcher", 8083, 9083, List.of())
                .prepare()
                .command();
        ServiceProcess instance = launch.process(
                HeraldService.DISPATCHER,
                "dispatcher-dingtalk-1",
                40123,
                40124,
                List.of(
                        "--herald.dispatcher.providers=dingtalk",
                        "--herald.dispatcher.instance-id=dispatcher-dingtalk-1"));

        assertThat(credentialArgs(instance.prepare().command()))
                .isNotEmpty()
                .isEqualTo(credentialArgs(stackDispatcher));
        assertThat(launch.env(HeraldService.DISPATCHER)).containsKeys("HERALD_OPERATOR_TOKEN", "HERALD_SERVICE_TOKEN");
    }

    @Test
    void theAuditGetsOnlyTheSharedMechanismsProperties() {
        assertThat(launch.args(HeraldService.AUDIT)).noneMatch(arg -> arg.startsWith("--herald.audit.tokens."));
    }

    private static Set<String> acceptedTokens(List<String> args) {
        Set<String> names = new TreeSet<>();
        for (String arg : args) {
            Matcher secret = SECRET_ARG.matcher(arg);
            if (secret.matches()) {
                names.add(secret.group(1));
            }
        }
        return names;
    }

    private static List<String> credentialArgs(List<String> command) {
        return command.stream()
                .filter(arg ->
                        arg.startsWith("--herald.security.") || arg.startsWith("--herald.dispatcher.signer-token"))
                .toList();
    }
}
