package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.List;

/**
 * Docker Hub repository webhooks (sent on every push; there is no other kind). Docker Hub tells neither the digest nor
 * the media type. {@code callback_url} is a legacy field and is never called.
 */
public final class DockerHubNormaliser implements Normaliser {

    static final String REGISTRY = "docker.io";

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String repoName = Json.requiredText(body, "repository.repo_name");
        // Official images are "library/<name>" in the registry, whatever the Hub UI calls them.
        String path = repoName.contains("/") ? repoName : "library/" + repoName;
        String repository = Images.repository(path, "repository.repo_name");
        String tag = Images.tag(Json.requiredText(body, "push_data.tag"), "push_data.tag");
        return new Normalised.Events(List.of(Images.tagged(REGISTRY, repository, tag, null, null, "dockerhub",
                Json.instant(body, "push_data.pushed_at"))));
    }
}
