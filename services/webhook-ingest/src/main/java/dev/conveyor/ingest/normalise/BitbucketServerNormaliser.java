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
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bitbucket Server / Data Center, event kind in {@code X-Event-Key}: a {@code repo:refs_changed} becomes one
 * {@link CommitPushed} per entry of {@code changes}. Bitbucket Server sends no commit list, so {@code commits} is
 * empty, and it does not say whether an update was forced.
 *
 * <p>The repository URL comes from {@code repository.links}: the {@code http} clone link, else the {@code ssh} clone
 * link (canonical form maps it to https), else the clone URL that Bitbucket Server derives from the {@code self}
 * browse link ({@code <base>/projects/KEY/repos/slug/browse} → {@code <base>/scm/key/slug}). Payloads without any
 * of these links (older servers, trimmed test data) cannot name the repository and are refused: we do not guess a
 * host.
 */
public final class BitbucketServerNormaliser implements Normaliser {

    /** Where the server URL for link-less payloads is configured. */
    public static final String BASE_URL_CONFIG_KEY = "conveyor.ingest.receivers.bitbucket-server.base-url";

    private final Optional<String> baseUrl;

    /** @param baseUrl the server's base URL, used only for payloads that carry no repository links */
    public BitbucketServerNormaliser(Optional<String> baseUrl) {
        this.baseUrl = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    public BitbucketServerNormaliser() {
        this(Optional.empty());
    }

    static final String EVENT_HEADER = "X-Event-Key";

    /** {@code https://host[/context]/projects/KEY/repos/slug/browse} or {@code .../users/name/repos/slug/browse}. */
    private static final Pattern SELF_LINK =
            Pattern.compile("^(https?://[^?#]+?)/(projects|users)/([^/]+)/repos/([^/]+)(/.*)?$");

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String key = request.headers().get(EVENT_HEADER).orElseThrow(() -> new MalformedWebhookException(
                "missing " + EVENT_HEADER + " header; cannot tell which Bitbucket Server event this is"));
        if (key.equals("repo:refs_changed")) {
            return refsChanged(body);
        }
        if (key.equals("diagnostics:ping")) {
            return Normalised.Ignored.ping("Bitbucket Server ping");
        }
        if (key.equals("repo:push")) {
            throw new MalformedWebhookException(
                    "Bitbucket event 'repo:push' is sent by Bitbucket Cloud, not Bitbucket Server/Data Center;"
                            + " point that webhook at the bitbucket-cloud endpoint");
        }
        // Bitbucket Server event keys: repo:* (modified, forked, comments, secret_detected), pr:*, mirror:*,
        // project:*: known kinds we do not publish.
        if (key.matches("^(repo|pr|mirror|project):[a-zA-Z_:]+$")) {
            return Normalised.Ignored.because("Bitbucket Server " + key + " is not a push");
        }
        throw new MalformedWebhookException("unknown Bitbucket Server event " + Json.quote(key));
    }

    private Normalised refsChanged(JsonNode body) throws MalformedWebhookException {
        JsonNode repo = Json.requiredNode(body, "repository");
        String repository = repositoryUrl(repo);
        String webUrl = Json.text(repo, "links.self.0.href");
        JsonNode actor = Json.node(body, "actor");
        Person pusher = actor == null ? null : Json.person(Json.firstText(actor, "displayName", "name"),
                Json.text(actor, "emailAddress"), Json.firstText(actor, "slug", "name"));

        Json.requiredNode(body, "changes");
        List<JsonNode> changes = Json.array(body, "changes");
        List<ConveyorEvent> events = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            JsonNode change = changes.get(i);
            String where = "changes[" + i + "]";
            String ref = Json.firstText(change, "ref.id", "refId");
            if (ref == null) {
                throw new MalformedWebhookException("missing required field '" + where + ".ref.id'");
            }
            RefType refType = GitPayloads.refType(ref, where + ".ref.id");
            String declared = Json.text(change, "ref.type");
            if (declared != null && !declared.equalsIgnoreCase(refType.name())) {
                throw new MalformedWebhookException("field '" + where + ".ref.type' is " + Json.quote(declared)
                        + " but ref " + Json.quote(ref) + " is a " + refType.name().toLowerCase(Locale.ROOT));
            }
            String type = Json.requiredText(change, where, "type");
            boolean created = type.equals("ADD");
            boolean deleted = type.equals("DELETE");
            if (!created && !deleted && !type.equals("UPDATE")) {
                throw new MalformedWebhookException(
                        "field '" + where + ".type' is not ADD, UPDATE or DELETE: " + Json.quote(type));
            }
            String before = Json.sha(change, where, "fromHash");
            String after = Json.sha(change, where, "toHash");
            if (created && before == null) {
                before = CommitPushed.ZERO_SHA;
            }
            if (deleted && after == null) {
                after = CommitPushed.ZERO_SHA;
            }
            if (after == null) {
                throw new MalformedWebhookException("missing required field '" + where + ".toHash'");
            }
            events.add(new CommitPushed(repository, ref, refType, RefType.shortName(ref), before, after, List.of(),
                    pusher, "bitbucket-server", created, deleted, false, webUrl));
        }
        if (events.isEmpty()) {
            return Normalised.Ignored.because("Bitbucket Server repo:refs_changed with no changes");
        }
        return new Normalised.Events(events);
    }

    private String repositoryUrl(JsonNode repo) throws MalformedWebhookException {
        String http = null;
        String ssh = null;
        List<JsonNode> clone = Json.array(repo, "links.clone");
        for (JsonNode link : clone) {
            String name = Json.text(link, "name");
            String href = Json.text(link, "href");
            if (href == null) {
                continue;
            }
            if (("http".equals(name) || "https".equals(name)) && http == null) {
                http = href;
            } else if ("ssh".equals(name) && ssh == null) {
                ssh = href;
            }
        }
        if (http != null) {
            return GitPayloads.repository(http, "repository.links.clone[http].href");
        }
        if (ssh != null) {
            return GitPayloads.repository(ssh, "repository.links.clone[ssh].href");
        }
        String self = Json.text(repo, "links.self.0.href");
        if (self != null) {
            Matcher m = SELF_LINK.matcher(self);
            if (m.matches()) {
                // Bitbucket Server's own clone URL scheme: /scm/<project key, lower case>/<slug>, ~user for personal.
                String owner = m.group(2).equals("users") ? "~" + m.group(3) : m.group(3);
                return GitPayloads.repository(
                        m.group(1) + "/scm/" + owner.toLowerCase(Locale.ROOT) + "/" + m.group(4),
                        "repository.links.self[0].href");
            }
        }
        String projectKey = Json.text(repo, "project.key");
        String slug = Json.text(repo, "slug");
        if (baseUrl.isPresent() && projectKey != null && slug != null) {
            // Payloads without links (older servers) still name project and slug; the configured server URL completes
            // Bitbucket Server's clone URL scheme.
            return GitPayloads.repository(baseUrl.get() + "/scm/" + projectKey.toLowerCase(Locale.ROOT) + "/" + slug,
                    "repository.project.key/slug with " + BASE_URL_CONFIG_KEY);
        }
        throw new MalformedWebhookException(
                "bitbucket-server payload has no repository.links.clone (nor a repository.links.self browse link);"
                        + " cannot name the repository (configure " + BASE_URL_CONFIG_KEY + " for such servers)");
    }
}
