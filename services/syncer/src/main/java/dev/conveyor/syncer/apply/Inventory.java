package dev.conveyor.syncer.apply;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The objects an application manages, as of its last sync: what the pruner lists next time (by kind) besides the kinds
 * of the new desired state, so that a kind that left Git entirely is still looked at.
 *
 * <p>Stored by callers as {@link #encode()} strings ({@code apiVersion/kind/namespace/name}, see {@link ResourceKey}).
 *
 * @param resources sorted by {@link ResourceKey#BY_ID}
 */
public record Inventory(SortedSet<ResourceKey> resources) {

    public static final Inventory EMPTY = new Inventory(new TreeSet<>());

    /** One kind to list: its apiVersion (for the request) and kind. */
    public record Kind(String apiVersion, String kind) {
        public String group() {
            return ResourceKey.groupOf(apiVersion);
        }
    }

    public Inventory {
        resources = Collections.unmodifiableSortedSet(new TreeSet<>(resources == null ? Set.of() : resources));
    }

    public static Inventory of(Collection<ResourceKey> keys) {
        return new Inventory(new TreeSet<>(keys));
    }

    /** Reads {@link #encode()}'s strings; null → empty. */
    public static Inventory decode(Collection<String> encoded) {
        if (encoded == null) {
            return EMPTY;
        }
        return of(encoded.stream().map(ResourceKey::parse).toList());
    }

    /** {@code apiVersion/kind/namespace/name} strings, sorted. */
    public Set<String> encode() {
        return resources.stream().map(ResourceKey::encode).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The kinds, one per group and kind (the first apiVersion seen wins). */
    public Set<Kind> kinds() {
        Map<String, Kind> byGroupKind = new LinkedHashMap<>();
        for (ResourceKey key : resources) {
            byGroupKind.putIfAbsent(key.group() + "/" + key.kind(), new Kind(key.apiVersion(), key.kind()));
        }
        return new LinkedHashSet<>(byGroupKind.values());
    }

    public Inventory plus(Collection<ResourceKey> more) {
        TreeSet<ResourceKey> all = new TreeSet<>(resources);
        all.addAll(more);
        return new Inventory(all);
    }

    public boolean isEmpty() {
        return resources.isEmpty();
    }
}
