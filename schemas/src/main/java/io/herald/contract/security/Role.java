package io.herald.contract.security;

/** What a credential may do; OPERATOR includes READ. */
public enum Role {
    /** publish notifications (ingest) */
    PUBLISH,
    /** read notifications, searches, counts and dead letters (audit) */
    READ,
    /** read, replay dead letters, preview signatures, and every actuator endpoint but health */
    OPERATOR,
    /** a Herald service calling another (the dispatcher asking the signer to re-sign) */
    SERVICE;

    String authority() {
        return "ROLE_" + name();
    }
}
