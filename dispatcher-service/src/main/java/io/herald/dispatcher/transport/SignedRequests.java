package io.herald.dispatcher.transport;

import io.herald.schema.HttpCall;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/** The Apache HttpClient request for a signed call: its method, headers and body bytes as the signer built them. */
final class SignedRequests {

    /**
     * Headers the client sets itself from the URL and the body; taking them from the signed request as well
     * would send them twice (or refuse the request), and leaving them out changes nothing the provider sees.
     */
    private static final Set<String> CLIENT_MANAGED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    /** Methods sent without a body when the signed body is empty; any other gets {@code Content-Length: 0}. */
    private static final Set<String> BODILESS_METHODS = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");

    private SignedRequests() {}

    static HttpUriRequestBase request(URI uri, HttpCall call) {
        byte[] body = bytes(call.getBody());
        HttpUriRequestBase request = new HttpUriRequestBase(call.getMethod(), uri);
        if (body.length > 0 || !BODILESS_METHODS.contains(call.getMethod().toUpperCase(Locale.ROOT))) {
            // no content type here: the signed request's own Content-Type header is the one sent
            request.setEntity(new ByteArrayEntity(body, null));
        }
        for (Map.Entry<String, String> header : call.getHeaders().entrySet()) {
            if (!CLIENT_MANAGED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                request.addHeader(header.getKey(), header.getValue());
            }
        }
        return request;
    }

    /**
     * The body's bytes: the buffer's own array when the buffer spans all of it (as Avro decodes a {@code bytes}
     * field), so the body is not copied for every send; otherwise a copy. Nothing writes to either.
     */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return new byte[0];
        }
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
