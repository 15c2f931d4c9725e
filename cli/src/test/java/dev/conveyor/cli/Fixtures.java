package dev.conveyor.cli;

/** Server answers in the shapes the syncer ({@code ApplicationsResource}) and the promoter API write. */
final class Fixtures {

    private Fixtures() {
    }

    static final String APPLICATIONS = """
            {"applications":[
              {"name":"shop","repoURL":"https://git.example/acme/apps.git","path":"shop","targetRevision":"main",
               "destination":{"cluster":"in-cluster","namespace":"shop"},"automated":true,"syncStatus":"SYNCED",
               "health":"HEALTHY","revision":"9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345","lastResult":"SUCCEEDED",
               "lastSyncAt":"2026-11-30T11:55:00.123456Z","autoSyncPaused":false,"pauseReason":null},
              {"name":"web-staging","repoURL":"https://git.example/acme/apps.git","path":"web/overlays/staging",
               "targetRevision":"HEAD","destination":{"cluster":"staging","namespace":"shop-staging"},"automated":true,
               "syncStatus":"OUT_OF_SYNC","health":"DEGRADED","revision":"1b2c3d4e5f60718293a4b5c6d7e8f90123456789",
               "lastResult":"FAILED","lastSyncAt":"2026-11-30T09:00:00Z","autoSyncPaused":true,
               "pauseReason":"rolled back to 1b2c3d4"},
              {"name":"billing","repoURL":"https://git.example/acme/billing.git","path":"","targetRevision":"HEAD",
               "destination":{"cluster":"in-cluster","namespace":null},"automated":false,"syncStatus":"UNKNOWN",
               "health":null,"revision":null,"lastResult":null,"lastSyncAt":null,"autoSyncPaused":false,"pauseReason":null}
            ],
            "invalid":["apps/broken.yaml[0] Application 'broken': spec.source.targetRevison: unknown field"],
            "revision":"c0ffee1234567890abcdef1234567890abcdef12"}
            """;

    static final String APPLICATION_SHOP = """
            {"name":"shop","repoURL":"https://git.example/acme/apps.git","path":"shop","targetRevision":"main",
             "destination":{"cluster":"in-cluster","namespace":"shop"},"automated":true,"syncStatus":"SYNCED",
             "health":"PROGRESSING","revision":"9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345","lastResult":"SUCCEEDED",
             "lastSyncAt":"2026-11-30T11:55:00.123456Z","autoSyncPaused":false,"pauseReason":null,
             "resources":["v1/Service/shop/shop","apps/v1/Deployment/shop/shop","v1/ConfigMap/shop/shop-config",
                          "rbac.authorization.k8s.io/v1/ClusterRole//shop-reader"],
             "unhealthy":[{"kind":"Deployment","namespace":"shop","name":"shop","health":"PROGRESSING",
                           "message":"Waiting for rollout: 1 of 2 updated replicas are available"}]}
            """;

    static final String SYNC_ACCEPTED = """
            {"requested":{"application":"shop","trigger":"MANUAL","revision":"1b2c3d4","dryRun":true,"requestedBy":"api"},
             "id":"api:5b0c7a52-9d51-4f6e-a8c4-1f0e2d3c4b5a"}
            """;

