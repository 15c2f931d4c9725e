package dev.conveyor.promoter.engine;

import dev.conveyor.events.FreightCreated;
import dev.conveyor.events.PromotionApproved;
import dev.conveyor.events.PromotionBlocked;
import dev.conveyor.events.PromotionEvent;
import dev.conveyor.events.PromotionFailed;
import dev.conveyor.events.PromotionHoldReleased;
import dev.conveyor.events.PromotionRequested;
import dev.conveyor.events.PromotionStarted;
import dev.conveyor.events.PromotionSucceeded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the promoter knows about one pipeline, built only by applying its events in order — at run time as they
 * are published, and at start by reading {@code conveyor.promotions} from the beginning. Pure: no I/O, no clock.
 */
public final class PipelineState {

    /** A promotion that was requested and not finished; {@code commit} is set once it started. */
    public record Promotion(String freight, PromotionEvent.Kind kind, String requestedBy, Instant requestedAt,
                            String commit, Instant startedAt, List<String> approvers) {
        Promotion started(String commit, Instant at, List<String> approvers) {
            return new Promotion(freight, kind, requestedBy, requestedAt, commit, at, approvers);
        }
    }

    public record Hold(String freight, String by, Instant at) {
    }

    public record Blocked(String freight, PromotionBlocked.Gate gate, String message, Instant until) {
    }

    public record Failure(String freight, String reason, Instant at) {
    }

    /** One stage. */
    public static final class Stage {
        String current;
        Instant verifiedAt;
        Promotion promotion;
        Blocked blocked;
        Hold hold;
        Failure lastFailure;
        /** freight → approver → the approver's groups when they approved (from the token), in approval order. */
        final Map<String, Map<String, Set<String>>> approvals = new LinkedHashMap<>();
        final List<String> history = new ArrayList<>();

        public Optional<String> current() {
            return Optional.ofNullable(current);
        }

        public Optional<Instant> verifiedAt() {
            return Optional.ofNullable(verifiedAt);
        }

        public Optional<Promotion> promotion() {
            return Optional.ofNullable(promotion);
        }

        public Optional<Blocked> blocked() {
            return Optional.ofNullable(blocked);
        }

        public Optional<Hold> hold() {
            return Optional.ofNullable(hold);
        }

        public Optional<Failure> lastFailure() {
            return Optional.ofNullable(lastFailure);
        }

        /** Who approved the freight for this stage, in approval order. */
        public Set<String> approvals(String freight) {
            return approvals.getOrDefault(freight, Map.of()).keySet();
        }

        /** The groups an approver had (in the token) when approving. */
        public Set<String> approverGroups(String freight, String approver) {
            return approvals.getOrDefault(freight, Map.of()).getOrDefault(approver, Set.of());
        }

        /** Freight that ran successfully in this stage, oldest first (rollback targets). */
        public List<String> history() {
            return List.copyOf(history);
        }
    }

    private final String pipeline;
    private final Map<String, Freight> freight = new LinkedHashMap<>();
    private final Map<String, Stage> stages = new LinkedHashMap<>();

    public PipelineState(String pipeline) {
        this.pipeline = pipeline;
    }

    public String pipeline() {
        return pipeline;
    }

    public Stage stage(String name) {
        return stages.computeIfAbsent(name, n -> new Stage());
    }

    public Optional<Freight> freight(String id) {
        return Optional.ofNullable(freight.get(id));
    }

    /** All freight, newest first. */
    public List<Freight> freight() {
        List<Freight> all = new ArrayList<>(freight.values());
        java.util.Collections.reverse(all);
        return all;
    }

    /** Freight ids whose unique prefix is {@code prefix}. */
    public List<String> freightMatching(String prefix) {
        return freight.keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    }

    /** Applies one event that happened at {@code at}. */
    public void apply(PromotionEvent event, Instant at) {
        if (event instanceof FreightCreated c) {
            freight.putIfAbsent(c.freight(), new Freight(c.freight(), c.images(), at));
            return;
        }
        Stage s = stage(event.stage());
        if (event instanceof PromotionRequested r) {
            s.promotion = new Promotion(r.freight(), r.kind(), r.requestedBy(), at, null, null, List.of());
            s.blocked = null;
        } else if (event instanceof PromotionApproved a) {
            s.approvals.computeIfAbsent(a.freight(), f -> new LinkedHashMap<>()).put(a.approver(), Set.copyOf(a.groups()));
        } else if (event instanceof PromotionBlocked b) {
            s.blocked = new Blocked(b.freight(), b.gate(), b.message(), b.until());
        } else if (event instanceof PromotionStarted st) {
            Promotion p = s.promotion != null && s.promotion.freight().equals(st.freight()) ? s.promotion
                    : new Promotion(st.freight(), st.kind(), null, at, null, null, List.of());
            s.promotion = p.started(st.commit(), at, st.approvers());
            if (st.hold()) s.hold = new Hold(st.freight(), p.requestedBy(), at);
            s.blocked = null;
        } else if (event instanceof PromotionSucceeded ok) {
            s.current = ok.freight();
            s.verifiedAt = at;
            s.history.remove(ok.freight());
            s.history.add(ok.freight());
            if (s.promotion != null && s.promotion.freight().equals(ok.freight())) s.promotion = null;
            s.lastFailure = null;
        } else if (event instanceof PromotionFailed f) {
            if (s.promotion != null && s.promotion.freight().equals(f.freight())) s.promotion = null;
            s.lastFailure = new Failure(f.freight(), f.reason(), at);
        } else if (event instanceof PromotionHoldReleased) {
            s.hold = null;
        }
    }
}
