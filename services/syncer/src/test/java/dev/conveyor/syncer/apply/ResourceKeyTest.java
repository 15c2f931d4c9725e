package dev.conveyor.syncer.apply;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceKeyTest {

    @Test
    void idIsGroupKindNamespaceName() {
        assertThat(ResourceKey.of("apps/v1", "Deployment", "shop", "web").id()).isEqualTo("apps/Deployment/shop/web");
        assertThat(ResourceKey.of("v1", "ConfigMap", "shop", "cfg").toString()).isEqualTo("/ConfigMap/shop/cfg");
        assertThat(ResourceKey.of("rbac.authorization.k8s.io/v1", "ClusterRole", null, "reader").id())
                .isEqualTo("rbac.authorization.k8s.io/ClusterRole//reader");
    }

    @Test
    void encodedFormCarriesTheApiVersionAndParsesBack() {
        for (ResourceKey key : List.of(ResourceKey.of("apps/v1", "Deployment", "shop", "web"),
                ResourceKey.of("v1", "ConfigMap", "shop", "cfg"),
                ResourceKey.of("v1", "Namespace", "", "shop"),
                ResourceKey.of("example.com/v1alpha1", "Widget", "", "w"))) {
            ResourceKey parsed = ResourceKey.parse(key.encode());
            assertThat(parsed).isEqualTo(key);
            assertThat(parsed.apiVersion()).isEqualTo(key.apiVersion());
            assertThat(parsed.namespace()).isEqualTo(key.namespace());
        }
        assertThat(ResourceKey.of("apps/v1", "Deployment", "shop", "web").encode()).isEqualTo("apps/v1/Deployment/shop/web");
        assertThatThrownBy(() -> ResourceKey.parse("Deployment/web")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVersionIsNotPartOfTheIdentity() {
        assertThat(ResourceKey.of("apps/v1", "Deployment", "shop", "web"))
                .isEqualTo(ResourceKey.of("apps/v1beta1", "Deployment", "shop", "web"))
                .hasSameHashCodeAs(ResourceKey.of("apps/v1beta1", "Deployment", "shop", "web"))
                .isNotEqualTo(ResourceKey.of("extensions/v1beta1", "Deployment", "shop", "web"));
    }

    @Test
    void sortsByGroupKindNamespaceName() {
        TreeSet<ResourceKey> keys = new TreeSet<>(List.of(
                ResourceKey.of("apps/v1", "Deployment", "shop", "web"),
                ResourceKey.of("v1", "Service", "shop", "web"),
                ResourceKey.of("v1", "ConfigMap", "b", "x"),
                ResourceKey.of("v1", "ConfigMap", "a", "y")));
        assertThat(keys).extracting(ResourceKey::id).containsExactly(
                "/ConfigMap/a/y", "/ConfigMap/b/x", "/Service/shop/web", "apps/Deployment/shop/web");
    }

    @Test
    void inventoryRoundTripsThroughStringsAndListsEachKindOnce() {
        Inventory inventory = Inventory.of(List.of(
                ResourceKey.of("apps/v1", "Deployment", "shop", "web"),
                ResourceKey.of("apps/v1", "Deployment", "shop", "api"),
                ResourceKey.of("v1", "ConfigMap", "shop", "cfg")));
        assertThat(Inventory.decode(inventory.encode())).isEqualTo(inventory);
        assertThat(inventory.encode()).containsExactly("v1/ConfigMap/shop/cfg", "apps/v1/Deployment/shop/api",
                "apps/v1/Deployment/shop/web");
        assertThat(inventory.kinds()).containsExactly(new Inventory.Kind("v1", "ConfigMap"),
                new Inventory.Kind("apps/v1", "Deployment"));
    }
}
