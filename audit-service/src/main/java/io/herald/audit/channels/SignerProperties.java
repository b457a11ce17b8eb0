package io.herald.audit.channels;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where secrets submitted through the channel API are sealed: the signer, the only holder of the channel-secrets key.
 *
 * @param signerUrl base URL of the signer; secrets go to {@code POST {signer-url}/internal/v1/channel-secrets}
 * @param signerToken a SERVICE token of the signer, {@code env:VARIABLE} or {@code file:/path}, read at every call
 * @param signerTimeout longest wait for the signer to connect and answer
 */
@Validated
@ConfigurationProperties("herald.audit")
record SignerProperties(
        @DefaultValue("http://127.0.0.1:8082") @NotNull URI signerUrl,
        String signerToken,
        @DefaultValue("5s") @NotNull Duration signerTimeout) {}