    private static final String PAYMENTS_STAGES = """
              "name":"payments","images":["registry.example/acme/payments","registry.example/acme/payments-worker"],
              "stages":[
                {"name":"dev","application":"payments-dev",
                 "freight":{"id":"f-77aa01bc9d3e","images":[
                   {"image":"registry.example/acme/payments","tag":"1.5.0","digest":"sha256:5d41402abc4b2a76b9719d911017c592"},
                   {"image":"registry.example/acme/payments-worker","tag":"1.5.0","digest":"sha256:7d793037a0760186574b0282f2f435e7"}],
                   "createdAt":"2026-11-30T11:00:00Z"},
                 "status":"SOAKING",
                 "promotion":{"freight":"f-77aa01bc9d3e","state":"SUCCEEDED","commit":"4e5f60718293a4b5c6d7e8f90123456789abcdef",
                              "startedAt":"2026-11-30T11:01:00Z","message":"promoted"},
                 "pending":null,"hold":null},
                {"name":"staging","application":"payments-staging",
                 "freight":{"id":"f-3a9c1e7b2d40","images":[
                   {"image":"registry.example/acme/payments","tag":"1.4.1","digest":"sha256:aaf4c61ddcc5e8a2dabede0f3b482cd9"},
                   {"image":"registry.example/acme/payments-worker","tag":"1.4.1","digest":"sha256:b6589fc6ab0dc82cf12099d1c2d40ab9"}],
                   "createdAt":"2026-11-30T10:00:00Z"},
                 "status":"VERIFIED",
                 "promotion":{"freight":"f-3a9c1e7b2d40","state":"SUCCEEDED","commit":"9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345",
                              "startedAt":"2026-11-30T10:00:05Z","message":"promoted"},
                 "pending":{"freight":"f-77aa01bc9d3e","gates":[{"gate":"SOAK","message":"in dev for 20m more","approvals":[],"required":null}]},
                 "hold":null},
                {"name":"prod","application":"payments-prod",
                 "freight":{"id":"f-0b1d2e3f4a5b","images":[
                   {"image":"registry.example/acme/payments","tag":"1.3.9","digest":"sha256:356a192b7913b04c54574d18c28d46e6"},
                   {"image":"registry.example/acme/payments-worker","tag":"1.3.9","digest":"sha256:da4b9237bacccdf19c0760cab7aec4a8"}],
                   "createdAt":"2026-11-29T10:00:00Z"},
                 "status":"VERIFIED",
                 "promotion":null,
                 "pending":{"freight":"f-3a9c1e7b2d40","gates":[
                   {"gate":"APPROVAL","message":"1 of 2 approvals","approvals":["alice"],"required":2},
                   {"gate":"HOLD","message":"held by bob","approvals":[],"required":null}]},
                 "hold":{"freight":"f-0b1d2e3f4a5b","by":"bob","at":"2026-11-30T11:00:00Z"}}]
            """;

    static final String PIPELINES = "{\"pipelines\":[{" + PAYMENTS_STAGES + """
            },
            {"name":"notifications","images":["registry.example/acme/notifications"],
             "stages":[{"name":"dev","application":"notifications-dev","freight":null,"status":"EMPTY",
                        "promotion":null,"pending":null,"hold":null}]}]}
            """;

    static final String PIPELINE_PAYMENTS = "{" + PAYMENTS_STAGES + """
            ,
            "freight":[
              {"id":"f-77aa01bc9d3e","images":[{"image":"registry.example/acme/payments","tag":"1.5.0","digest":"sha256:5d41"},
                                               {"image":"registry.example/acme/payments-worker","tag":"1.5.0","digest":"sha256:7d79"}],
               "createdAt":"2026-11-30T11:00:00Z","stages":["dev"]},
              {"id":"f-3a9c1e0055ff","images":[{"image":"registry.example/acme/payments","tag":"1.4.1-rc.1","digest":"sha256:0055"}],
               "createdAt":"2026-11-30T09:30:00Z","stages":[]},
              {"id":"f-3a9c1e7b2d40","images":[{"image":"registry.example/acme/payments","tag":"1.4.1","digest":"sha256:aaf4"},
                                               {"image":"registry.example/acme/payments-worker","tag":"1.4.1","digest":"sha256:b658"}],
               "createdAt":"2026-11-30T10:00:00Z","stages":["staging"]},
              {"id":"f-0b1d2e3f4a5b","images":[{"image":"registry.example/acme/payments","tag":"1.3.9","digest":"sha256:356a"},
                                               {"image":"registry.example/acme/payments-worker","tag":"1.3.9","digest":"sha256:da4b"}],
               "createdAt":"2026-11-29T10:00:00Z","stages":["prod"]}]}
            """;

    static String accepted(String stage, String freight) {
        return "{\"event\":\"5f0d8c1e-2b7a-4c3d-9e8f-a1b2c3d4e5f6\",\"pipeline\":\"payments\",\"stage\":\"" + stage
                + "\",\"freight\":" + (freight == null ? "null" : "\"" + freight + "\"") + "}";
    }
}
