package io.herald.audit.store;

import io.herald.audit.store.EventRecord.Violation;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code violations} column of {@code audit.event}: a rejection's violations as a JSON array, both ways. */
final class ViolationsJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Violation>> VIOLATIONS = new TypeReference<>() {};

    private ViolationsJson() {}

    /** Each text cut to what a column keeps ({@link AuditStore#text}). */
    static String write(List<Violation> violations) {
        if (violations == null) {
            return null;
        }
        return JSON.writeValueAsString(violations.stream()
                .map(v -> new Violation(
                        AuditStore.text(v.field()), AuditStore.text(v.code()), AuditStore.text(v.message())))
                .toList());
    }

    static List<Violation> read(String json) {
        return json == null ? null : JSON.readValue(json, VIOLATIONS);
    }
}
