package io.herald.audit.store;

import io.herald.contract.security.Caller;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The notifications a caller may see: those of its tenants, or all of them (including those without a tenant) for a
 * caller of every tenant ({@link Caller#ANY_TENANT}). Applied as a condition of the SQL that reads them, so pages,
 * cursors and counts only ever hold what the caller may see.
 *
 * @param tenants the tenants it may see; null for every tenant
 */
public record TenantScope(Set<String> tenants) {

    /** Every notification: for a caller of every tenant, and for the service's own work. */
    public static final TenantScope EVERY_TENANT = new TenantScope(null);

    public TenantScope {
        tenants = tenants == null ? null : Set.copyOf(tenants);
    }

    public static TenantScope of(Caller caller) {
        return caller.actsForEveryTenant() ? EVERY_TENANT : new TenantScope(caller.tenants());
    }

    public static TenantScope only(String... tenants) {
        return new TenantScope(Set.of(tenants));
    }

    /**
     * The SQL condition limiting {@code column} (the notification's tenant) to this scope, with its parameter added to
     * {@code params}; null when it limits nothing. A NULL tenant never matches a list, so notifications without a
     * tenant stay with the callers of every tenant; no tenant at all matches nothing.
     */
    public String condition(String column, MapSqlParameterSource params) {
        if (tenants == null) {
            return null;
        }
        if (tenants.isEmpty()) {
            return "FALSE";
        }
        params.addValue("scopeTenants", new TreeSet<>(tenants));
        return column + " IN (:scopeTenants)";
    }
}
