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

class EcrNormaliserTest {

    private static final EcrNormaliser NORMALISER = new EcrNormaliser();
    private static final Set<String> COVERED = new TreeSet<>();
    private static final String PUSH = "eventbridge-image-action-push.aws-docs.json";

    private static Normalised ecr(String file) throws MalformedWebhookException {
        COVERED.add(file);
        return Fixtures.normalise(NORMALISER, Provider.ECR, "ecr/" + file);
    }

    private static Normalised variant(ObjectNode body) throws MalformedWebhookException {
        return Fixtures.normalise(NORMALISER, Provider.ECR, body);
    }

    @Test
    void everyEcrFixtureIsCovered() throws Exception {
        push();
        assertThat(COVERED).containsExactlyInAnyOrderElementsOf(Fixtures.files("ecr"));
    }

    @Test
    void push() throws Exception {
        ImageTagged e = Fixtures.onlyImageTagged(ecr(PUSH));
        assertThat(e.registry()).isEqualTo("123456789012.dkr.ecr.us-west-2.amazonaws.com");
        assertThat(e.repository()).isEqualTo("my-repository-name");
        assertThat(e.tag()).isEqualTo("latest");
        // the published digest has only 60 hex digits
        assertThat(e.digest()).isNull();
        assertThat(e.mediaType()).isNull();
        assertThat(e.provider()).isEqualTo("ecr");
        assertThat(e.pushedAt()).isEqualTo(Instant.parse("2019-11-16T01:54:34Z"));
    }

    @Test
    void wellFormedDigestAndMediaTypeAreKept() throws Exception {
        ObjectNode body = Fixtures.mutable("ecr/" + PUSH);
        String digest = "sha256:" + "ab".repeat(32);
        ((ObjectNode) body.get("detail")).put("image-digest", digest)
                .put("manifest-media-type", "application/vnd.oci.image.manifest.v1+json");
        ImageTagged e = Fixtures.onlyImageTagged(variant(body));
        assertThat(e.digest()).isEqualTo(digest);
        assertThat(e.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
    }

    @Test
    void untaggedPushIsIgnored() throws Exception {
        ObjectNode body = Fixtures.mutable("ecr/" + PUSH);
        ((ObjectNode) body.get("detail")).remove("image-tag");
        assertThat(Fixtures.ignored(variant(body)).reason()).contains("untagged");
    }

    @Test
    void deleteFailureAndOtherEventsAreIgnored() throws Exception {
        ObjectNode delete = Fixtures.mutable("ecr/" + PUSH);
        ((ObjectNode) delete.get("detail")).put("action-type", "DELETE");
        assertThat(Fixtures.ignored(variant(delete)).reason()).contains("DELETE");

        ObjectNode failure = Fixtures.mutable("ecr/" + PUSH);
        ((ObjectNode) failure.get("detail")).put("result", "FAILURE");
        assertThat(Fixtures.ignored(variant(failure)).reason()).contains("FAILURE");

        ObjectNode scan = Fixtures.mutable("ecr/" + PUSH);
        scan.put("detail-type", "ECR Image Scan");
        assertThat(Fixtures.ignored(variant(scan)).reason()).contains("ECR Image Scan");

        ObjectNode other = Fixtures.mutable("ecr/" + PUSH);
        other.put("source", "aws.s3");
        assertThat(Fixtures.ignored(variant(other)).reason()).contains("aws.s3");
    }

    @Test
    void chinaRegionsUseTheirDomain() throws Exception {
        ObjectNode body = Fixtures.mutable("ecr/" + PUSH);
        body.put("region", "cn-north-1");
        assertThat(Fixtures.onlyImageTagged(variant(body)).registry())
                .isEqualTo("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn");
    }

    @Test
    void missingRepositoryNameIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("ecr/" + PUSH);
        ((ObjectNode) body.get("detail")).remove("repository-name");
        assertThatThrownBy(() -> variant(body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'detail.repository-name'");
    }

    @Test
    void missingDetailTypeIsMalformedNamingTheField() {
        ObjectNode body = Fixtures.mutable("ecr/" + PUSH);
        body.remove("detail-type");
        assertThatThrownBy(() -> variant(body))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageContaining("'detail-type'");
    }
}
