package dev.conveyor.cli.wire;

import java.util.List;

/**
 * The promoter's answers under {@code /api/v1/pipelines}. Wire types only: read with unknown fields ignored; any of
 * {@code freight}, {@code promotion}, {@code pending}, {@code hold} on a stage may be {@code null}.
 */
public final class PromoterApi {

    private PromoterApi() {
    }

    /** {@code GET /api/v1/pipelines}. {@code invalid}: one line per pipeline declaration that was skipped. */
    public record PipelineList(List<Pipeline> pipelines, List<String> invalid, String revision) {
        public PipelineList {
            pipelines = pipelines == null ? List.of() : pipelines;
            invalid = invalid == null ? List.of() : invalid;
        }
    }

    /** One pipeline; {@code GET /api/v1/pipelines/{name}} adds {@code freight}: every known freight, newest first. */
    public record Pipeline(String name, List<String> images, List<Stage> stages, List<Freight> freight) {
        public Pipeline {
            images = images == null ? List.of() : images;
            stages = stages == null ? List.of() : stages;
            freight = freight == null ? List.of() : freight;
        }
    }

    /** {@code status}: EMPTY, PROMOTING, SOAKING, VERIFIED or FAILED. */
    public record Stage(String name, String application, Freight freight, String status, Promotion promotion,
                        Pending pending, Hold hold) {
    }

    /** {@code stages}: where this freight is now (only in a pipeline's freight list). */
    public record Freight(String id, List<Image> images, String createdAt, List<String> stages) {
        public Freight {
            images = images == null ? List.of() : images;
            stages = stages == null ? List.of() : stages;
        }
    }

    public record Image(String image, String tag, String digest) {
    }

    public record Promotion(String freight, String state, String commit, String startedAt, String message) {
    }

    /** Freight waiting to enter the stage, and the gates it still waits for. */
    public record Pending(String freight, List<Gate> gates) {
        public Pending {
            gates = gates == null ? List.of() : gates;
        }
    }

    /** {@code gate}: APPROVAL, FREEZE, CONDITION, HOLD, MANUAL or SOAK; approvals and required for APPROVAL. */
    public record Gate(String gate, String message, List<String> approvals, Integer required) {
        public Gate {
            approvals = approvals == null ? List.of() : approvals;
        }
    }

    public record Hold(String freight, String by, String at) {
    }

    /** 202 answer to approve, promote, rollback and release; {@code waitingFor}: what the freight still waits for, if anything. */
    public record Accepted(String event, String pipeline, String stage, String freight, String by, String waitingFor) {
    }

    /** Body of approve, promote and rollback. */
    public record FreightRequest(String freight) {
    }
}
