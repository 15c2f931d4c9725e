package dev.conveyor.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free loopback ports, so that two stacks (or a stack and a test run) never collide. */
public final class Ports {

    private Ports() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port from environment variable {@code name}, or a free one. */
    public static int fromEnvOrFree(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? free() : Integer.parseInt(v.trim());
    }
}
