package dev.conveyor.syncer.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies one Kubernetes object: group, kind, namespace and name. The apiVersion is carried along because requests
 * need it, but it is not part of the identity: {@code apps/v1 Deployment shop/web} and {@code apps/v1beta1 Deployment
 * shop/web} are the same object.
 *
 * <p>Two string forms, both stable:
 * <ul>
 *   <li>{@link #toString()} / {@link #id()}: {@code group/kind/namespace/name}, e.g. {@code apps/Deployment/shop/web},
 *       {@code /ConfigMap/shop/settings} (core group), {@code rbac.authorization.k8s.io/ClusterRole//reader}
 *       (cluster-scoped). The identity; used in messages and in the tracking id.</li>
 *   <li>{@link #encode()} / {@link #parse(String)}: {@code apiVersion/kind/namespace/name}, e.g.
 *       {@code apps/v1/Deployment/shop/web}, {@code v1/ConfigMap/shop/settings}. Used for inventories, because listing a
 *       kind again later needs its apiVersion. Parsed from the right: names, namespaces and kinds contain no '/'.</li>
 * </ul>
 */
public final class ResourceKey implements Comparable<ResourceKey> {

    /** Natural order: group, kind, namespace, name. */
    public static final Comparator<ResourceKey> BY_ID = Comparator.comparing(ResourceKey::group)
            .thenComparing(ResourceKey::kind)
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name);

    private final String apiVersion;
    private final String kind;
    private final String namespace;
    private final String name;

    private ResourceKey(String apiVersion, String kind, String namespace, String name) {
        this.apiVersion = requireText(apiVersion, "apiVersion");
        this.kind = requireText(kind, "kind");
        this.namespace = namespace == null ? "" : namespace;
        this.name = requireText(name, "name");
    }

    /** @param namespace null or "" for cluster-scoped objects */
    public static ResourceKey of(String apiVersion, String kind, String namespace, String name) {
        return new ResourceKey(apiVersion, kind, namespace, name);
    }

    /** The key of an object as it stands (its namespace as set, possibly none). */
    public static ResourceKey of(HasMetadata object) {
        Objects.requireNonNull(object, "object");
        if (object.getMetadata() == null) {
            throw new IllegalArgumentException(object.getKind() + " without metadata");
        }
        return new ResourceKey(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(),
                object.getMetadata().getName());
    }

    /** Parses {@link #encode()}'s form: {@code apiVersion/kind/namespace/name}. */
    public static ResourceKey parse(String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        int nameSlash = encoded.lastIndexOf('/');
        int namespaceSlash = nameSlash <= 0 ? -1 : encoded.lastIndexOf('/', nameSlash - 1);
        int kindSlash = namespaceSlash <= 0 ? -1 : encoded.lastIndexOf('/', namespaceSlash - 1);
        if (kindSlash <= 0) {
            throw new IllegalArgumentException("not an encoded resource key (apiVersion/kind/namespace/name): " + encoded);
        }
        return new ResourceKey(encoded.substring(0, kindSlash), encoded.substring(kindSlash + 1, namespaceSlash),
                encoded.substring(namespaceSlash + 1, nameSlash), encoded.substring(nameSlash + 1));
    }

    /** The group of an apiVersion: "" for the core group ({@code v1}). */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** "" for the core group. */
    public String group() {
        return groupOf(apiVersion);
    }

    public String kind() {
        return kind;
    }

    /** "" for cluster-scoped objects (never null). */
    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public boolean clusterScoped() {
        return namespace.isEmpty();
    }

    /** Same identity, another namespace ("" = cluster-scoped). */
    public ResourceKey withNamespace(String newNamespace) {
        return new ResourceKey(apiVersion, kind, newNamespace, name);
    }

    /** The identity: {@code group/kind/namespace/name}. */
    public String id() {
        return group() + "/" + kind + "/" + namespace + "/" + name;
    }

    /** {@code apiVersion/kind/namespace/name}; {@link #parse(String)} reads it back. */
    public String encode() {
        return apiVersion + "/" + kind + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(ResourceKey other) {
        return BY_ID.compare(this, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceKey k && group().equals(k.group()) && kind.equals(k.kind)
                && namespace.equals(k.namespace) && name.equals(k.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group(), kind, namespace, name);
    }

    @Override
    public String toString() {
        return id();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("resource " + what + " is missing");
        }
        return value;
    }
}
