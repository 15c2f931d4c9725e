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

class AcrNormaliserTest {

    private static final AcrNormaliser NORMALISER = new AcrNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static Normalised acr(String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.ACR, "azure-acr/" + file);
    }

    @Test
    void everyAcrFixtureIsCovered() throws Exception {
        push();
        chartPushIsIgnored();
        deleteIsIgnored();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("azure-acr"));
    }

    @Test
    void push() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(acr("push.acr-docs.json"));
        assertThat(e.registry()).isEqualTo("myregistry.azurecr.io");
        assertThat(e.repository()).isEqualTo("hello-world");
        assertThat(e.tag()).isEqualTo("v1");
        // the published digest is redacted with 'xxxx'
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(e.provider()).isEqualTo("acr");
        // nine fractional digits
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2023-11-17T16:52:01.343145347Z"));
    }

    @Test
    void chartPushIsIgnored() throws Exception {
        Normalised.Ignored ignored = Fixtures.ignored(acr("chart-push.acr-docs.json"));
        assertThat(ignored.reason()).isEqualTo("legacy ACR Helm repository chart, not an OCI image");
        assertThat(ignored.ping()).isFalse();
    }

    @Test
    void deleteIsIgnored() throws Exception {
        assertThat(Fixtures.ignored(acr("delete.acr-docs.json")).reason()).contains("delete");
    }

    @Test
    void quarantineAndUntaggedPushesAreIgnored() throws Exception {
        ObjectNode quarantine = Fixtures.mutable("azure-acr/push.acr-docs.json");
        quarantine.put("action", "quarantine");
        assertThat(Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.ACR, quarantine)).reason())
                .contains("quarantine");
        ObjectNode untagged = Fixtures.mutable("azure-acr/push.acr-docs.json");
        ((ObjectNode) untagged.get("target")).remove("tag");
        assertThat(Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.ACR, untagged)).reason())
                .contains("untagged");
    }

    @Test
    void wellFormedDigestIsKept() throws Exception {
        ObjectNode body = Fixtures.mutable("azure-acr/push.acr-docs.json");
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        ((ObjectNode) body.get("target")).put("digest", digest).put("repository", "Team/Hello-World");
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(NORMALISER, Provider.ACR, body));
        assertThat(e.digest()).isEqualTo(digest);
        assertThat(e.repository()).isEqualTo("team/hello-world");
    }

    @Test
    void missingHostIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("azure-acr/push.acr-docs.json");
        body.remove("request");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.ACR, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'request.host'");
    }

    @Test
    void missingActionIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("azure-acr/push.acr-docs.json");
        body.remove("action");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.ACR, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'action'");
    }
}
