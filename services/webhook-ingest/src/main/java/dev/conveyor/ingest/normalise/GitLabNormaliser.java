package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.Person;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.List;

/**
 * GitLab project, group and system hooks, event kind in {@code X-Gitlab-Event}: {@code Push Hook} and
 * {@code Tag Push Hook}, and {@code System Hook} deliveries whose {@code event_name} is {@code push} or
 * {@code tag_push}, become a {@link CommitPushed}.
 */
public final class GitLabNormaliser implements Normaliser {

    static final String EVENT_HEADER = "X-Gitlab-Event";

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String event = request.headers().get(EVENT_HEADER).orElseThrow(() -> new MalformedWebhookException(
                "missing " + EVENT_HEADER + " header; cannot tell which GitLab event this is"));
        switch (event) {
            case "Push Hook", "Tag Push Hook":
                return push(body);
            case "System Hook": {
                String name = Json.firstText(body, "event_name", "object_kind");
                if (name == null) {
                    throw new MalformedWebhookException("missing required field 'event_name'");
                }
                if (name.equals("push") || name.equals("tag_push")) {
                    return push(body);
                }
                return Normalised.Ignored.because("GitLab system hook " + Json.quote(name) + " is not a push");
            }
            default:
                // GitLab names every webhook kind "<Something> Hook" (Merge Request Hook, Note Hook, Pipeline Hook,
                // Job Hook, Release Hook, ...) and adds new ones over time: those are known kinds we do not publish.
                if (event.endsWith(" Hook")) {
                    return Normalised.Ignored.because("GitLab " + event + " is not a push");
                }
                throw new MalformedWebhookException("unknown GitLab event " + Json.quote(event));
        }
    }

    private static Normalised push(JsonNode body) throws MalformedWebhookException {
        String ref = Json.requiredText(body, "ref");
        RefType refType = GitPayloads.refType(ref, "ref");
        String repoUrl = Json.firstText(body, "project.git_http_url", "repository.git_http_url",
                "project.web_url", "repository.homepage");
        String repository = GitPayloads.repository(repoUrl, "project.git_http_url");
        String before = Json.requiredSha(body, null, "before");
        String after = Json.requiredSha(body, null, "after");
        Person pusher = Json.person(Json.text(body, "user_name"), email(Json.text(body, "user_email")),
                Json.text(body, "user_username"));
        CommitPushed event = new CommitPushed(
                repository, ref, refType, RefType.shortName(ref), before, after,
                GitPayloads.commits(body, "commits"), pusher, "gitlab",
                Json.isZeroSha(before), Json.isZeroSha(after),
                false, // GitLab does not say whether a push was forced
                Json.firstText(body, "project.web_url", "repository.homepage"));
        return new Normalised.Events(List.of(event));
    }

    /** GitLab 14+ sends {@code [REDACTED]} instead of the pusher's e-mail address: that is no address. */
    private static String email(String email) {
        return email == null || email.equals("[REDACTED]") ? null : email;
    }
}
