package dev.conveyor.images.engine;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ImageUpdated;
import dev.conveyor.images.registry.RegistryCredentials;

import java.util.Optional;

/** What the engine needs from the edges, one method each. */
public final class Ports {

    private Ports() {
    }

    /** Tells the others: the image update and the commit that carries it, both durable before {@code update} returns. */
    public interface Events {
        void updated(ImageUpdated update, CommitPushed commit);
    }

    /** Registry credentials by the name a policy gives; empty when no such name is configured. */
    public interface Credentials {
        Optional<RegistryCredentials> get(String name);
    }

    /** For metrics: what happened to one update attempt. */
    public interface Observer {
        void outcome(String policy, ImageUpdater.Outcome outcome);

        void writeBack(String policy, int attempts, int conflicts);
    }
}
