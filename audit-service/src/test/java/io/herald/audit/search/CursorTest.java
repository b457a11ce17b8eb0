package io.herald.audit.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void cursorSurvivesTheRoundTripWithMicroseconds() {
        Cursor cursor = new Cursor(Instant.parse("2025-03-01T08:00:00.123456Z"), "n-1|with|bars");

        assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void foreignTextIsNotACursor() {
        assertThatThrownBy(() -> Cursor.decode("not a cursor!"))
                .isInstanceOf(InvalidSearchException.class)
                .extracting(e -> ((InvalidSearchException) e).parameter())
                .isEqualTo("cursor");
        assertThatThrownBy(() -> Cursor.decode("bm9wZQ")).isInstanceOf(InvalidSearchException.class);
    }
}
