package io.herald.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredTextTest {

    @Test
    void nulCharactersAreDropped() {
        assertThat(AuditStore.text("bad\0answer")).isEqualTo("badanswer");
    }

    @Test
    void longTextIsCutToTheColumnLimit() {
        String stored = AuditStore.text("x".repeat(AuditStore.MAX_TEXT * 2));

        assertThat(stored).hasSize(AuditStore.MAX_TEXT).endsWith("…");
    }

    @Test
    void ordinaryTextIsKeptAsIs() {
        assertThat(AuditStore.text("sign not match")).isEqualTo("sign not match");
        assertThat(AuditStore.text(null)).isNull();
    }
}
