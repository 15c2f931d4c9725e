package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.util.List;

/**
 * Amazon ECR, whose only notifications are EventBridge events, delivered here by an EventBridge API destination with
 * the event JSON as the body: a successful {@code ECR Image Action} {@code PUSH} with a tag becomes an event on
 * {@code <account>.dkr.ecr.<region>.amazonaws.com}.
 */
public final class EcrNormaliser implements Normaliser {

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String source = Json.requiredText(body, "source");
        String detailType = Json.requiredText(body, "detail-type");
        if (!source.equals("aws.ecr")) {
            return Normalised.Ignored.because("EventBridge event from " + Json.quote(source) + " is not from ECR");
        }
        if (!detailType.equals("ECR Image Action")) {
            return Normalised.Ignored.because("ECR " + Json.quote(detailType) + " event is not an image push");
        }
        String action = Json.requiredText(body, "detail.action-type");
        if (!action.equals("PUSH")) {
            return Normalised.Ignored.because("ECR image action " + Json.quote(action) + " is not a push");
        }
        String result = Json.requiredText(body, "detail.result");
        if (!result.equals("SUCCESS")) {
            return Normalised.Ignored.because("ECR image push result " + Json.quote(result) + " is not a success");
        }
        String tag = Json.text(body, "detail.image-tag");
        if (tag == null) {
            return Normalised.Ignored.because("untagged ECR image push (no detail.image-tag)");
        }
        String account = Json.requiredText(body, "account");
        String region = Json.requiredText(body, "region");
        // China regions live under amazonaws.com.cn.
        String domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        String registry = Images.registry(account + ".dkr.ecr." + region + "." + domain, "account/region");
        return new Normalised.Events(List.of(Images.tagged(registry,
                Images.repository(Json.requiredText(body, "detail.repository-name"), "detail.repository-name"),
                Images.tag(tag, "detail.image-tag"), Json.text(body, "detail.image-digest"),
                Json.text(body, "detail.manifest-media-type"), "ecr", Json.instant(body, "time"))));
    }
}
