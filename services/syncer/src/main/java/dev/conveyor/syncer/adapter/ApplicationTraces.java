package dev.conveyor.syncer.adapter;

import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace of the change each application was last synced to. Health that moves after the sync returned — a rollout
 * finishing seconds or minutes later, seen by the status watch or the periodic check — is reported in that change's
 * trace, so the promoter's wait for "healthy" and the notification about it stay in the same story as the push.
 */
@ApplicationScoped
public class ApplicationTraces {

    private final Map<String, Context> lastSync = new ConcurrentHashMap<>();

    void synced(String application, Context context) {
        lastSync.put(application, context);
    }

    /** The trace of the application's last sync in this process; the root context (a new trace) before the first. */
    Context lastSync(String application) {
        return lastSync.getOrDefault(application, Context.root());
    }
}
