package dev.conveyor.syncer.engine;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.syncer.app.Application;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which applications a push concerns: those tracking that repository and that branch or tag, and — when the event lists
 * the paths its commits touched — whose path (or Helm value files) was touched. A push that lists no paths (a tag, a
 * branch creation, a provider that caps the commit list) concerns every application on that ref: we cannot tell, so we
 * sync, and the render cache and the diff keep that cheap. Pure function: the unit of "work proportional to what changed".
 */
public final class CommitRouter {

    /** GitHub lists at most 20 commits per push event, GitLab 20; a list that long may be truncated. */
    static final int PROVIDER_COMMIT_CAP = 20;

    private CommitRouter() {
    }

    public static List<Application> affected(CommitPushed push, Collection<Application> applications) {
        if (push.deleted()) {
            return List.of(); // a deleted ref: nothing to render; the next interval sync reports the error if an app needed it
        }
        String repo = push.repository();
        Set<String> touched = touchedPaths(push);
        List<Application> result = new ArrayList<>();
        for (Application app : applications) {
            if (!sameRepository(repo, app.source().repoURL())) continue;
            if (!tracksRef(app, push)) continue;
            if (touched != null && !touchesApp(app, touched)) continue;
            result.add(app);
        }
        return result;
    }

    static boolean sameRepository(String canonicalFromEvent, String repoURL) {
        try {
            return RepositoryUrls.names(repoURL, canonicalFromEvent);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The application tracks the pushed ref: same branch or tag name, or a full ref; {@code HEAD} tracks the default
     * branch, which the event does not name, so any branch push counts (the resolve step then finds nothing changed
     * for other branches, and the render cache makes that cheap). A pinned sha never tracks a moving ref.
     */
    static boolean tracksRef(Application app, CommitPushed push) {
        String target = app.source().targetRevision();
        if (target.equals("HEAD")) return push.refType() == dev.conveyor.events.RefType.BRANCH;
        return target.equals(push.refName()) || target.equals(push.ref());
    }

    /** The paths the push touched, or null when the event cannot tell (no commits listed, or possibly truncated). */
    static Set<String> touchedPaths(CommitPushed push) {
        if (push.commits().isEmpty() || push.commits().size() >= PROVIDER_COMMIT_CAP || push.forced() || push.created()) {
            return null;
        }
        Set<String> paths = new HashSet<>();
        for (CommitPushed.Commit c : push.commits()) {
            paths.addAll(c.added());
            paths.addAll(c.modified());
            paths.addAll(c.removed());
        }
        return paths.isEmpty() ? null : paths;
    }

    static boolean touchesApp(Application app, Set<String> touched) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add(app.source().path());
        for (String valueFile : app.source().helm().valueFiles()) {
            prefixes.add(join(app.source().path(), valueFile));
        }
        for (String path : touched) {
            for (String prefix : prefixes) {
                if (prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/")) return true;
            }
            // Kustomize overlays reach outside their directory (../../base): a change to a sibling base counts.
            if (app.source().type() != Application.SourceType.DIRECTORY && sharesParent(app.source().path(), path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For Kustomize and Helm (which may reference files outside their directory, e.g. {@code ../../base}) a change
     * under the application's top-level directory counts, except inside a sibling directory (another overlay): path
     * {@code deploy/overlays/dev} is affected by {@code deploy/base/x.yaml}, not by {@code deploy/overlays/prod/x.yaml}.
     */
    private static boolean sharesParent(String appPath, String changed) {
        int slash = appPath.indexOf('/');
        String top = slash < 0 ? appPath : appPath.substring(0, slash);
        if (top.isEmpty() || !changed.startsWith(top + "/")) return false;
        int lastSlash = appPath.lastIndexOf('/');
        if (lastSlash < 0) return false; // the app is the top-level directory itself: handled by the prefix rule
        String parent = appPath.substring(0, lastSlash);
        if (changed.startsWith(parent + "/")) {
            String rest = changed.substring(parent.length() + 1);
            return !rest.contains("/"); // a file right in the parent counts; a sibling directory does not
        }
        return true;
    }

    private static String join(String base, String relative) {
        java.nio.file.Path p = java.nio.file.Path.of(base.isEmpty() ? "." : base).resolve(relative).normalize();
        return p.toString().replace('\\', '/');
    }
}
