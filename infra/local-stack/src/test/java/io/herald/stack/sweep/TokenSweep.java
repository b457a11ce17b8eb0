package io.herald.stack.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chaos suite's secrets sweep, for the other end-to-end tests: every file a stopped stack wrote (the broker's log
 * segments, the stack's logs, PostgreSQL's data directory) searched for each token as configured.
 */
public final class TokenSweep {

    private TokenSweep() {}

    /**
     * What the sweep found in {@code workDir} (a stopped stack's work directory), one line per hit, unreadable file or
     * empty place (which would prove nothing); empty when no token appears anywhere. Lines name the token, never its
     * value.
     */
    public static List<String> findings(Path workDir, Map<String, String> tokensByName) {
        List<SecretSweep.Secret> secrets = new ArrayList<>();
        tokensByName.forEach((name, value) -> secrets.add(SecretSweep.Secret.text(name + " token", value)));
        SecretSweep.Result result = new SecretSweep(secrets).sweep(SecretSweep.stackPlaces(workDir));
        List<String> findings = new ArrayList<>();
        for (SecretSweep.PlaceResult place : result.places()) {
            place.hits()
                    .forEach(hit -> findings.add(place.place() + ": " + hit.secret() + " (" + hit.form() + ") "
                            + hit.count() + "x in " + hit.file()));
            place.errors().forEach(error -> findings.add(place.place() + ": " + error));
            if (place.bytes() == 0) {
                findings.add(place.place() + ": nothing to sweep in " + place.root());
            }
        }
        return findings;
    }
}
