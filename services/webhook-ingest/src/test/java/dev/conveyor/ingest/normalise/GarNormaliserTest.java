package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GarNormaliserTest {

    private static final GarNormaliser NORMALISER = new GarNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();
    private static final String INSERT = "pubsub-message-data-insert.fluxcd-docs.json";
    private static final String PUBLISH_TIME = "2021-02-26T19:13:55.121Z";

    /** The Pub/Sub push envelope around message data, as a push subscription delivers it. */
    private static ObjectNode envelope(byte[] data) {
        ObjectNode body = Fixtures.mutable("google-artifact-registry/" + INSERT).objectNode();
        ObjectNode message = body.putObject("message");
        message.put("data", Base64.getEncoder().encodeToString(data));
        message.putObject("attributes");
        message.put("messageId", "2070443601311540");
        message.put("message_id", "2070443601311540");
        message.put("publishTime", PUBLISH_TIME);
        message.put("publish_time", PUBLISH_TIME);
        body.put("subscription", "projects/my-project/subscriptions/conveyor");
        return body;
    }

    private static ObjectNode envelope(String json) {
        return envelope(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Normalised gar(ObjectNode body) throws MalformedWebhookException {
        return Fixtures.normalise(NORMALISER, Provider.GAR, body);
    }

    @Test
    void everyGarFixtureIsCovered() throws Exception {
        insert();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("google-artifact-registry"));
    }

    @Test
    void insert() throws Exception {
        COVERED.add(INSERT);
        ImageTagged e = Fixtures.onlyImageTagged(gar(envelope(Fixtures.bytes("google-artifact-registry/" + INSERT))));
        assertThat(e.registry()).isEqualTo("us-east1-docker.pkg.dev");
        assertThat(e.repository()).isEqualTo("my-project/my-repo/hello-world");
        assertThat(e.tag()).isEqualTo("1.1");
        // the published digest is truncated with '...'
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isNull();
        assertThat(e.provider()).isEqualTo("gar");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse(PUBLISH_TIME));
    }

    @Test
    void wellFormedDigestIsKept() throws Exception {
        String digest = "sha256:" + "6ec128e26cd5".repeat(5) + "abcd";
        ImageTagged e = Fixtures.onlyImageTagged(gar(envelope("{\"action\":\"INSERT\","
                + "\"digest\":\"gcr.io/my-project/app@" + digest + "\",\"tag\":\"gcr.io/my-project/app:v2\"}")));
        assertThat(e.registry()).isEqualTo("gcr.io");
        assertThat(e.repository()).isEqualTo("my-project/app");
        assertThat(e.tag()).isEqualTo("v2");
        assertThat(e.digest()).isEqualTo(digest);
    }

    @Test
    void registryWithPortKeepsTheTagAfterTheLastColon() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(gar(envelope(
                "{\"action\":\"INSERT\",\"tag\":\"registry.local:5000/team/app:1.0\"}")));
        assertThat(e.registry()).isEqualTo("registry.local:5000");
        assertThat(e.repository()).isEqualTo("team/app");
        assertThat(e.tag()).isEqualTo("1.0");
    }

    @Test
    void untaggedInsertAndDeleteAreIgnored() throws Exception {
        assertThat(Fixtures.ignored(gar(envelope("{\"action\":\"INSERT\","
                + "\"digest\":\"us-east1-docker.pkg.dev/p/r/i@sha256:abc\"}"))).reason()).contains("untagged");
        assertThat(Fixtures.ignored(gar(envelope("{\"action\":\"DELETE\","
                + "\"tag\":\"us-east1-docker.pkg.dev/p/r/i:1\"}"))).reason()).contains("DELETE");
    }

    @Test
    void malformedBase64IsMalformed() {
        ObjectNode body = envelope("{}");
        ((ObjectNode) body.get("message")).put("data", "not base64 at all!");
        assertThatThrownBy(() -> gar(body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'message.data' is not valid base64");
    }

    @Test
    void dataThatIsNotJsonIsMalformed() {
        assertThatThrownBy(() -> gar(envelope("INSERT tag=1.0")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("message.data");
    }

    @Test
    void missingDataIsMalformedNamingTheField() {
        ObjectNode body = envelope("{}");
        ((ObjectNode) body.get("message")).remove("data");
        assertThatThrownBy(() -> gar(body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'message.data'");
    }

    @Test
    void missingActionIsMalformedNamingTheField() {
        assertThatThrownBy(() -> gar(envelope("{\"tag\":\"gcr.io/p/app:v1\"}")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'message.data.action'");
    }
}
