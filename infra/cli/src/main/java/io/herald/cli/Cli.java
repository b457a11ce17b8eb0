package io.herald.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every command shares: the environment it reads URLs and tokens from, where it writes, the clock, the HTTP
 * client and standard input. Tests build one with their own environment and writers; {@link HeraldCli#main} uses the process's.
 */
public record Cli(
        Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock, HttpClient http, InputStream in) {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static Cli of(Map<String, String> env, PrintWriter out, PrintWriter err) {
        return new Cli(
                Map.copyOf(env),
                out,
                err,
                Clock.systemUTC(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                System.in);
    }

    /** The same, reading standard input from {@code in} (a secret piped to {@code herald channel add-secret}). */
    public Cli withInput(InputStream in) {
        return new Cli(env, out, err, clock, http, in);
    }

    /** The variable's value, or null when unset or blank. */
    public String variable(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The credential to present: the {@code --token} flag, else the first set variable. Never printed; when none is
     * given the message names the variables and the flag.
     */
    public String token(String flag, String... variables) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        for (String variable : variables) {
            String value = variable(variable);
            if (value != null) {
                return value;
            }
        }
        throw CliException.usage("no credential: set " + String.join(" or ", variables)
                + " (./herald up writes them to .herald/tokens.properties) or pass --token");
    }

    /** Like {@link #token} but null when none is set (for doors that are open without one). */
    public String optionalToken(String flag, String... variables) {
        try {
            return token(flag, variables);
        } catch (CliException e) {
            return null;
        }
    }
}
