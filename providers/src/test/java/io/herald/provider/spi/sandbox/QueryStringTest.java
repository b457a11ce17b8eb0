package io.herald.provider.spi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesLikeAFormDecodingServer() {
        assertThat(QueryString.firstValues("sign=ab%2Bc%2Fd%3D&plus=a+b&raw=a/b"))
                .containsEntry("sign", "ab+c/d=")
                .containsEntry("plus", "a b")
                .containsEntry("raw", "a/b");
    }

    @Test
    void firstOccurrenceOfARepeatedParameterWins() {
        assertThat(QueryString.firstValues("timestamp=1&sign=old&timestamp=2&sign=new"))
                .containsEntry("timestamp", "1")
                .containsEntry("sign", "old");
    }

    @Test
    void malformedEscapesAreKeptRaw() {
        assertThat(QueryString.firstValues("sign=%zz")).containsEntry("sign", "%zz");
    }

    @Test
    void emptyAndValuelessParameters() {
        assertThat(QueryString.firstValues(null)).isEmpty();
        assertThat(QueryString.firstValues("a&b=&&c=1"))
                .containsEntry("a", "")
                .containsEntry("b", "")
                .containsEntry("c", "1");
    }
}
