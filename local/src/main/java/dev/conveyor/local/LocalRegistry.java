package dev.conveyor.local;

import dev.conveyor.testing.registry.RegistryProcess;

import java.net.URI;

/**
 * The registry the local stack pushes images to: Debian's docker-registry when it is installed, otherwise
 * {@link SimulatedRegistry}. Both listen on 127.0.0.1 and send their push notifications to webhook-ingest.
 */
interface LocalRegistry extends AutoCloseable {

    /** {@code 127.0.0.1:port}: the registry part of image names. */
    String host();

    /** {@code http://127.0.0.1:port/}: where the Registry API is served. */
    URI baseUri();

    /** Debian's docker-registry process as a {@link LocalRegistry}. */
    static LocalRegistry of(RegistryProcess process) {
        return new LocalRegistry() {
            @Override
            public String host() {
                return process.host();
            }

            @Override
            public URI baseUri() {
                return process.baseUri();
            }

            @Override
            public void close() {
                process.close();
            }
        };
    }
}
