package io.herald.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.security.Caller;
import io.herald.contract.security.Role;
import io.herald.ingest.TestChannels;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.schema.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishScopeTest {

    private static Caller caller(Set<String> tenants, Set<String> channels) {
        return new Caller("ci", Set.of(Role.PUBLISH), tenants, channels);
    }

    private static IntakeRequest request(String channel, String tenant) {
        return new IntakeRequest(
                Source.HTTP, null, "key-1", channel, tenant, Map.of(), TestChannels.text("hi"), null, null, List.of());
    }

    private static IntakeRequest withId(String notificationId, String channel, String tenant) {
        return new IntakeRequest(
                Source.HTTP,
                notificationId,
                "key-1",
                channel,
                tenant,
                Map.of(),
                TestChannels.text("hi"),
                null,
                null,
                List.of());
    }

    private static PublishScope.PublishRefusedException refusal(Caller caller, IntakeRequest request) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                PublishScope.PublishRefusedException.class, () -> PublishScope.bind(caller, request));
        assertThat(thrown).as("refused").isNotNull();
        return thrown;
    }

    @Test
    void aCredentialOfOneTenantPublishesAsItWhetherTheBodyNamesItOrNot() {
        Caller acme = caller(Set.of("acme"), Set.of());

        assertThat(PublishScope.bind(acme, request("demo-dingtalk", null)).tenant())
                .isEqualTo("acme");
        assertThat(PublishScope.bind(acme, request("demo-dingtalk", "acme")).tenant())
                .isEqualTo("acme");
    }

    @Test
    void aCredentialOfOneTenantNamingAnotherIsForbiddenNamingBoth() {
        var refused = refusal(caller(Set.of("acme"), Set.of()), request("demo-dingtalk", "beta"));

        assertThat(refused.problem().getStatus()).isEqualTo(403);
        assertThat(refused.problem().getType()).hasToString("urn:herald:problem:tenant-not-allowed");
        assertThat(refused.problem().getDetail()).isEqualTo("credential 'ci' publishes for tenant acme, not beta");
    }

    @Test
    void aCredentialOfSeveralTenantsMustNameOneOfThem() {
        Caller both = caller(Set.of("beta", "acme"), Set.of());

        assertThat(PublishScope.bind(both, request("demo-dingtalk", "beta")).tenant())
                .isEqualTo("beta");
        var unnamed = refusal(both, request("demo-dingtalk", null));
        assertThat(unnamed.problem().getStatus()).isEqualTo(400);
        assertThat(unnamed.problem().getDetail())
                .isEqualTo(
                        "1 field is invalid: tenant; credential 'ci' publishes for tenants acme, beta: name one of them in the body's tenant");
        assertThat(refusal(both, request("demo-dingtalk", "gamma")).problem().getDetail())
                .isEqualTo("credential 'ci' publishes for tenants acme, beta, not gamma");
    }

    @Test
    void aCredentialOfEveryTenantPublishesForTheTenantTheBodyNamesOrNone() {
        Caller gateway = caller(Set.of(Caller.ANY_TENANT), Set.of());

        assertThat(PublishScope.bind(gateway, request("demo-dingtalk", "beta")).tenant())
                .isEqualTo("beta");
        assertThat(PublishScope.bind(gateway, request("demo-dingtalk", null)).tenant())
                .isNull();
    }

    @Test
    void aCredentialOfNoTenantPublishesNothing() {
        var refused = refusal(caller(Set.of(), Set.of()), request("demo-dingtalk", null));

        assertThat(refused.problem().getStatus()).isEqualTo(403);
        assertThat(refused.problem().getDetail()).startsWith("credential 'ci' publishes for no tenant");
    }

    @Test
    void aCredentialLimitedToChannelsIsForbiddenAnyOtherNamingIt() {
        Caller limited = caller(Set.of("acme"), Set.of("demo-dingtalk", "demo-slack"));

        assertThat(PublishScope.bind(limited, request("demo-dingtalk", null)).channel())
                .isEqualTo("demo-dingtalk");
        var refused = refusal(limited, request("no-such-channel", null));
        assertThat(refused.problem().getStatus()).isEqualTo(403);
        assertThat(refused.problem().getType()).hasToString("urn:herald:problem:channel-not-allowed");
        assertThat(refused.problem().getDetail())
                .isEqualTo("credential 'ci' may not publish to channel "
                        + "'no-such-channel'; it publishes to channels demo-dingtalk, demo-slack");
        // no channel at all is the validator's 400, not a refusal
        assertThat(PublishScope.bind(limited, request(null, null)).tenant()).isEqualTo("acme");
    }

    @Test
    void callerTextInAnAnswerIsShortAndOnOneLine() {
        var refused = refusal(caller(Set.of("acme"), Set.of()), request("demo-dingtalk", "beta\n" + "x".repeat(300)));

        assertThat(refused.problem().getDetail())
                .doesNotContain("\n")
                .hasSizeLessThan(200)
                .endsWith("...");
    }

    @Test
    void onlyACredentialOfEveryTenantChoosesTheNotificationId() {
        for (Caller bound : List.of(caller(Set.of("acme"), Set.of()), caller(Set.of("acme", "beta"), Set.of()))) {
            var refused = refusal(bound, withId("n-1", "demo-dingtalk", "acme"));

            assertThat(refused.problem().getStatus()).isEqualTo(403);
            assertThat(refused.problem().getType()).hasToString("urn:herald:problem:notification-id-not-allowed");
            assertThat(refused.problem().getDetail())
                    .isEqualTo("credential 'ci' may not choose the notification id: "
                            + "ids are shared by every tenant, so only a credential of every tenant (a gateway) may; leave "
                            + "notificationId out (Herald makes one, answered in the 202 and Location) and send an "
                            + "Idempotency-Key to make retries safe");
        }
        // even an empty id is a choice (the validator would refuse it; the credential is answered first)
        assertThat(refusal(caller(Set.of("acme"), Set.of()), withId("", "demo-dingtalk", null))
                        .problem()
                        .getType())
                .hasToString("urn:herald:problem:notification-id-not-allowed");

        Caller gateway = caller(Set.of(Caller.ANY_TENANT), Set.of());
        assertThat(PublishScope.bind(gateway, withId("n-1", "demo-dingtalk", "beta"))
                        .notificationId())
                .isEqualTo("n-1");
    }

    @Test
    void aTenantOrChannelRefusalIsToldBeforeTheChosenId() {
        Caller acme = caller(Set.of("acme"), Set.of("demo-dingtalk"));

        assertThat(refusal(acme, withId("n-1", "demo-dingtalk", "beta"))
                        .problem()
                        .getType())
                .hasToString("urn:herald:problem:tenant-not-allowed");
        assertThat(refusal(acme, withId("n-1", "demo-slack", null)).problem().getType())
                .hasToString("urn:herald:problem:channel-not-allowed");
    }
}
