package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.ingest.domain.MalformedWebhookException;

import java.util.ArrayList;
import java.util.List;

/** What the Git normalisers share: refs, repository URLs and the GitHub-style commit list (GitHub, GitLab, Gitea). */
final class GitPayloads {

    private GitPayloads() {
    }

    /** The type of a full ref, or an error: we only publish branch and tag moves. */
    static RefType refType(String ref, String field) throws MalformedWebhookException {
        RefType type = RefType.ofFullRef(ref);
        if (type == null) {
            throw new MalformedWebhookException(
                    "field '" + field + "' is neither a branch (refs/heads/) nor a tag (refs/tags/): " + Json.quote(ref));
        }
        if (RefType.shortName(ref).isEmpty()) {
            throw new MalformedWebhookException("field '" + field + "' has an empty ref name: " + Json.quote(ref));
        }
        return type;
    }

    /** The canonical repository URL of a URL taken from a field. */
    static String repository(String url, String field) throws MalformedWebhookException {
        if (url == null) {
            throw new MalformedWebhookException("missing required field '" + field + "'");
        }
        try {
            return RepositoryUrls.canonical(url);
        } catch (IllegalArgumentException e) {
            // RepositoryUrls' messages never carry credentials.
            throw new MalformedWebhookException("field '" + field + "' is not a repository URL: " + e.getMessage(), e);
        }
    }

    /**
     * The GitHub-style commit list (GitHub, GitLab, Gitea and Gogs): {@code id}, {@code message}, {@code timestamp},
     * {@code url}, {@code author{name,email,username}}, {@code added/modified/removed}. Kept in the order sent (these
     * providers list commits oldest first).
     */
    static List<CommitPushed.Commit> commits(JsonNode body, String path) throws MalformedWebhookException {
        List<JsonNode> nodes = Json.array(body, path);
        List<CommitPushed.Commit> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode c = nodes.get(i);
            String where = path + "[" + i + "]";
            out.add(new CommitPushed.Commit(
                    Json.requiredSha(c, where, "id"),
                    Json.text(c, "message"),
                    Json.instant(c, "timestamp"),
                    Json.person(Json.node(c, "author"), "name", "email", "username"),
                    Json.text(c, "url"),
                    Json.strings(c, "added"),
                    Json.strings(c, "modified"),
                    Json.strings(c, "removed")));
        }
        return out;
    }
}
