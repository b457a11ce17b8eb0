package io.herald.contract.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 as {@code application/problem+json} saying what is missing, never echoing the credential. */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean presented = request.getHeader("Authorization") != null;
        response.setHeader(
                "WWW-Authenticate",
                presented ? "Bearer realm=\"herald\", error=\"invalid_token\"" : "Bearer realm=\"herald\"");
        String detail = presented
                ? "The credential was not accepted: " + reason(failure) + "."
                : "This endpoint needs a credential: send 'Authorization: Bearer <token>'.";
        write(response, 401, "Unauthorized", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        String who = authentication == null ? "the caller" : "credential '" + authentication.getName() + "'";
        String roles = authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? (caller.roles().isEmpty() ? "no roles" : "roles " + caller.roles())
                : "no roles";
        write(
                response,
                403,
                "Forbidden",
                "Not allowed for " + who + " (" + roles + "): " + request.getMethod() + " " + request.getRequestURI()
                        + " needs another role.");
    }

    private static String reason(AuthenticationException failure) {
        if (failure instanceof InvalidBearerTokenException && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return "malformed or unknown bearer token";
    }

    static void write(HttpServletResponse response, int status, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
