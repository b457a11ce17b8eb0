package io.herald.audit.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the API ({@code /v1/*}): a request needs {@code Authorization: Bearer <token>} naming a configured token, else
 * 401; replay ({@code /v1/replays}) needs an OPERATOR token, else 403. Both answers are problem JSON and the request goes
 * no further, so a refused call changes nothing. The OpenAPI document, the web page and health stay open (they hold no
 * data).
 */
public final class TokenFilter extends OncePerRequestFilter {

    static final String OPEN_PATH = "/v1/openapi.yaml";
    static final String REPLAY_PATH = "/v1/replays";

    private final TokenAuthenticator authenticator;

    public TokenFilter(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v1/") || path.equals(OPEN_PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = authenticator.authenticate(bearer(request.getHeader("Authorization")));
        if (caller.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"herald-audit\"");
            problem(response, 401, "Unauthorized",
                    "This API needs a valid token: send 'Authorization: Bearer <token>'.");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(REPLAY_PATH) && !caller.get().mayReplay()) {
            problem(response, 403, "Forbidden",
                    "Token '" + caller.get().name() + "' may read but not replay; replay needs an OPERATOR token.");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private static void problem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // title and detail are fixed texts plus a configured token name: no quoting of request data
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
