package io.herald.cli;

/** A Herald service the CLI talks to: its URL flag, the environment variable that sets it, and the local default. */
public enum Service {
    INGEST("ingest", "--ingest-url", "HERALD_INGEST_URL", "http://127.0.0.1:8080"),
    AUDIT("audit", "--audit-url", "HERALD_AUDIT_URL", "http://127.0.0.1:8084"),
    SIGNER("signer", "--signer-management-url", "HERALD_SIGNER_MANAGEMENT_URL", "http://127.0.0.1:9082");

    private final String label;
    private final String flag;
    private final String variable;
    private final String localDefault;

    Service(String label, String flag, String variable, String localDefault) {
        this.label = label;
        this.flag = flag;
        this.variable = variable;
        this.localDefault = localDefault;
    }

    public String label() {
        return label;
    }

    public String flag() {
        return flag;
    }

    public String variable() {
        return variable;
    }

    public String localDefault() {
        return localDefault;
    }
}
