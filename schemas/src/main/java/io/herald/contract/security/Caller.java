package io.herald.contract.security;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who made a request, as its credential (a configured token or a JWT) says.
 *
 * @param name the credential's name (a token's configured name, a JWT's subject): recorded as who did something
 * @param roles what it may do
 * @param tenants the tenants it may act for; {@value #ANY_TENANT} for all of them
 * @param channels the channels it may publish to; empty for all of them
 */
public record Caller(String name, Set<Role> roles, Set<String> tenants, Set<String> channels) {

    /** In {@code tenants}: every tenant, and notifications without one. */
    public static final String ANY_TENANT = "*";

    public Caller {
        roles = Set.copyOf(roles);
        tenants = Set.copyOf(tenants);
        channels = Set.copyOf(channels);
    }

    public boolean has(Role role) {
        return roles.contains(role) || (role == Role.READ && roles.contains(Role.OPERATOR));
    }

    public boolean actsForEveryTenant() {
        return tenants.contains(ANY_TENANT);
    }

    /** True when it may see or act on a notification of this tenant (null: a notification without tenant). */
    public boolean mayActFor(String tenant) {
        return actsForEveryTenant() || (tenant != null && tenants.contains(tenant));
    }

    public boolean mayPublishTo(String channel) {
        return channels.isEmpty() || channels.contains(channel);
    }

    /** Its tenants, sorted, for messages. */
    public String describeTenants() {
        return actsForEveryTenant() ? "every tenant" : String.join(", ", new TreeSet<>(tenants));
    }
}
