package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sync hooks: Jobs or Pods annotated {@value #HOOK_ANNOTATION}: PreSync|PostSync|SyncFail. They are not part of the
 * normal set (never diffed, never pruned): PreSync ones run before the first wave, PostSync ones after the last wave
 * is healthy, SyncFail ones when the sync failed. A hook succeeds when Healthy (Job Complete, Pod Succeeded) and fails
 * when Degraded. {@value #DELETE_POLICY_ANNOTATION} (comma-separated) says when to delete it: BeforeHookCreation (the
 * default when the annotation is absent), HookSucceeded, HookFailed.
 */
public final class Hooks {

    public static final String HOOK_ANNOTATION = "conveyor.dev/hook";
    public static final String DELETE_POLICY_ANNOTATION = "conveyor.dev/hook-delete-policy";
    public static final Set<String> HOOK_KINDS = Set.of("Job", "Pod");

    public enum Type {
        PRE_SYNC("PreSync"), POST_SYNC("PostSync"), SYNC_FAIL("SyncFail");

        private final String value;

        Type(String value) {
            this.value = value;
        }

        /** The annotation value: PreSync, PostSync, SyncFail. */
        public String value() {
            return value;
        }
    }

    public enum DeletePolicy {
        BEFORE_HOOK_CREATION("BeforeHookCreation"), HOOK_SUCCEEDED("HookSucceeded"), HOOK_FAILED("HookFailed");

        private final String value;

        DeletePolicy(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    private Hooks() {
    }

    /**
     * @return the hook type, or empty for a normal object
     * @throws IllegalArgumentException for an unknown hook type or a hook that is not a Job or Pod
     */
    public static Optional<Type> type(HasMetadata object) {
        String value = annotation(object, HOOK_ANNOTATION);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Type type = Arrays.stream(Type.values()).filter(t -> t.value.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(ResourceKey.of(object) + ": unknown hook '" + value
                        + "' (PreSync, PostSync or SyncFail)"));
        if (!HOOK_KINDS.contains(object.getKind())) {
            throw new IllegalArgumentException(ResourceKey.of(object) + ": only Jobs and Pods can be hooks");
        }
        return Optional.of(type);
    }

    /** Whether the (live) object is a hook, whatever its type; such objects are never pruned. */
    public static boolean isHook(HasMetadata object) {
        String value = annotation(object, HOOK_ANNOTATION);
        return value != null && !value.isBlank();
    }

    /**
     * @return the delete policies; {BeforeHookCreation} when the annotation is absent
     * @throws IllegalArgumentException for an unknown policy
     */
    public static Set<DeletePolicy> deletePolicies(HasMetadata object) {
        String value = annotation(object, DELETE_POLICY_ANNOTATION);
        if (value == null || value.isBlank()) {
            return EnumSet.of(DeletePolicy.BEFORE_HOOK_CREATION);
        }
        EnumSet<DeletePolicy> policies = EnumSet.noneOf(DeletePolicy.class);
        for (String part : value.split(",")) {
            String name = part.trim();
            policies.add(Arrays.stream(DeletePolicy.values()).filter(p -> p.value.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(ResourceKey.of(object) + ": unknown "
                            + DELETE_POLICY_ANNOTATION + " '" + name + "'")));
        }
        return policies;
    }

    private static String annotation(HasMetadata object, String name) {
        Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }
}
