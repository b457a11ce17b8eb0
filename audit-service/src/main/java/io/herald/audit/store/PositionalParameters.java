package io.herald.audit.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/** Sets a statement's parameters one after another, each with its SQL type (so a null needs no type lookup). */
final class PositionalParameters {

    private final PreparedStatement ps;
    private int next = 1;

    PositionalParameters(PreparedStatement ps) {
        this.ps = ps;
    }

    void text(String value) throws SQLException {
        ps.setString(next++, value);
    }

    void integer(Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(next++, Types.INTEGER);
        } else {
            ps.setInt(next++, value);
        }
    }

    void bigint(Long value) throws SQLException {
        if (value == null) {
            ps.setNull(next++, Types.BIGINT);
        } else {
            ps.setLong(next++, value);
        }
    }

    void time(Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(next++, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(next++, value.atOffset(ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
