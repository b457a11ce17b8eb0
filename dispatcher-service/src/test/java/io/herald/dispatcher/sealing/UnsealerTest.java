package io.herald.dispatcher.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.contract.sealing.CredentialSealer;
import io.herald.dispatcher.Fixtures;
import io.herald.schema.HttpCall;
import io.herald.schema.SignedDelivery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request the dispatcher sends for a sealed one: the real URL and secret headers back in place, nothing else changed. */
class UnsealerTest {

    private final CredentialSealer sealer = new CredentialSealer(Map.of("k1", new byte[32]), "k1");
    private final Unsealer unsealer = new Unsealer(sealer);
    private final SignedDelivery signed = Fixtures.signed(1, Instant.parse("2025-06-01T10:00:05Z"));

    @Test
    void requestWithoutSealedPartsIsSentAsIs() throws Unsealer.UnsealException {
        assertThat(unsealer.open(signed)).isSameAs(signed.getRequest());
    }

    @Test
    void sealedUrlIsOpenedAndEverythingElseKept() throws Unsealer.UnsealException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", "msg_1");
        headers.put("webhook-signature", "v1,abc=");
        SignedDelivery sealed =
                seal(headers, Map.of(CredentialSealer.URL, "https://hooks.example.com/in?key=real-key"));

        HttpCall opened = unsealer.open(sealed);

        assertThat(opened.getUrl()).isEqualTo("https://hooks.example.com/in?key=real-key");
        assertThat(opened.getMethod()).isEqualTo("POST");
        assertThat(List.copyOf(opened.getHeaders().entrySet())).containsExactlyElementsOf(headers.entrySet());
        assertThat(opened.getBody()).isEqualTo(sealed.getRequest().getBody());
        assertThat(opened.getSealed()).isNull();
        assertThat(opened)
                .isEqualTo(HttpCall.newBuilder(sealed.getRequest())
                        .setUrl("https://hooks.example.com/in?key=real-key")
                        .setSealed(null)
                        .build());
    }

    @Test
    void sealedHeaderReplacesItsMaskWhateverTheCaseAndComesLast() throws Unsealer.UnsealException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "***");
        headers.put("Content-Type", "application/json");
        headers.put("X-Date", "Sun, 01 Jun 2025 10:00:05 GMT");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put(CredentialSealer.URL, "https://api.example.com/v1/send");
        secrets.put(CredentialSealer.HEADER_PREFIX + "Authorization", "TC3-HMAC-SHA256 Credential=real");
        SignedDelivery sealed = seal(headers, secrets);

        HttpCall opened = unsealer.open(sealed);

        assertThat(List.copyOf(opened.getHeaders().entrySet()))
                .containsExactly(
                        Map.entry("Content-Type", "application/json"),
                        Map.entry("X-Date", "Sun, 01 Jun 2025 10:00:05 GMT"),
                        Map.entry("Authorization", "TC3-HMAC-SHA256 Credential=real"));
        // the record on Kafka keeps its masked header
        assertThat(sealed.getRequest().getHeaders()).containsEntry("authorization", "***");
    }

    @Test
    void sealedPartWithoutTheUrlKeepsTheMaskedOne() throws Unsealer.UnsealException {
        SignedDelivery sealed = seal(
                Map.of("Authorization", "***"),
                Map.of(CredentialSealer.HEADER_PREFIX + "Authorization", "Bearer real"));

        HttpCall opened = unsealer.open(sealed);

        assertThat(opened.getUrl()).isEqualTo(sealed.getRequest().getUrl());
        assertThat(opened.getHeaders()).containsExactlyEntriesOf(Map.of("Authorization", "Bearer real"));
    }

    @Test
    void sealedRequestWithoutAKeyFailsNamingTheKeyId() {
        SignedDelivery sealed = seal(Map.of(), Map.of(CredentialSealer.URL, "https://hooks.example.com/in"));

        assertThatThrownBy(() -> new Unsealer(null).open(sealed))
                .isInstanceOf(Unsealer.UnsealException.class)
                .hasMessageStartingWith("request sealed with key 'k1', but this dispatcher holds no sealing key");
    }

    private SignedDelivery seal(Map<String, String> maskedHeaders, Map<String, String> secrets) {
        return SignedDelivery.newBuilder(signed)
                .setRequest(HttpCall.newBuilder(signed.getRequest())
                        .setUrl("https://hooks.example.com/in?key=***")
                        .setHeaders(maskedHeaders)
                        .setSealed(sealer.seal(secrets, Unsealer.associatedData(signed)))
                        .build())
                .build();
    }
}
