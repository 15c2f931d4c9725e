package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.Provider;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gitea (and Forgejo, which sends Gitea's headers too) and Gogs, whose push payloads have GitHub's shape. Event kind in
 * {@code X-Gitea-Event} (Gitea also sends it as {@code X-Gogs-Event}, which is the fallback) or {@code X-Gogs-Event}
 * for Gogs. The provider id of the events is the request's provider ({@code gitea} or {@code gogs}).
 *
 * <p>Gitea sends no push event when a branch or tag is deleted, only a {@code delete} event: that one becomes a
 * deleting {@link CommitPushed} with an unknown {@code before}. The legacy {@code secret} field of old Gitea payloads
 * is never read.
 */
public final class GiteaNormaliser implements Normaliser {

    static final String GITEA_EVENT_HEADER = "X-Gitea-Event";
    static final String GOGS_EVENT_HEADER = "X-Gogs-Event";

    /** Gitea and Gogs webhook kinds we do not publish (plus every issue*, pull_request*, workflow* and action*). */
    private static final Set<String> OTHER_KNOWN_EVENTS = Set.of(
            "fork", "wiki", "repository", "release", "package", "status", "schedule");

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        boolean gogs = request.provider() == Provider.GOGS;
        String providerName = gogs ? "Gogs" : "Gitea";
        Optional<String> header = gogs
                ? request.headers().lower(GOGS_EVENT_HEADER)
                : request.headers().lower(GITEA_EVENT_HEADER).or(() -> request.headers().lower(GOGS_EVENT_HEADER));
        String event = header.orElseThrow(() -> new MalformedWebhookException("missing "
                + (gogs ? GOGS_EVENT_HEADER : GITEA_EVENT_HEADER) + " header; cannot tell which " + providerName
                + " event this is"));
        String provider = request.provider().id();
        return switch (event) {
            case "push" -> push(body, provider);
            case "delete" -> delete(body, provider, providerName);
            case "create" -> Normalised.Ignored.because(
                    providerName + " create event: covered by the push event " + providerName + " sends for the same ref");
            default -> {
                if (OTHER_KNOWN_EVENTS.contains(event) || event.startsWith("issue") || event.startsWith("pull_request")
                        || event.startsWith("workflow") || event.startsWith("action")) {
                    yield Normalised.Ignored.because(providerName + " " + event + " event is not a push");
                }
                throw new MalformedWebhookException("unknown " + providerName + " event " + Json.quote(event));
            }
        };
    }

    private static Normalised push(JsonNode body, String provider) throws MalformedWebhookException {
        String ref = Json.requiredText(body, "ref");
        RefType refType = GitPayloads.refType(ref, "ref");
        String repository = GitPayloads.repository(
                Json.firstText(body, "repository.clone_url", "repository.html_url"), "repository.clone_url");
        String before = Json.requiredSha(body, null, "before");
        String after = Json.requiredSha(body, null, "after");
        CommitPushed event = new CommitPushed(
                repository, ref, refType, RefType.shortName(ref), before, after,
                GitPayloads.commits(body, "commits"), user(Json.node(body, "pusher")), provider,
                Json.isZeroSha(before), Json.isZeroSha(after),
                false, // neither Gitea nor Gogs says whether a push was forced
                Json.firstText(body, "compare_url", "repository.html_url"));
        return new Normalised.Events(List.of(event));
    }

    private static Normalised delete(JsonNode body, String provider, String providerName)
            throws MalformedWebhookException {
        String refTypeText = Json.requiredText(body, "ref_type");
        RefType refType = switch (refTypeText) {
            case "branch" -> RefType.BRANCH;
            case "tag" -> RefType.TAG;
            default -> throw new MalformedWebhookException(
                    "field 'ref_type' of a " + providerName + " delete event is neither branch nor tag: "
                            + Json.quote(refTypeText));
        };
        String name = Json.requiredText(body, "ref");
        String ref = RefType.ofFullRef(name) == refType ? name : refType.fullRef(name);
        String repository = GitPayloads.repository(
                Json.firstText(body, "repository.clone_url", "repository.html_url"), "repository.clone_url");
        CommitPushed event = new CommitPushed(
                repository, ref, refType, RefType.shortName(ref),
                null, // the delete event does not say where the ref pointed
                CommitPushed.ZERO_SHA, List.of(), user(Json.node(body, "sender")), provider,
                false, true, false, Json.text(body, "repository.html_url"));
        return new Normalised.Events(List.of(event));
    }

    /** A Gitea/Gogs user object: full name when set (else the login), e-mail, login. */
    private static Person user(JsonNode user) {
        if (user == null) {
            return null;
        }
        String login = Json.firstText(user, "login", "username");
        return Json.person(Json.firstText(user, "full_name", "login", "username"), Json.text(user, "email"), login);
    }
}
