package io.herald.dispatcher.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.provider.Provider;
import io.herald.dispatcher.transport.TransportResult;
import io.herald.provider.spi.outcome.Classification;
import io.herald.provider.spi.outcome.ProviderAnswer;
import io.herald.schema.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every provider shares: transport failures and HTTP statuses. */
class DeliveryClassifierTest {

    private static final String TARGET = "oapi.dingtalk.com:443";

    private final DeliveryClassifier classifier = new DeliveryClassifier(ProviderClassifiers.builtIn());

    private Classification status(int status, String body) {
        return classifier.classify(
                Provider.of("dingtalk"),
                new TransportResult.Answered(
                        Instant.EPOCH,
                        Duration.ofMillis(5),
                        new ProviderAnswer(status, "application/json", body.getBytes(StandardCharsets.UTF_8)),
                        null));
    }

    private Classification failure(Throwable cause) {
        return classifier.classify(
                Provider.of("dingtalk"),
                new TransportResult.Failed(Instant.EPOCH, Duration.ofMillis(5), TARGET, cause));
    }

    /** What the JDK client throws when the port is closed (seen on Linux: cause ClosedChannelException). */
    private static ConnectException refused() {
        ConnectException outer = new ConnectException();
        ConnectException inner = new ConnectException();
        inner.initCause(new ClosedChannelException());
        outer.initCause(inner);
        return outer;
    }

    /** What the JDK client throws when the host name does not resolve. */
    private static ConnectException unresolved() {
        ConnectException outer = new ConnectException();
        ConnectException inner = new ConnectException();
        inner.initCause(new UnresolvedAddressException());
        outer.initCause(inner);
        return outer;
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorIsRetryable(int status) {
        Classification result = status(status, "<html>Bad Gateway</html>");

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(result.summary()).isEqualTo("HTTP " + status);
        assertThat(result.error()).isNull();
    }

    @Test
    void tooManyRequestsIsRetryable() {
        assertThat(status(429, "").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @Test
    void requestTimeoutStatusIsRetryable() {
        assertThat(status(408, "").outcome()).isEqualTo(Outcome.RETRYABLE);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 413})
    void clientErrorIsPermanent(int status) {
        Classification result = status(status, "{\"errcode\":0}");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("HTTP " + status);
    }

    @Test
    void redirectIsPermanentBecauseItIsNeverFollowed() {
        Classification result = status(302, "");

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.summary()).isEqualTo("HTTP 302: redirects are not followed");
    }

    @Test
    void successfulStatusIsJudgedByTheProviderBody() {
        assertThat(status(200, "{\"errcode\":0,\"errmsg\":\"ok\"}").outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(status(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")
                        .outcome())
                .isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void connectionRefusedIsRetryable() {
        Classification result = failure(refused());

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("connection refused by oapi.dingtalk.com:443");
        assertThat(result.httpStatus()).isNull();
    }

    @Test
    void connectionRefusedWithMessageIsRetryable() {
        assertThat(failure(new ConnectException("Connection refused")).error())
                .isEqualTo("connection refused by oapi.dingtalk.com:443");
    }

    @Test
    void dnsFailureIsRetryable() {
        Classification result = failure(unresolved());

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("DNS lookup failed for oapi.dingtalk.com");
    }

    @Test
    void connectTimeoutIsRetryable() {
        Classification result = failure(new HttpConnectTimeoutException("HTTP connect timed out"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("connect timeout to oapi.dingtalk.com:443");
    }

    @Test
    void requestTimeoutIsRetryable() {
        Classification result = failure(new HttpTimeoutException("request timed out"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).isEqualTo("request timeout: no answer from oapi.dingtalk.com:443");
    }

    @Test
    void connectionResetIsRetryable() {
        Classification result = failure(new IOException("x", new SocketException("Connection reset")));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error()).startsWith("connection reset: oapi.dingtalk.com:443 closed the connection");
        assertThat(failure(new IOException("HTTP/1.1 header parser received no bytes"))
                        .error())
                .isEqualTo(result.error());
    }

    @Test
    void tlsHandshakeFailureIsRetryable() {
        Classification result = failure(new SSLHandshakeException("Received fatal alert: handshake_failure"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error())
                .isEqualTo("TLS handshake with oapi.dingtalk.com:443 failed: Received fatal alert: handshake_failure");
    }

    @Test
    void otherIoErrorIsRetryable() {
        Classification result = failure(new IOException("stream was weird"));

        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(result.error())
                .isEqualTo("I/O error talking to oapi.dingtalk.com:443: IOException stream was weird");
    }

    @Test
    void eachTransportFailureHasItsOwnText() {
        List<String> errors = Stream.of(
                        refused(),
                        unresolved(),
                        new HttpConnectTimeoutException("t"),
                        new HttpTimeoutException("t"),
                        new IOException("Connection reset"),
                        new SSLHandshakeException("h"))
                .map(e -> failure(e).error())
                .toList();

        assertThat(errors).doesNotHaveDuplicates();
    }

    @Test
    void unusableRequestIsPermanent() {
        Classification result = failure(new IllegalArgumentException("invalid URI scheme ftp"));

        assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(result.error()).isEqualTo("invalid request: IllegalArgumentException invalid URI scheme ftp");
    }

    @Test
    void errorTextNeverCarriesCredentials() {
        Classification result = failure(new IOException(
                "failed POST https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=s3cr3t"));

        assertThat(result.error()).doesNotContain("abc123", "s3cr3t").contains("access_token=***", "sign=***");
        assertThat(result.summary()).doesNotContain("abc123", "s3cr3t");
    }

    @Test
    void providerWithoutClassifierIsNamedInTheFailure() {
        DeliveryClassifier dingTalkOnly = new DeliveryClassifier(
                new ProviderClassifiers(java.util.List.of(new io.herald.provider.dingtalk.DingTalkClassifier())));

        assertThatThrownBy(() -> dingTalkOnly.classify(
                        Provider.of("feishu"),
                        new TransportResult.Answered(
                                Instant.EPOCH, Duration.ZERO, new ProviderAnswer(200, null, new byte[0]), null)))
                .hasMessage("no outcome classifier for provider 'feishu'; supported: dingtalk");
    }

    private Classification status(Provider provider) {
        return classifier.classify(
                provider,
                new TransportResult.Answered(
                        Instant.EPOCH, Duration.ZERO, new ProviderAnswer(200, null, new byte[0]), null));
    }
}
