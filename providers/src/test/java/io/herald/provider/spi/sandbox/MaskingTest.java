package io.herald.provider.spi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void maskKeepsTwoCharactersOnEachSide() {
        assertThat(Masking.mask("abcdefgh")).isEqualTo("ab…gh");
        assertThat(Masking.mask("abcde")).isEqualTo("ab…de");
    }

    @Test
    void shortValuesAreHiddenEntirely() {
        assertThat(Masking.mask("abcd")).isEqualTo("…");
        assertThat(Masking.mask("")).isEqualTo("…");
        assertThat(Masking.mask(null)).isNull();
    }

    @Test
    void recordedQueryMasksTheTokenAndKeepsTheSignAsReceived() {
        assertThat(Masking.maskQuery("access_token=0123456789&timestamp=1700000000000&sign=p6g%2B%3D"))
                .isEqualTo("access_token=01…89&timestamp=1700000000000&sign=p6g%2B%3D");
    }

    @Test
    void loggedQueryMasksTheSignToo() {
        assertThat(Masking.maskQueryForLog("access_token=0123456789&timestamp=1700000000000&sign=p6gHcSdi%2B%3D"))
                .isEqualTo("access_token=01…89&timestamp=1700000000000&sign=p6…+=");
    }

    @Test
    void queryWithoutValueOrTokenIsKept() {
        assertThat(Masking.maskQuery("debug&x=1")).isEqualTo("debug&x=1");
        assertThat(Masking.maskQuery(null)).isNull();
    }
}
