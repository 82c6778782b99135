package dev.lockstep.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client on one blocking socket — one per virtual user, like one
 * pgbench connection. Deliberately tiny: the load generator shares the machine's two cores with the
 * server and PostgreSQL, so every microsecond it spends is taken from the system under test
 * (java.net.http.HttpClient costs several times more CPU per request; {@code --client jdk} uses it
 * for comparison). Understands Content-Length and chunked bodies; reconnects after a
 * {@code Connection: close} or a broken socket.
 */
final class RawHttpConnection implements Closeable {
    private final String host;
    private final int port;
    private final byte[] fixedHeaders;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
    /** The body of the last response (kept so callers can check it or print a sample). */
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);

    RawHttpConnection(String host, int port, String bearerKey) {
        this.host = host;
        this.port = port;
        this.fixedHeaders = ("Host: " + host + ":" + port + "\r\n"
                        + "Authorization: Bearer " + bearerKey + "\r\n"
                        + "Accept: application/json\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends one request and reads the whole response; returns the status code. */
    int send(String method, String path, byte[] json) throws IOException {
        if (socket == null) {
            connect();
        }
        request.reset();
        request.write((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(fixedHeaders);
        if (json != null) {
            request.write(("Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.write(json);
        } else {
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        try {
            request.writeTo(out);
            out.flush();
            return readResponse();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    String lastBody() {
        return body.toString(StandardCharsets.UTF_8);
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 5_000);
            s.setSoTimeout(60_000);
            in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    private int readResponse() throws IOException {
        String statusLine = readLine();
        // "HTTP/1.1 201 Created"
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")
                    && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        body.reset();
        if (chunked) {
            while (true) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(size);
                readLine();
            }
        } else if (contentLength > 0) {
            copy(contentLength);
        } else if (contentLength < 0 && status != 204 && status != 304) {
            // no length: the body runs to the end of the connection
            in.transferTo(body);
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    private void copy(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("connection closed inside a response body");
            }
            body.write(buf, 0, r);
            n -= r;
        }
    }

    private final StringBuilder line = new StringBuilder(128);

    private String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
