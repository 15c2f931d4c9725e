package dev.conveyor.declarations;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/** A small Application stand-in for loader tests (the real parser lives in the syncer). */
record TestApp(String name, String repoURL, String path, Map<String, String> labels, String file) {

    static final KindParser<TestApp> PARSER = new KindParser<>() {
        @Override
        public String kind() {
            return "Application";
        }

        @Override
        public TestApp parse(Manifest m) throws DeclarationException {
            if (m.name().equals("explode")) {
                throw new IllegalStateException("parser bug");
            }
            ObjectNode spec = Fields.requireObject(m.body(), "", "spec");
            Fields.allowOnly(spec, "spec", Set.of("source"));
            ObjectNode source = Fields.requireObject(spec, "spec", "source");
            Fields.allowOnly(source, "spec.source", Set.of("repoURL", "path"));
            return new TestApp(m.name(), Fields.requireText(source, "spec.source", "repoURL"),
                    Fields.text(source, "spec.source", "path"), m.labels(), m.file());
        }
    };

    /** Another kind, to show that kinds are separate namespaces. */
    record Policy(String name, String image) {
        static final KindParser<Policy> PARSER = new KindParser<>() {
            @Override
            public String kind() {
                return "ImagePolicy";
            }

            @Override
            public Policy parse(Manifest m) throws DeclarationException {
                return new Policy(m.name(), Fields.requireText(Fields.requireObject(m.body(), "", "spec"), "spec", "image"));
            }
        };
    }
}
