package dev.conveyor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.deploy.RenderedObjects.Obj;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders each overlay with real Kustomize and checks the objects: schema (fabric8's model, unknown fields fail),
 * structural CRD schemas, what every Deployment must have, no Secret with data, every Secret reference documented.
 */
class KustomizeOverlaysTest {

    static final String OVERLAYS = "deploy/kustomize/overlays/";
    static final Set<String> CRD_KINDS = Set.of("Application", "ImagePolicy", "Pipeline", "Subscription");
    static final Map<String, List<Obj>> RENDERED = new ConcurrentHashMap<>();

    static List<Obj> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> RenderedObjects.parse(Repo.kustomize(OVERLAYS + o)));
    }

    static <T> List<T> typed(List<Obj> objects, Class<T> type) {
        return objects.stream().map(Obj::typed).filter(type::isInstance).map(type::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "ha"})
    void everyObjectOfAKnownKindMatchesTheKubernetesSchema(String overlay) {
        List<Obj> objects = render(overlay);
        assertThat(objects).as("rendered objects").hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (Obj o : objects) {
            assertThat(o.tree().path("apiVersion").asText()).as(o.id() + " apiVersion").isNotEmpty();
            assertThat(o.name()).as(o.id() + " name").isNotEmpty();
            if (o.known()) {
                RenderedObjects.unknownFields(o.typed()).forEach(f -> problems.add(o.id() + ": unknown field " + f));
            }
        }
        assertThat(problems).as("fields the Kubernetes schema does not know").isEmpty();
        Set<String> kinds = objects.stream().map(Obj::kind).collect(Collectors.toSet());
        assertThat(kinds).contains("Namespace", "Deployment", "Service", "ServiceAccount", "PodDisruptionBudget",
                "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "ConfigMap", "Kafka", "KafkaNodePool",
                "KafkaTopic", "PrometheusRule", "PodMonitor");
        // Everything but cluster-scoped kinds lands in the conveyor namespace.
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");
        for (Obj o : objects) {
            if (!clusterScoped.contains(o.kind())) {
                assertThat(o.tree().path("metadata").path("namespace").asText()).as(o.id() + " namespace").isEqualTo("conveyor");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "ha"})
    void crdsForTheFourDeclarationKindsHaveStructuralSchemas(String overlay) {
        List<CustomResourceDefinition> crds = typed(render(overlay), CustomResourceDefinition.class);
        assertThat(crds.stream().map(c -> c.getSpec().getNames().getKind())).containsExactlyInAnyOrderElementsOf(CRD_KINDS);
        List<Obj> crdObjects = render(overlay).stream().filter(o -> o.kind().equals("CustomResourceDefinition")).toList();
        for (Obj o : crdObjects) {
            JsonNode spec = o.tree().path("spec");
            assertThat(spec.path("group").asText()).isEqualTo("conveyor.dev");
            assertThat(o.tree().path("apiVersion").asText()).isEqualTo("apiextensions.k8s.io/v1");
            assertThat(o.name()).isEqualTo(spec.path("names").path("plural").asText() + ".conveyor.dev");
            List<String> problems = new ArrayList<>();
            int storage = 0;
            for (JsonNode version : spec.path("versions")) {
                assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
                storage += version.path("storage").asBoolean() ? 1 : 0;
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                assertThat(schema.isObject()).as(o.id() + " has an openAPIV3Schema").isTrue();
                StructuralSchema.check(schema, "openAPIV3Schema", true, problems);
                assertThat(schema.path("properties").path("spec").path("properties").size())
                        .as(o.id() + " describes spec's fields").isGreaterThan(1);
            }
            assertThat(storage).as(o.id() + " storage versions").isEqualTo(1);
            assertThat(problems).as(o.id() + " structural schema").isEmpty();
        }
        for (CustomResourceDefinition crd : crds) {
            for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
                assertThat(v.getSchema().getOpenAPIV3Schema().getType()).isEqualTo("object");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "ha"})
    void everyDeploymentIsProbedBoundedAndLockedDown(String overlay) {
        List<Deployment> deployments = typed(render(overlay), Deployment.class);
        assertThat(deployments.stream().map(d -> d.getMetadata().getName())).containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
        for (Deployment d : deployments) {
            String id = "Deployment/" + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            boolean podNonRoot = pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot());
            assertThat(pod.getContainers()).as(id + " containers").isNotEmpty();
            for (Container c : pod.getContainers()) {
                String cid = id + " container " + c.getName();
                assertThat(c.getReadinessProbe()).as(cid + " readinessProbe").isNotNull();
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(cid + " readiness path").isEqualTo("/q/health/ready");
                assertThat(c.getLivenessProbe()).as(cid + " livenessProbe").isNotNull();
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(cid + " liveness path").isEqualTo("/q/health/live");
                assertThat(c.getResources()).as(cid + " resources").isNotNull();
                assertThat(c.getResources().getRequests()).as(cid + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(cid + " limits").containsKey("memory");
                boolean nonRoot = podNonRoot || (c.getSecurityContext() != null
                        && Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot()));
                assertThat(nonRoot).as(cid + " runAsNonRoot").isTrue();
                assertThat(c.getSecurityContext()).as(cid + " securityContext").isNotNull();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(cid + " readOnlyRootFilesystem").isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(cid + " allowPrivilegeEscalation").isFalse();
                String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                        .map(m -> m.getName()).findFirst().orElse(null);
                assertThat(tmpVolume).as(cid + " mounts a volume at /tmp (Git clones)").isNotNull();
                assertThat(pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow()
                        .getEmptyDir()).as(cid + " /tmp is an emptyDir").isNotNull();
                assertThat(c.getEnv().stream().map(EnvVar::getName)).as(cid + " env").contains("KAFKA_BOOTSTRAP_SERVERS");
            }
            // Only the syncer talks to the Kubernetes API.
            boolean token = !Boolean.FALSE.equals(pod.getAutomountServiceAccountToken());
            assertThat(token).as(id + " mounts a service account token").isEqualTo(d.getMetadata().getName().equals("syncer"));
        }
    }

    @Test
    void replicasPerOverlay() {
        for (Deployment d : typed(render("small"), Deployment.class)) {
            assertThat(d.getSpec().getReplicas()).as("small: " + d.getMetadata().getName()).isEqualTo(1);
        }
        for (Deployment d : typed(render("ha"), Deployment.class)) {
            String name = d.getMetadata().getName();
            if (name.equals("promoter")) {
                // One active replica is assumed (docs/promoter.md); Recreate so an update never runs two.
                assertThat(d.getSpec().getReplicas()).as("ha: promoter").isEqualTo(1);
                assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
            } else {
                assertThat(d.getSpec().getReplicas()).as("ha: " + name).isGreaterThanOrEqualTo(2);
            }
        }
        for (String overlay : List.of("small", "ha")) {
            Set<String> pdbs = typed(render(overlay), PodDisruptionBudget.class).stream()
                    .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
            assertThat(pdbs).as(overlay + " PodDisruptionBudgets").containsAll(Repo.SERVICES);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "ha"})
    void secretsAreReferencedByNameNeverShippedAndEveryOneIsDocumented(String overlay) {
        List<Obj> objects = render(overlay);
        for (Obj o : objects) {
            if (o.kind().equals("Secret")) {
                assertThat(o.tree().path("data").size() + o.tree().path("stringData").size())
                        .as(o.id() + " carries data: Secrets are created by the operator, never shipped").isZero();
            }
        }
        Set<String> referenced = new TreeSet<>();
        Set<String> configMapRefs = new TreeSet<>();
        for (Deployment d : typed(objects, Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            for (Container c : pod.getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValue() == null) {
                        assertThat(e.getValueFrom()).as(d.getMetadata().getName() + " env " + e.getName()).isNotNull();
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        referenced.add(e.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        configMapRefs.add(e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                    if (e.getName().endsWith("_SECRET") || e.getName().endsWith("_PASSWORD")) {
                        assertThat(e.getValue()).as(d.getMetadata().getName() + " " + e.getName() + " inlined").isNull();
                    }
                }
                for (EnvFromSource from : c.getEnvFrom()) {
                    if (from.getSecretRef() != null) {
                        referenced.add(from.getSecretRef().getName());
                    }
                }
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null) {
                    referenced.add(v.getSecret().getSecretName());
                }
            }
        }
        assertThat(referenced).as("Secrets the Deployments reference").isNotEmpty();
        Set<String> documented = documentedSecrets();
        assertThat(documented).as("Secrets named in docs/deploy.md").containsAll(referenced);
        Set<String> configMaps = objects.stream().filter(o -> o.kind().equals("ConfigMap")).map(Obj::name).collect(Collectors.toSet());
        assertThat(configMaps).as("ConfigMaps the env refers to are rendered").containsAll(configMapRefs);
    }

    /** Names in backticks ({@code `conveyor-...`}) in the "Secrets" section of docs/deploy.md. */
    static Set<String> documentedSecrets() {
        String doc = Repo.read("docs/deploy.md");
        int start = doc.indexOf("\n## Secrets\n");
        assertThat(start).as("docs/deploy.md has a '## Secrets' section").isNotNegative();
        int end = doc.indexOf("\n## ", start + 1);
        doc = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`(conveyor-[a-z0-9-]+)`").matcher(doc);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"small", "ha"})
    void theServicesThatNeedNoKubernetesApiGetNoRbac(String overlay) {
        List<Obj> objects = render(overlay);
        List<String> bindings = objects.stream().filter(o -> o.kind().endsWith("RoleBinding")).map(Obj::name).toList();
        assertThat(bindings).containsExactly("conveyor-syncer");
        for (Obj o : objects) {
            if (o.kind().endsWith("RoleBinding")) {
                for (Iterator<JsonNode> it = o.tree().path("subjects").elements(); it.hasNext(); ) {
                    JsonNode s = it.next();
                    assertThat(s.path("name").asText()).isEqualTo("conveyor-syncer");
                    assertThat(s.path("namespace").asText()).isEqualTo("conveyor");
                }
            }
        }
    }
}
