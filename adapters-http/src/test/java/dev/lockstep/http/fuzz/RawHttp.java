package dev.lockstep.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bare HTTP/1.1 client over a socket, one connection per request: it sends exactly the bytes it is
 * given (a raw {@code %zz} or non-ASCII byte in the path, any header value, any method), which the
 * JDK client refuses to. Header values are written as ISO-8859-1, so a caller sends raw UTF-8 bytes
 * by passing {@link #rawUtf8(String)}.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 30_000;

    private RawHttp() {}

    /** The value whose ISO-8859-1 bytes are the UTF-8 bytes of {@code text}. */
    static String rawUtf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** A request: the target is the request-target as sent (path and query, already encoded). */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        Request {
            headers = new LinkedHashMap<>(headers);
        }

        String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** For failure reports: long values and bodies shortened, their length kept. */
        String describe() {
            StringBuilder b = new StringBuilder(method).append(' ').append(shorten(target, 200));
            headers.forEach((k, v) -> b.append("\n    ")
                    .append(k)
                    .append(": ")
                    .append(k.equalsIgnoreCase("Authorization") ? authLabel(v) : shorten(v, 120)));
            if (body != null) {
                b.append("\n    body: ").append(shorten(new String(body, StandardCharsets.UTF_8), 300));
            }
            return b.toString();
        }

        private static String authLabel(String v) {
            return v.length() > 60 ? "<" + v.length() + " chars>" : v;
        }
    }

    /** What came back; header names lower-case. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            return status + " " + header("content-type") + " " + shorten(body, 300);
        }
    }

    static String shorten(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + "…(" + s.length() + " chars)";
    }

    static Response send(int port, Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(
                    ("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            request.headers()
                    .forEach((k, v) -> head.writeBytes((k + ": " + v + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            if (request.body() != null) {
                head.writeBytes(
                        ("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(head.toByteArray());
            if (request.body() != null) {
                try {
                    out.write(request.body());
                } catch (IOException e) {
                    // the server may answer (413) and close before reading a large body; read its answer
                }
            }
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), request);
        }
    }

    private static Response parse(byte[] raw, Request request) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IOException("no complete answer (" + raw.length + " bytes) to " + request.method() + " "
                    + shorten(request.target(), 200));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(
                            lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                            k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int lineEnd = indexOf(body, new byte[] {'\r', '\n'}, pos);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String sizeText = new String(body, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semicolon = sizeText.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
