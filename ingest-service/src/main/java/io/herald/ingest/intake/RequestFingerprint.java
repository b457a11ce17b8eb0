package io.herald.ingest.intake;

import io.herald.schema.ApiCall;
import io.herald.schema.ChatMessage;
import io.herald.schema.Mentions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of a request's canonical form, kept with its idempotency key so that a later request with the same key is
 * known to be a retry (answered with the original id) or a different request (a conflict), as the IETF Idempotency-Key
 * draft asks. The form is what the request asks for, however it came in or was spelt (defaults applied, attributes
 * sorted); the key, the way in, {@code requestedAt} and the Kafka position are left out: a retry may change them.
 * Each value is written with its length (null told apart from empty), so no two different requests share a form.
 */
public final class RequestFingerprint {

    /** Bumped if the canonical form ever changes, so old fingerprints never match new ones by accident. */
    private static final String VERSION = "herald-request-v1";

    private RequestFingerprint() {}

    /** 64 hex characters. */
    public static String of(IntakeRequest request) {
        Canonical form = new Canonical();
        form.string(VERSION);
        form.string(request.channel());
        form.string(request.notificationId());
        form.string(request.tenant());
        Map<String, String> attributes = new TreeMap<>(request.attributes());
        form.count(attributes.size());
        attributes.forEach((name, value) -> {
            form.string(name);
            form.string(value);
        });
        switch (request.content()) {
            case ChatMessage message -> {
                form.string("message");
                form.string(
                        message.getFormat() == null ? null : message.getFormat().name());
                form.string(message.getTitle());
                form.string(message.getText());
                Mentions mentions = message.getMentions();
                form.strings(mentions == null ? null : mentions.getMobiles());
                form.strings(mentions == null ? null : mentions.getUserIds());
                form.string(mentions == null ? null : String.valueOf(mentions.getAll()));
            }
            case ApiCall call -> {
                form.string("apiCall");
                form.string(call.getAction());
                form.string(call.getVersion());
                form.string(call.getRegion());
                form.string(call.getMethod());
                form.string(call.getPath());
                form.string(call.getBody());
            }
            case null -> form.string("none");
            default -> form.string(request.content().getClass().getSimpleName());
        }
        return HexFormat.of().formatHex(form.digest.digest());
    }

    private static final class Canonical {

        final MessageDigest digest;

        Canonical() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        void count(int n) {
            digest.update((byte) (n >>> 24));
            digest.update((byte) (n >>> 16));
            digest.update((byte) (n >>> 8));
            digest.update((byte) n);
        }

        /** null: 0; a value: 1, its length in UTF-16 units, its units (lossless, even for a lone surrogate). */
        void string(CharSequence value) {
            if (value == null) {
                digest.update((byte) 0);
                return;
            }
            digest.update((byte) 1);
            count(value.length());
            byte[] units = new byte[value.length() * 2];
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                units[2 * i] = (byte) (c >>> 8);
                units[2 * i + 1] = (byte) c;
            }
            digest.update(units);
        }

        void strings(List<? extends CharSequence> values) {
            if (values == null) {
                digest.update((byte) 0);
                return;
            }
            digest.update((byte) 1);
            count(values.size());
            values.forEach(this::string);
        }
    }
}
