package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerHubNormaliserTest {

    private static final DockerHubNormaliser NORMALISER = new DockerHubNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static Normalised dockerhub(String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.DOCKERHUB, "dockerhub/" + file);
    }

    @Test
    void everyDockerHubFixtureIsCovered() throws Exception {
        docsPush();
        pushWithImagesAndFloatTimestamps();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("dockerhub"));
    }

    @Test
    void docsPush() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(dockerhub("push.docker-docs.json"));
        assertThat(e.registry()).isEqualTo("docker.io");
        assertThat(e.repository()).isEqualTo("svendowideit/testhook");
        assertThat(e.tag()).isEqualTo("latest");
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isNull();
        assertThat(e.provider()).isEqualTo("dockerhub");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2014-12-03T00:22:41Z"));
    }

    @Test
    void pushWithImagesAndFloatTimestamps() throws Exception {
        // pushed_at is 1.417566161e+09 here
        ImageTagged e = Fixtures.onlyImageTagged(dockerhub("push-with-images.go-playground.json"));
        assertThat(e.registry()).isEqualTo("docker.io");
        assertThat(e.repository()).isEqualTo("svendowideit/testhook");
        assertThat(e.tag()).isEqualTo("latest");
        assertThat(e.digest()).isNull();
        assertThat(e.provider()).isEqualTo("dockerhub");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2014-12-03T00:22:41Z"));
    }

    @Test
    void officialImageNamesGetTheLibraryPrefixAndNamesAreLowerCased() throws Exception {
        ObjectNode body = Fixtures.mutable("dockerhub/push.docker-docs.json");
        ((ObjectNode) body.get("repository")).put("repo_name", "Nginx");
        ((ObjectNode) body.get("push_data")).put("pushed_at", 1417566161.5);
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(NORMALISER, Provider.DOCKERHUB, body));
        assertThat(e.repository()).isEqualTo("library/nginx");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2014-12-03T00:22:41.5Z"));
    }

    @Test
    void missingTagIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("dockerhub/push.docker-docs.json");
        ((ObjectNode) body.get("push_data")).remove("tag");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.DOCKERHUB, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'push_data.tag'");
    }

    @Test
    void missingRepoNameIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("dockerhub/push.docker-docs.json");
        ((ObjectNode) body.get("repository")).remove("repo_name");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.DOCKERHUB, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'repository.repo_name'");
    }

    @Test
    void invalidTagIsMalformed() {
        ObjectNode body = Fixtures.mutable("dockerhub/push.docker-docs.json");
        ((ObjectNode) body.get("push_data")).put("tag", "-not a tag");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.DOCKERHUB, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'push_data.tag'");
    }
}
