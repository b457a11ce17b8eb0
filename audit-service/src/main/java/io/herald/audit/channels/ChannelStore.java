package io.herald.audit.channels;

import io.herald.contract.channel.Channel;
import io.herald.schema.ChannelOrigin;
import io.herald.schema.ChannelState;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code audit.channel_version}: every version of every channel. A name's current definition is its
 * highest version. {@link #insert} fails with a {@link org.springframework.dao.DuplicateKeyException} when that version
 * of the name exists (a concurrent change got there first): the optimistic lock.
 */
@Repository
class ChannelStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS =
            "name, version, tenant, state, origin, action, definition::text AS definition, sealed::text AS sealed,"
                    + " changed_by, changed_at, changed_fields";

    private final NamedParameterJdbcTemplate jdbc;
    private final RowMapper<ChannelVersion> rows = this::row;

    ChannelStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sealed part of a secret, as the {@code sealed} column keeps it. */
    record Sealed(String keyId, String nonce, String ciphertext) {}

    Optional<ChannelVersion> current(String name) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM audit.channel_version WHERE name = :name"
                                + " ORDER BY version DESC LIMIT 1",
                        new MapSqlParameterSource("name", name),
                        rows)
                .stream()
                .findFirst();
    }

    /** The current version of every name, deleted ones included, by name. */
    List<ChannelVersion> currentAll() {
        return jdbc.query(
                "SELECT DISTINCT ON (name) " + COLUMNS + " FROM audit.channel_version ORDER BY name, version DESC",
                rows);
    }

    /** Every version of a name, oldest first. */
    List<ChannelVersion> history(String name) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit.channel_version WHERE name = :name ORDER BY version",
                new MapSqlParameterSource("name", name),
                rows);
    }

    void insert(ChannelVersion version) {
        Map<String, Map<String, Sealed>> sealed = new LinkedHashMap<>();
        version.secrets().forEach((credential, list) -> {
            Map<String, Sealed> byId = new LinkedHashMap<>();
            list.forEach(s -> byId.put(s.id(), new Sealed(s.keyId(), s.nonce(), s.ciphertext())));
            sealed.put(credential, byId);
        });
        jdbc.update(
                """
                INSERT INTO audit.channel_version
                    (name, version, tenant, state, origin, action, definition, sealed, changed_by, changed_at,
                     changed_fields)
                VALUES (:name, :version, :tenant, :state, :origin, :action, CAST(:definition AS jsonb),
                        CAST(:sealed AS jsonb), :changedBy, :changedAt, string_to_array(:fields, ','))
                """,
                new MapSqlParameterSource()
                        .addValue("name", version.name())
                        .addValue("version", version.version())
                        .addValue("tenant", version.tenant())
                        .addValue("state", version.state().name())
                        .addValue("origin", version.origin().name())
                        .addValue("action", version.action().name())
                        .addValue("definition", JSON.writeValueAsString(ChannelView.of(version)))
                        .addValue("sealed", JSON.writeValueAsString(sealed))
                        .addValue("changedBy", version.changedBy())
                        .addValue("changedAt", version.changedAt().atOffset(ZoneOffset.UTC))
                        .addValue("fields", String.join(",", version.changedFields())));
    }

    private ChannelVersion row(ResultSet rs, int rowNumber) throws SQLException {
        ChannelView view = JSON.readValue(rs.getString("definition"), ChannelView.class);
        Map<String, Map<String, Sealed>> sealed =
                JSON.readValue(rs.getString("sealed"), new TypeReference<Map<String, Map<String, Sealed>>>() {});
        Map<String, List<SealedSecret>> secrets = new LinkedHashMap<>();
        view.secrets().forEach((credential, list) -> {
            List<SealedSecret> rebuilt = new ArrayList<>();
            for (ChannelView.SecretView secret : list) {
                Sealed parts = sealed.getOrDefault(credential, Map.of()).get(secret.id());
                if (parts != null) {
                    rebuilt.add(new SealedSecret(
                            secret.id(),
                            parts.keyId(),
                            parts.nonce(),
                            parts.ciphertext(),
                            secret.addedBy(),
                            secret.addedAt()));
                }
            }
            secrets.put(credential, rebuilt);
        });
        Channel channel = new Channel(
                view.provider(),
                URI.create(view.endpoint()),
                view.credentials() == null ? Map.of() : view.credentials(),
                view.maxMessageBytes(),
                view.ratePerMinute(),
                view.maxAttempts(),
                view.maxAge() == null ? null : Duration.parse(view.maxAge()),
                view.fallbacks() == null ? List.of() : view.fallbacks(), // versions stored before routes have none
                view.fallbackAfterOpen() == null ? null : Duration.parse(view.fallbackAfterOpen()),
                // versions stored before ordered channels have none of these: no order, release
                view.ordering() == null ? null : OrderingSpelling.ordering(view.ordering()),
                view.onDeadLetter() == null ? null : OrderingSpelling.onDeadLetter(view.onDeadLetter()),
                view.orderResumedAt());
        String[] fields = (String[]) rs.getArray("changed_fields").getArray();
        return new ChannelVersion(
                rs.getString("name"),
                rs.getLong("version"),
                rs.getString("tenant"),
                ChannelState.valueOf(rs.getString("state")),
                ChannelOrigin.valueOf(rs.getString("origin")),
                ChannelAction.valueOf(rs.getString("action")),
                channel,
                secrets,
                rs.getString("changed_by"),
                rs.getObject("changed_at", java.time.OffsetDateTime.class).toInstant(),
                List.of(fields));
    }
}
