package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.ConveyorEvent;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitbucket Cloud (bitbucket.org), event kind in {@code X-Event-Key}: a {@code repo:push} becomes one
 * {@link CommitPushed} per entry of {@code push.changes} (one push may move several refs).
 */
public final class BitbucketCloudNormaliser implements Normaliser {

    static final String EVENT_HEADER = "X-Event-Key";

    /** {@code Name <email>}, the Git author line Bitbucket sends as {@code author.raw}. */
    private static final Pattern RAW_AUTHOR = Pattern.compile("^\\s*(.*?)\\s*<([^>]*)>\\s*$");

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String key = request.headers().get(EVENT_HEADER).orElseThrow(() -> new MalformedWebhookException(
                "missing " + EVENT_HEADER + " header; cannot tell which Bitbucket Cloud event this is"));
        if (key.equals("repo:push")) {
            return push(body);
        }
        if (key.equals("diagnostics:ping")) {
            return Normalised.Ignored.ping("Bitbucket ping");
        }
        if (key.equals("repo:refs_changed")) {
            throw new MalformedWebhookException(
                    "Bitbucket event 'repo:refs_changed' is sent by Bitbucket Server/Data Center, not Bitbucket Cloud;"
                            + " point that webhook at the bitbucket-server endpoint");
        }
        // Bitbucket Cloud event keys: repo:*, issue:*, pullrequest:*, project:* (fork, updated, commit comments and
        // statuses, issues, pull requests): known kinds we do not publish.
        if (key.matches("^(repo|issue|pullrequest|project):[a-z_:]+$")) {
            return Normalised.Ignored.because("Bitbucket Cloud " + key + " is not a push");
        }
        throw new MalformedWebhookException("unknown Bitbucket Cloud event " + Json.quote(key));
    }

    private static Normalised push(JsonNode body) throws MalformedWebhookException {
        String fullName = Json.text(body, "repository.full_name");
        String repoUrl = fullName != null ? "https://bitbucket.org/" + fullName : Json.text(body, "repository.links.html.href");
        String repository = GitPayloads.repository(repoUrl, "repository.full_name");
        String repoWeb = Json.text(body, "repository.links.html.href");
        JsonNode actor = Json.node(body, "actor");
        Person pusher = actor == null ? null
                : Json.person(Json.text(actor, "display_name"), null, Json.firstText(actor, "nickname", "username"));

        Json.requiredNode(body, "push.changes");
        List<JsonNode> changes = Json.array(body, "push.changes");
        List<ConveyorEvent> events = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            JsonNode change = changes.get(i);
            String where = "push.changes[" + i + "]";
            JsonNode oldRef = Json.node(change, "old");
            JsonNode newRef = Json.node(change, "new");
            if (oldRef == null && newRef == null) {
                throw new MalformedWebhookException("field '" + where + "' has neither 'old' nor 'new'");
            }
            JsonNode current = newRef != null ? newRef : oldRef;
            String side = newRef != null ? "new" : "old";
            String type = Json.requiredText(current, where + "." + side, "type");
            RefType refType = switch (type) {
                case "branch" -> RefType.BRANCH;
                case "tag", "annotated_tag" -> RefType.TAG;
                default -> throw new MalformedWebhookException(
                        "field '" + where + "." + side + ".type' is neither branch nor tag: " + Json.quote(type));
            };
            String name = Json.requiredText(current, where + "." + side, "name");
            boolean created = oldRef == null || Json.bool(change, "created");
            boolean deleted = newRef == null || Json.bool(change, "closed");
            String before = oldRef == null ? CommitPushed.ZERO_SHA
                    : Json.requiredSha(oldRef, where + ".old", "target.hash");
            String after = newRef == null ? CommitPushed.ZERO_SHA
                    : Json.requiredSha(newRef, where + ".new", "target.hash");
            String webUrl = Json.text(change, "links.html.href");
            events.add(new CommitPushed(
                    repository, refType.fullRef(name), refType, name, before, after,
                    commits(change, where), pusher, "bitbucket-cloud", created, deleted, Json.bool(change, "forced"),
                    webUrl != null ? webUrl : repoWeb));
        }
        if (events.isEmpty()) {
            return Normalised.Ignored.because("Bitbucket Cloud repo:push with no changes");
        }
        return new Normalised.Events(events);
    }

    /**
     * The commits of one change. Bitbucket lists them newest first; events list them oldest first. Bitbucket does
     * not send the paths a commit touched, so the path lists are empty.
     */
    private static List<CommitPushed.Commit> commits(JsonNode change, String where) throws MalformedWebhookException {
        List<JsonNode> nodes = Json.array(change, "commits");
        List<CommitPushed.Commit> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode c = nodes.get(i);
            String cw = where + ".commits[" + i + "]";
            out.add(new CommitPushed.Commit(
                    Json.requiredSha(c, cw, "hash"),
                    Json.firstText(c, "message", "summary.raw"),
                    Json.instant(c, "date"),
                    author(Json.node(c, "author")),
                    Json.text(c, "links.html.href"),
                    List.of(), List.of(), List.of()));
        }
        Collections.reverse(out);
        return out;
    }

    private static Person author(JsonNode author) {
        if (author == null) {
            return null;
        }
        String raw = Json.text(author, "raw");
        String name = null;
        String email = null;
        if (raw != null) {
            Matcher m = RAW_AUTHOR.matcher(raw);
            if (m.matches()) {
                name = m.group(1).isBlank() ? null : m.group(1);
                email = m.group(2).isBlank() ? null : m.group(2);
            } else {
                name = raw.trim();
            }
        }
        if (name == null) {
            name = Json.text(author, "user.display_name");
        }
        return Json.person(name, email, Json.firstText(author, "user.nickname", "user.username"));
    }
}
