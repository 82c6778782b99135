package dev.lockstep.http.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port, started inside a test, between a server's connection pool and
 * PostgreSQL: plain sockets and two copying threads per connection. It can cut every connection at
 * once (a reset, as when a network path or the database dies), refuse new ones, and heal.
 */
public final class FaultyProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean closed;

    private FaultyProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    public static FaultyProxy to(String host, int port) {
        try {
            return new FaultyProxy(host, port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections proxied since the start. */
    public int connectionsMade() {
        return connections.get();
    }

    /** Resets every open connection, both sides; returns how many client connections were cut. */
    public int cutAll() {
        int cut = 0;
        for (Socket s : open) {
            if (s.getLocalPort() == port()) {
                cut++;
            }
            reset(s);
        }
        return cut;
    }

    /** New connections are reset at once until {@link #heal}. */
    public void refuse() {
        refusing = true;
    }

    public void heal() {
        refusing = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (refusing) {
                reset(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (refusing) {
            // accepted just before refuse() and registered after cutAll() went by: without this check
            // it would outlive the outage as the pool's one healthy connection
            reset(client);
            reset(upstream);
            return;
        }
        connections.incrementAndGet();
        threads.execute(() -> pump(client, upstream));
        threads.execute(() -> pump(upstream, client));
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // cut, or the other side went away
        } finally {
            reset(from);
            reset(to);
        }
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0); // RST, not a graceful FIN
        } catch (IOException ignored) {
            // not connected
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        cutAll();
        threads.shutdownNow();
    }
}
