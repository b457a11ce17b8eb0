package io.herald.provider.alibabacloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.provider.ContentProblem;
import io.herald.contract.provider.Provider;
import io.herald.provider.spi.ProviderPlugin;
import io.herald.schema.ApiCall;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlibabaCloudTest {

    private final Provider provider = Provider.of("alibabacloud");

    private static ApiCall.Builder alidns() {
        return ApiCall.newBuilder()
                .setAction("AddDomainRecord")
                .setVersion("2015-01-09")
                .setBody("{\"DomainName\":\"example.com\",\"RR\":\"www\",\"Type\":\"A\",\"Value\":\"192.0.2.1\"}");
    }

    @Test
    void isRegisteredAsAnApiProviderWithAlibabasFifteenMinuteWindow() {
        assertThat(provider).isInstanceOf(AlibabaCloud.class);
        assertThat(ProviderPlugin.all()).extracting(Provider::id).contains("alibabacloud");
        assertThat(provider.kind()).isEqualTo(Provider.Kind.API);
        assertThat(provider.signatureWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(provider.publishedRatePerMinute()).isEqualTo(3600);
        assertThat(provider.defaultMaxMessageBytes()).isEqualTo(1_000_000);
    }

    @Test
    void anAlidnsCallHasNoProblems() {
        assertThat(provider.problems(alidns().build())).isEmpty();
        assertThat(provider.problems(alidns().setMethod("GET").setBody(null).build()))
                .isEmpty();
    }

    @Test
    void actionAndVersionAreRequiredAndNamed() {
        ApiCall call = ApiCall.newBuilder().setBody("{}").build();

        assertThat(provider.problems(call))
                .extracting(ContentProblem::field, ContentProblem::missing)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("apiCall.action", true),
                        org.assertj.core.groups.Tuple.tuple("apiCall.version", true));
        assertThat(provider.problems(call).get(1).message()).contains("2015-01-09");
    }

    @Test
    void rpcStyleShapeIsRequired() {
        assertThat(provider.problems(alidns().setPath("/clusters").build()))
                .singleElement()
                .extracting(ContentProblem::field)
                .isEqualTo("apiCall.path");
        assertThat(provider.problems(alidns().setMethod("PUT").build()))
                .singleElement()
                .extracting(ContentProblem::field)
                .isEqualTo("apiCall.method");
        assertThat(provider.problems(alidns().setBody("[1,2]").build()))
                .singleElement()
                .extracting(ContentProblem::field)
                .isEqualTo("apiCall.body");
    }

    @Test
    void bodyThatIsNotJsonIsLeftToTheSharedRule() {
        assertThat(provider.problems(alidns().setBody("{not json").build())).isEmpty();
    }
}
