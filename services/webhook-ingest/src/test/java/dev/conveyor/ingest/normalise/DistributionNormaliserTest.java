package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionNormaliserTest {

    private static final DistributionNormaliser NORMALISER = new DistributionNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();
    private static final String V2 = "envelope-push-3-events.distribution-docs.json";
    private static final String V1 = "envelope-push-3-events-v1-mediatype.distribution-docs-2023.json";
    private static final String MANIFEST_DIGEST = "sha256:fea8895f450959fa676bcc1df0611ea93823a735a01205fd8622846041d0c7cf";

    private static Normalised distribution(String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, "distribution/" + file);
    }

    @Test
    void everyDistributionFixtureIsCovered() throws Exception {
        publishedEnvelopesHaveNoTaggedManifestPush();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("distribution"));
    }

    @Test
    void publishedEnvelopesHaveNoTaggedManifestPush() throws Exception {
        // one manifest push without a tag and two layer (blob) pushes
        for (String file : List.of(V2, V1)) {
            Normalised.Ignored ignored = Fixtures.ignored(distribution(file));
            assertThat(ignored.reason()).as(file).isEqualTo(
                    "no tagged manifest push in the envelope (3 events: 2 blob pushes, 1 untagged manifest push)");
            assertThat(ignored.ping()).isFalse();
        }
    }

    @Test
    void taggedManifestPushBecomesAnEvent() throws Exception {
        for (String file : List.of(V2, V1)) {
            ObjectNode body = Fixtures.mutable("distribution/" + file);
            ((ObjectNode) body.at("/events/0/target")).put("tag", "1.0");
            ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, body));
            assertThat(e.registry()).as(file).isEqualTo("registrycluster.local");
            assertThat(e.repository()).as(file).isEqualTo("library/test");
            assertThat(e.tag()).as(file).isEqualTo("1.0");
            assertThat(e.digest()).as(file).isEqualTo(MANIFEST_DIGEST);
            assertThat(e.mediaType()).as(file).isEqualTo(file.equals(V1)
                    ? "application/vnd.docker.distribution.manifest.v1+json"
                    : "application/vnd.docker.distribution.manifest.v2+json");
            assertThat(e.provider()).as(file).isEqualTo("distribution");
            assertThat(e.pushedAt()).as(file).isEqualTo(Instant.parse("2006-01-02T15:04:05Z"));
        }
    }

    @Test
    void ociIndexPushesCountAndPullsAndDeletesAreSkipped() throws Exception {
        ObjectNode body = Fixtures.mutable("distribution/" + V2);
        ArrayNode events = (ArrayNode) body.get("events");
        ObjectNode index = events.get(0).deepCopy();
        ((ObjectNode) index.get("target")).put("mediaType", "application/vnd.oci.image.index.v1+json")
                .put("tag", "v2").put("repository", "team/app");
        ((ObjectNode) index.get("request")).put("host", "registry.local:5000");
        ObjectNode pull = events.get(0).deepCopy();
        pull.put("action", "pull");
        ((ObjectNode) pull.get("target")).put("tag", "v1");
        events.add(index);
        events.add(pull);
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, body));
        assertThat(e.registry()).isEqualTo("registry.local:5000");
        assertThat(e.repository()).isEqualTo("team/app");
        assertThat(e.tag()).isEqualTo("v2");
        assertThat(e.mediaType()).isEqualTo("application/vnd.oci.image.index.v1+json");

        events.remove(3);
        ObjectNode delete = pull.deepCopy();
        delete.put("action", "delete");
        ArrayNode onlySkipped = body.putArray("events");
        onlySkipped.add(pull);
        onlySkipped.add(delete);
        assertThat(Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, body)).reason())
                .isEqualTo("no tagged manifest push in the envelope (2 events: 1 delete, 1 pull)");
    }

    @Test
    void missingEventsIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("distribution/" + V2);
        body.remove("events");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'events'");
    }

    @Test
    void missingHostOfATaggedPushIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("distribution/" + V2);
        ((ObjectNode) body.at("/events/0/target")).put("tag", "1.0");
        ((ObjectNode) body.at("/events/0")).remove("request");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.DISTRIBUTION, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'events[0].request.host'");
    }
}
