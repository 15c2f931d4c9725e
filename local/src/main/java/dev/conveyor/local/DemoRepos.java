package dev.conveyor.local;

import dev.conveyor.testing.git.GitFixture;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's Git: an app repository ({@code payments}: a base and dev/staging/prod overlays) and a control repository
 * with the four declaration kinds — three Applications, an ImagePolicy feeding dev, a three-stage Pipeline whose prod
 * stage needs an approval, and a Subscription — as bare repositories behind file:// URLs.
 */
final class DemoRepos {

    static final List<String> STAGES = List.of("dev", "staging", "prod");

    final GitFixture apps;
    final GitFixture control;
    final String image;

    /**
     * @param benchmark       gates for the benchmark: no soak and prod approved automatically, so every hop is the
     *                        platform's own reaction time
     * @param cluster         the Applications' destination cluster (a context of the syncer's kubeconfig), or null for
     *                        {@code in-cluster}
     * @param serverSideApply the Applications sync with {@code ServerSideApply=true} (real clusters; the in-memory API
     *                        server cannot serve it)
     */
    DemoRepos(Path root, String image, boolean benchmark, String cluster, boolean serverSideApply) {
        this.image = image;
        apps = new GitFixture(root, "apps");
        control = new GitFixture(root, "control");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("payments/base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [deployment.yaml, service.yaml, settings.yaml]
                """);
        files.put("payments/base/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: payments-api, labels: {app: payments-api}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: payments-api}}
                  template:
                    metadata: {labels: {app: payments-api}}
                    spec:
                      containers:
                        - name: api
                          image: %s:1.0.0
                          ports: [{containerPort: 8080}]
                """.formatted(image));
        files.put("payments/base/service.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: payments-api}
                spec: {selector: {app: payments-api}, ports: [{port: 80, targetPort: 8080}]}
                """);
        files.put("payments/base/settings.yaml", settings("welcome"));
        for (String stage : STAGES) files.put("payments/overlays/" + stage + "/kustomization.yaml", overlay("1.0.0"));
        apps.commit("payments: base and overlays", files);

        Map<String, String> declarations = new LinkedHashMap<>();
        StringBuilder applications = new StringBuilder();
        String destinationCluster = cluster == null ? "" : "cluster: " + quoted(cluster) + ", ";
        String syncOptions = serverSideApply ? "CreateNamespace=true, ServerSideApply=true" : "CreateNamespace=true";
        for (String stage : STAGES) {
            if (!applications.isEmpty()) applications.append("---\n");
            applications.append("""
                    apiVersion: conveyor.dev/v1alpha1
                    kind: Application
                    metadata: {name: payments-%s, labels: {team: payments, stage: %s}}
                    spec:
                      source: {repoURL: "%s", targetRevision: main, path: payments/overlays/%s}
                      destination: {%snamespace: payments-%s}
                      syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [%s]}
                    """.formatted(stage, stage, apps.url(), stage, destinationCluster, stage, syncOptions));
        }
        declarations.put("apps/payments.yaml", applications.toString());
        declarations.put("images/payments-api.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: ImagePolicy
                metadata: {name: payments-api}
                spec:
                  image: %s
                  strategy: {semver: {range: "^1.0"}}
                  writeBack:
                    repoURL: "%s"
                    branch: main
                    path: payments/overlays/dev/kustomization.yaml
                    kustomize: {name: %s}
                """.formatted(image, apps.url(), image));
        StringBuilder stages = new StringBuilder();
        for (String stage : STAGES) {
            stages.append("    - name: ").append(stage).append('\n')
                    .append("      application: payments-").append(stage).append('\n')
                    .append("      writeBack: {repoURL: \"").append(apps.url()).append("\", branch: main, path: payments/overlays/")
                    .append(stage).append("/kustomization.yaml}\n");
            if (benchmark) continue;
            if (stage.equals("staging")) stages.append("      gates: {autoPromote: true, soak: 3s}\n");
            if (stage.equals("prod")) {
                stages.append("      gates: {autoPromote: true, approvals: {required: 1, groups: [payments-leads]}}\n");
            }
        }
        declarations.put("pipelines/payments.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Pipeline
                metadata: {name: payments}
                spec:
                  images: [{image: %s}]
                  stages:
                %s""".formatted(image, stages));
        declarations.put("subscriptions/payments.yaml", """
                apiVersion: conveyor.dev/v1alpha1
                kind: Subscription
                metadata: {name: payments-in-prod}
                spec:
                  events: [dev.conveyor.promotion.succeeded.v1]
                  condition: data.stage == "prod"
                  destinations: [slack]
                  templates:
                    default: {title: "payments reached prod", body: "Freight {data.freight} runs in prod at {data.commit}"}
                """);
        control.commit("declarations: applications, image policy, pipeline, subscription", declarations);
    }

    String overlay(String tag) {
        return """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../../base]
                images:
                  - name: %s
                    newTag: %s
                """.formatted(image, tag);
    }

    /** A YAML double-quoted scalar: kubeconfig context names may hold ':' and '/'. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String settings(String greeting) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: payments-settings}
                data: {greeting: "%s"}
                """.formatted(greeting);
    }
}
