package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HarborNormaliserTest {

    private static final HarborNormaliser NORMALISER = new HarborNormaliser(Optional.of("Harbor.Example.com"));
    private static final HarborNormaliser UNCONFIGURED = new HarborNormaliser(Optional.empty());
    private static final Set<String> COVERED = new TreeSet<>();
    private static final String ALPINE_DIGEST = "sha256:954b378c375d852eb3c63ab88978f640b4348b01c1b3456a024a81536dafbbf4";

    private static Normalised harbor(Normaliser normaliser, String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(normaliser, Provider.HARBOR, "harbor/" + file);
    }

    @Test
    void everyHarborFixtureIsCovered() throws Exception {
        defaultFormatPushByDigestIsIgnored();
        cloudEventsPushByDigestIsIgnored();
        legacyPushUsesTheConfiguredRegistry();
        legacyPushWithoutConfiguredRegistryIsMalformed();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("harbor"));
    }

    @Test
    void defaultFormatPushByDigestIsIgnored() throws Exception {
        // the published example's "tag" is the digest: a push by digest moves no tag
        Normalised.Ignored ignored = Fixtures.ignored(harbor(NORMALISER, "push-artifact-default.harbor-docs.json"));
        assertThat(ignored.reason()).isEqualTo("artifact pushed by digest, no tag moved");
        assertThat(ignored.ping()).isFalse();
    }

    @Test
    void cloudEventsPushByDigestIsIgnored() throws Exception {
        Normalised.Ignored ignored = Fixtures.ignored(harbor(NORMALISER, "push-artifact-cloudevents.harbor-docs.json"));
        assertThat(ignored.reason()).isEqualTo("artifact pushed by digest, no tag moved");
    }

    @Test
    void legacyPushUsesTheConfiguredRegistry() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(harbor(NORMALISER, "push-image-legacy.harbor-docs-v1.10.json"));
        assertThat(e.registry()).isEqualTo("harbor.example.com");
        assertThat(e.repository()).isEqualTo("prj/repo1");
        assertThat(e.tag()).isEqualTo("latest");
        // image_id is not an OCI digest
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isNull();
        assertThat(e.provider()).isEqualTo("harbor");
        // trigger_time 158322233213 is too large for seconds: read as milliseconds
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("1975-01-07T10:23:53.213Z"));
    }

    @Test
    void legacyPushWithoutConfiguredRegistryIsMalformed() {
        assertThatThrownBy(() -> harbor(UNCONFIGURED, "push-image-legacy.harbor-docs-v1.10.json"))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("conveyor.ingest.receivers.harbor.registry");
    }

    @Test
    void taggedDefaultFormatPush() throws Exception {
        ObjectNode body = Fixtures.mutable("harbor/push-artifact-default.harbor-docs.json");
        ArrayNode resources = (ArrayNode) body.at("/event_data/resources");
        ((ObjectNode) resources.get(0)).put("tag", "3.17")
                .put("resource_url", "Harbor.Example.com:8443/harbor/alpine:3.17");
        resources.addObject().put("digest", ALPINE_DIGEST).put("tag", "")
                .put("resource_url", "harbor.example.com:8443/harbor/alpine@" + ALPINE_DIGEST);
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(UNCONFIGURED, Provider.HARBOR, body));
        assertThat(e.registry()).isEqualTo("harbor.example.com:8443");
        assertThat(e.repository()).isEqualTo("harbor/alpine");
        assertThat(e.tag()).isEqualTo("3.17");
        assertThat(e.digest()).isEqualTo(ALPINE_DIGEST);
        assertThat(e.provider()).isEqualTo("harbor");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2023-04-03T06:04:53Z"));
    }

    @Test
    void taggedCloudEventsPushWithoutRepositoryObject() throws Exception {
        ObjectNode body = Fixtures.mutable("harbor/push-artifact-cloudevents.harbor-docs.json");
        ((ObjectNode) body.get("data")).remove("repository");
        ((ObjectNode) body.at("/data/resources/0")).put("tag", "v1").put("resource_url", "localhost/harbor/alpine:v1");
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(UNCONFIGURED, Provider.HARBOR, body));
        assertThat(e.registry()).isEqualTo("localhost");
        assertThat(e.repository()).isEqualTo("harbor/alpine");
        assertThat(e.tag()).isEqualTo("v1");
        assertThat(e.digest()).isEqualTo(ALPINE_DIGEST);
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2023-04-03T06:04:46Z"));
    }

    @Test
    void otherEventTypesAreIgnored() throws Exception {
        for (String type : List.of("DELETE_ARTIFACT", "PULL_ARTIFACT", "SCANNING_COMPLETED", "harbor.artifact.deleted")) {
            ObjectNode body = Fixtures.mutable("harbor/push-artifact-default.harbor-docs.json");
            body.put("type", type);
            Normalised.Ignored ignored = Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.HARBOR, body));
            assertThat(ignored.reason()).contains(type);
        }
        ObjectNode legacy = Fixtures.mutable("harbor/push-image-legacy.harbor-docs-v1.10.json");
        legacy.put("event_type", "pullImage");
        assertThat(Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.HARBOR, legacy)).reason())
                .contains("pullImage");
    }

    @Test
    void missingTypeIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("harbor/push-artifact-default.harbor-docs.json");
        body.remove("type");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.HARBOR, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'type'");
    }

    @Test
    void missingResourcesIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("harbor/push-artifact-default.harbor-docs.json");
        ((ObjectNode) body.get("event_data")).remove("resources");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.HARBOR, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'event_data.resources'");
    }

    @Test
    void invalidConfiguredRegistryFailsAtConstruction() {
        assertThatThrownBy(() -> new HarborNormaliser(Optional.of("not a host/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conveyor.ingest.receivers.harbor.registry");
    }

    @Test
    void factoryHasANormaliserForEveryProvider() throws Exception {
        for (Provider p : Provider.values()) {
            assertThat(Normalisers.forProvider(p, Optional.empty())).as(p.id()).isNotNull();
        }
        assertThat(Normalisers.forProvider(Provider.GOGS, Optional.empty())).isInstanceOf(GiteaNormaliser.class);
        Normaliser configured = Normalisers.forProvider(Provider.HARBOR, Optional.of("registry.local:5000"));
        assertThat(Fixtures.onlyImageTagged(Fixtures.normalise(configured, Provider.HARBOR,
                "harbor/push-image-legacy.harbor-docs-v1.10.json")).registry()).isEqualTo("registry.local:5000");
    }
}
