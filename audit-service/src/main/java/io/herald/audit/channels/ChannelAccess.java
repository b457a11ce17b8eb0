package io.herald.audit.channels;

import io.herald.contract.security.Caller;
import org.springframework.http.HttpStatus;

/**
 * Decision 3 of issue 20 for one caller: it sees its tenants' channels and the shared ones (no tenant), changes its
 * tenants' channels, and changes shared ones only when it acts for every tenant. Another tenant's channel is answered
 * 404, as if it did not exist (as the audit's notification API does); a shared channel it may see but not change, 403.
 */
final class ChannelAccess {

    private ChannelAccess() {}

    static boolean visible(Caller caller, ChannelVersion channel) {
        return channel.tenant() == null || caller.mayActFor(channel.tenant());
    }

    /** Checks the caller may change this channel (404 when it may not even see it, 403 for a shared one). */
    static void checkChange(Caller caller, ChannelVersion channel) {
        if (!visible(caller, channel)) {
            throw ChannelProblem.notFound(channel.name());
        }
        if (channel.tenant() == null && !caller.actsForEveryTenant()) {
            throw ChannelProblem.of(
                    HttpStatus.FORBIDDEN,
                    "Shared channel",
                    "channel '" + channel.name() + "' is shared by every tenant: only a caller acting for every tenant"
                            + " changes it (you act for " + caller.describeTenants() + ")");
        }
    }

    /**
     * The tenant a new or replaced channel gets: the one given (checked), else {@code current} when replacing, else
     * the caller's only tenant, or none (shared) for a caller of every tenant.
     */
    static String tenant(Caller caller, ChannelRequest request, ChannelVersion current) {
        if (!request.tenantGiven()) {
            if (current != null && !current.deleted()) {
                return current.tenant();
            }
            if (caller.actsForEveryTenant()) {
                return null;
            }
            if (caller.tenants().size() == 1) {
                return caller.tenants().iterator().next();
            }
            throw ChannelProblem.invalid(
                    "tenant", "required: you act for " + caller.describeTenants() + ", name the one that owns it");
        }
        String tenant = request.tenant();
        if (tenant == null ? !caller.actsForEveryTenant() : !caller.mayActFor(tenant)) {
            throw ChannelProblem.forbidden(
                    "tenant",
                    (tenant == null
                                    ? "a shared channel (tenant null) is made only by a caller acting for every"
                                            + " tenant"
                                    : "'" + tenant + "' is not one of your tenants")
                            + " (you act for " + caller.describeTenants() + ")");
        }
        return tenant;
    }
}
