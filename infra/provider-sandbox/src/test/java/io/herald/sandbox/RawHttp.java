package io.herald.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends an exact HTTP/1.1 request over a socket, for tests that must control headers java.net.http refuses to set
 * (e.g. {@code Host}, to replay a provider's published signing example byte for byte).
 */
public final class RawHttp {

    /** Status code and body of a response. */
    public record Response(int status, String head, String body) {}

    private RawHttp() {}

    /** {@code head} is the request line and headers without the blank line; Content-Length and Connection are added. */
    public static Response send(int port, String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            String fullHead = head + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(fullHead.getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String responseHead = response.substring(0, split);
            int status = Integer.parseInt(responseHead.split(" ")[1]);
            return new Response(status, responseHead, response.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
