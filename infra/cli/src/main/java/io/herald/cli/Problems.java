package io.herald.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Puts an error answer ({@code application/problem+json}, or anything else) into words: who refused, the status,
 * the detail, then one line per invalid field, and a hint for credentials.
 */
public final class Problems {

    private Problems() {}

    public static String describe(Service service, int status, String body) {
        JsonNode problem = null;
        try {
            problem = Api.parse(body);
        } catch (CliException e) {
            // not JSON: shown as text below
        }
        List<String> lines = new ArrayList<>();
        String title = problem == null ? "" : problem.path("title").asString("");
        String detail = problem == null ? "" : problem.path("detail").asString("");
        StringBuilder first = new StringBuilder(service.label() + " answered " + status);
        if (!title.isBlank()) {
            first.append(" ").append(title);
        }
        if (!detail.isBlank()) {
            first.append(": ").append(detail);
        } else if (problem == null && body != null && !body.isBlank()) {
            first.append(": ").append(body.length() > 200 ? body.substring(0, 200) + "…" : body.strip());
        }
        lines.add(first.toString());
        if (problem != null) {
            for (JsonNode violation : problem.path("violations")) {
                String code = violation.path("code").asString("");
                lines.add("  " + violation.path("field").asString("?") + ": "
                        + violation.path("message").asString("") + (code.isBlank() ? "" : " (" + code + ")"));
            }
            String parameter = problem.path("parameter").asString("");
            if (!parameter.isBlank()) {
                lines.add("  parameter: " + parameter);
            }
        }
        if (status == 401) {
            lines.add("  the credential was missing, wrong or expired: check the token variable or --token");
        } else if (status == 403) {
            lines.add("  the credential may not do this (role or tenant): see README, Tokens of the local stack");
        }
        return String.join(System.lineSeparator(), lines);
    }
}
