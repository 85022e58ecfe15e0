package org.ucsgateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket to 127.0.0.1, for requests that HTTP client libraries refuse to
 * send: conflicting framing headers, bodies cut off mid-way, bodies sent slowly.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects to the port on 127.0.0.1; reads time out after {@code readTimeoutMs}. */
    public static RawHttp connect(int port, int readTimeoutMs) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        socket.setSoTimeout(readTimeoutMs);
        return new RawHttp(socket);
    }

    /** Returns the request head for a POST with Basic credentials of the test agent and the given extra lines. */
    public static String head(String path, String... lines) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        head.append("Authorization: ").append(TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD)).append("\r\n");
        head.append("Content-Type: application/json\r\n");
        for (String line : lines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Writes bytes; returns false when the server already closed the connection. */
    public boolean send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the sending side, as a client that stops in the middle of a body does. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /**
     * Reads until the server closes the connection or the read timeout passes, and returns what
     * arrived, empty when nothing did.
     */
    public String readUntilClosed() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        InputStream in = socket.getInputStream();
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // Whatever arrived before the timeout is returned.
        } catch (IOException e) {
            // A connection reset after the response still leaves the response.
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Returns the status code of a raw HTTP/1.1 response, or -1 when there is none. */
    public static int status(String answer) {
        if (!answer.startsWith("HTTP/1.1 ")) {
            return -1;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    /** Returns the body of a raw response that is not chunked. */
    public static String body(String answer) {
        int start = answer.indexOf("\r\n\r\n");
        return start < 0 ? "" : answer.substring(start + 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
