package io.herald.signer.signing;

import java.util.List;

/** The channel catalog has channels this signer cannot sign; thrown at start-up. Messages hold no secrets. */
class UnsignableCatalogException extends RuntimeException {

    private final List<String> problems;

    public UnsignableCatalogException(List<String> problems) {
        super("Channel catalog cannot be signed: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
