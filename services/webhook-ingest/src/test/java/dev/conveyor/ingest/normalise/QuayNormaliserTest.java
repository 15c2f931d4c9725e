package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.events.ImageTagged;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Provider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuayNormaliserTest {

    private static final QuayNormaliser NORMALISER = new QuayNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();

    private static Normalised quay(String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.QUAY, "quay/" + file);
    }

    @Test
    void everyQuayFixtureIsCovered() throws Exception {
        docsPush();
        keelPush();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("quay"));
    }

    @Test
    void docsPush() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(quay("repo-push.quay-docs.json"));
        assertThat(e.registry()).isEqualTo("quay.io");
        // from docker_url (the homepage of this example names another repository)
        assertThat(e.repository()).isEqualTo("dgangaia/test");
        assertThat(e.tag()).isEqualTo("latest");
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isNull();
        assertThat(e.provider()).isEqualTo("quay");
        assertThat(e.pushedAt()).isNull();
    }

    @Test
    void keelPush() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(quay("repo-push.keel.json"));
        assertThat(e.registry()).isEqualTo("quay.io");
        assertThat(e.repository()).isEqualTo("mynamespace/repository");
        assertThat(e.tag()).isEqualTo("1.2.3");
        assertThat(e.provider()).isEqualTo("quay");
    }

    @Test
    void oneEventPerUpdatedTagOnASelfHostedQuay() throws Exception {
        ObjectNode body = Fixtures.mutable("quay/repo-push.keel.json");
        body.put("docker_url", "Quay.Example.com:8443/MyNamespace/repository");
        body.putArray("updated_tags").add("1.2.3").add("latest");
        List<ImageTagged> events = Fixtures.imagesTagged(Fixtures.normalise(NORMALISER, Provider.QUAY, body));
        assertThat(events).extracting(ImageTagged::tag).containsExactly("1.2.3", "latest");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.registry()).isEqualTo("quay.example.com:8443");
            assertThat(e.repository()).isEqualTo("mynamespace/repository");
        });
    }

    @Test
    void withoutDockerUrlTheRepositoryFieldOnQuayIo() throws Exception {
        ObjectNode body = Fixtures.mutable("quay/repo-push.keel.json");
        body.remove("docker_url");
        ImageTagged e = Fixtures.onlyImageTagged(Fixtures.normalise(NORMALISER, Provider.QUAY, body));
        assertThat(e.registry()).isEqualTo("quay.io");
        assertThat(e.repository()).isEqualTo("mynamespace/repository");
    }

    @Test
    void noUpdatedTagsIsIgnored() throws Exception {
        ObjectNode body = Fixtures.mutable("quay/repo-push.keel.json");
        body.putArray("updated_tags");
        assertThat(Fixtures.ignored(Fixtures.normalise(NORMALISER, Provider.QUAY, body)).reason())
                .contains("no updated tags");
    }

    @Test
    void missingUpdatedTagsIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("quay/repo-push.keel.json");
        body.remove("updated_tags");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.QUAY, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'updated_tags'");
    }

    @Test
    void missingDockerUrlAndRepositoryIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("quay/repo-push.keel.json");
        body.remove("docker_url");
        body.remove("repository");
        assertThatThrownBy(() -> Fixtures.normalise(NORMALISER, Provider.QUAY, body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'repository'");
    }
}
