package io.herald.audit.channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a {@link ChannelProblem} as {@code application/problem+json}; invalid properties are listed in
 * {@code problems} as {@code {property, message}}.
 */
@RestControllerAdvice(assignableTypes = ChannelController.class)
class ChannelProblems {

    @ExceptionHandler(ChannelProblem.class)
    ProblemDetail problem(ChannelProblem e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        if (!e.problems().isEmpty()) {
            List<Map<String, String>> items =
                    e.problems().stream().map(ChannelProblems::item).toList();
            problem.setProperty("problems", items);
            if (items.size() == 1) {
                problem.setProperty("parameter", items.getFirst().get("property"));
            }
        }
        return problem;
    }

    /** {@code "endpoint: an absolute http(s) URL is required"} as {@code {property, message}}. */
    private static Map<String, String> item(String problem) {
        int colon = problem.indexOf(": ");
        Map<String, String> item = new LinkedHashMap<>();
        item.put("property", colon < 0 ? "" : problem.substring(0, colon));
        item.put("message", colon < 0 ? problem : problem.substring(colon + 2));
        return item;
    }
}
