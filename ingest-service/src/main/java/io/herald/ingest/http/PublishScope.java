package io.herald.ingest.http;

import io.herald.contract.security.Caller;
import io.herald.ingest.intake.FieldViolation;
import io.herald.ingest.intake.IntakeRequest;
import io.herald.ingest.intake.ViolationCode;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The tenant an HTTP request publishes as, taken from its credential and not from the body, and whether the credential
 * may use the request's channel and choose its notification id. A refused request (403, or 400 when a credential of
 * several tenants names none) is answered before anything is validated, published or written to the idempotency ledger.
 * Kafka requests are not decided here: the broker authorizes their publishers (SASL/ACLs on herald.requests).
 */
final class PublishScope {

    static final URI TENANT_NOT_ALLOWED = URI.create("urn:herald:problem:tenant-not-allowed");
    static final URI TENANT_REQUIRED = URI.create("urn:herald:problem:tenant-required");
    static final URI CHANNEL_NOT_ALLOWED = URI.create("urn:herald:problem:channel-not-allowed");
    static final URI NOTIFICATION_ID_NOT_ALLOWED = URI.create("urn:herald:problem:notification-id-not-allowed");

    private PublishScope() {}

    /**
     * {@code request} with the tenant it publishes as.
     *
     * @throws PublishRefusedException when the credential may not publish it (403: tenant, channel or a chosen
     *     notification id) or must name its tenant (400)
     */
    static IntakeRequest bind(Caller caller, IntakeRequest request) {
        String tenant = tenant(caller, request.tenant());
        String channel = request.channel();
        // a missing channel is the validator's 400; a channel outside the credential's list is refused, known or not
        if (channel != null && !caller.mayPublishTo(channel)) {
            throw refused(
                    HttpStatus.FORBIDDEN,
                    CHANNEL_NOT_ALLOWED,
                    "Not allowed on this channel",
                    "credential '" + caller.name() + "' may not publish to channel '"
                            + NotificationController.shown(channel) + "'; it publishes to "
                            + plural("channel", caller.channels()));
        }
        // ids are global (the audit keys a notification by id alone): a tenant's credential choosing one could publish
        // under another tenant's notification and merge its events into that timeline. Decided last, so that a
        // request refused for its tenant or channel is told that first
        if (request.notificationId() != null && !caller.actsForEveryTenant()) {
            throw refused(
                    HttpStatus.FORBIDDEN,
                    NOTIFICATION_ID_NOT_ALLOWED,
                    "Not allowed to choose the notification id",
                    "credential '" + caller.name() + "' may not choose the notification id: ids are shared by every "
                            + "tenant, so only a credential of every tenant (a gateway) may; leave notificationId out "
                            + "(Herald makes one, answered in the 202 and Location) and send an Idempotency-Key to "
                            + "make retries safe");
        }
        return request.withTenant(tenant);
    }

    /**
     * A credential of one tenant publishes as it (another named: 403); of several, as the one the body names (none:
     * 400, another: 403); of every tenant ({@value Caller#ANY_TENANT}, a platform's gateway), as the one named or none.
     */
    private static String tenant(Caller caller, String named) {
        if (caller.actsForEveryTenant()) {
            return named;
        }
        Set<String> tenants = caller.tenants();
        if (tenants.isEmpty()) {
            throw refused(
                    HttpStatus.FORBIDDEN,
                    TENANT_NOT_ALLOWED,
                    "Not allowed for this tenant",
                    "credential '" + caller.name() + "' publishes for no tenant; give it one (herald.security.tokens."
                            + "<name>.tenants, or the JWT's tenants claim)");
        }
        if (named == null) {
            if (tenants.size() == 1) {
                return tenants.iterator().next();
            }
            String message = "credential '" + caller.name() + "' publishes for " + plural("tenant", tenants)
                    + ": name one of them in the body's tenant";
            ProblemDetail problem = problem(
                    HttpStatus.BAD_REQUEST,
                    TENANT_REQUIRED,
                    "Tenant required",
                    "1 field is invalid: tenant; " + message);
            problem.setProperty(
                    "violations",
                    List.of(NotificationController.toMap(
                            new FieldViolation("tenant", ViolationCode.MISSING, message))));
            throw new PublishRefusedException(problem);
        }
        if (!caller.mayActFor(named)) {
            throw refused(
                    HttpStatus.FORBIDDEN,
                    TENANT_NOT_ALLOWED,
                    "Not allowed for this tenant",
                    "credential '" + caller.name() + "' publishes for " + plural("tenant", tenants) + ", not "
                            + NotificationController.shown(named));
        }
        return named;
    }

    /** "tenant acme", "tenants acme, beta". */
    private static String plural(String noun, Set<String> names) {
        return noun + (names.size() == 1 ? " " : "s ") + String.join(", ", new TreeSet<>(names));
    }

    private static PublishRefusedException refused(HttpStatus status, URI type, String title, String detail) {
        return new PublishRefusedException(problem(status, type, title, detail));
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(URI.create(NotificationController.PATH));
        return problem;
    }

    /** The request may not be published with this credential; {@link #problem()} says why. */
    static final class PublishRefusedException extends RuntimeException {

        private final transient ProblemDetail problem;

        PublishRefusedException(ProblemDetail problem) {
            super(problem.getDetail(), null, false, false);
            this.problem = problem;
        }

        ProblemDetail problem() {
            return problem;
        }
    }
}
