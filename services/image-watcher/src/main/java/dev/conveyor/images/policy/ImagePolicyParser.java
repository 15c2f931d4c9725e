package dev.conveyor.images.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Fields;
import dev.conveyor.declarations.KindParser;
import dev.conveyor.declarations.Manifest;
import dev.conveyor.images.registry.ImageRef;
import dev.conveyor.images.registry.Platform;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses and validates {@code ImagePolicy} documents.
 *
 * <pre>
 * apiVersion: conveyor.dev/v1alpha1
 * kind: ImagePolicy
 * metadata: {name: payments-api}
 * spec:
 *   image: registry.example.com/acme/payments-api
 *   strategy:                      # exactly one of:
 *     semver: {range: "^1.2", prereleases: false}
 *     # newestBuild: {}
 *     # digest: {tag: latest}
 *     # alphabetical: {order: desc}
 *     # numerical: {order: desc}
 *   allowTags: '^v?(?&lt;version&gt;\d+\.\d+\.\d+)$'   # optional; group "version" is what is sorted
 *   ignoreTags: ['-debug$']        # optional; cosign .sig/.att/.sbom tags are always ignored
 *   platform: linux/arm64          # optional; only tags whose image offers it
 *   credentials: acme-registry     # optional; conveyor.images.registry.credentials."acme-registry".*
 *   writeBack:
 *     repoURL: https://git.example.com/acme/deploy.git
 *     branch: main
 *     path: apps/payments/dev/kustomization.yaml
 *     kustomize: {name: acme/payments-api, newName: registry.example.com/acme/payments-api, tag: true, digest: false}
 *     # helm: {repository: image.repository, tag: image.tag, digest: image.digest}
 *     # marker: {tag: true, digest: false}
 *     commitMessage: "image: {policy} {from} → {to}"     # Qute template
 *     author: {name: conveyor-image-watcher, email: image-watcher@conveyor.dev}
 * </pre>
 */
public final class ImagePolicyParser implements KindParser<ImagePolicy> {

    private static final Engine QUTE = Engine.builder().addDefaults().build();

    @Override
    public String kind() {
        return ImagePolicy.KIND;
    }

    @Override
    public ImagePolicy parse(Manifest manifest) throws DeclarationException {
        ObjectNode spec = Fields.conveyorSpec(manifest);
        Fields.allowOnly(spec, "spec", Set.of("image", "strategy", "allowTags", "ignoreTags", "platform",
                "credentials", "writeBack"));

        ImageRef image;
        try {
            image = ImageRef.parse(Fields.requireText(spec, "spec", "image"));
        } catch (IllegalArgumentException e) {
            throw new DeclarationException("spec.image", e.getMessage());
        }
        Strategy strategy = strategy(Fields.requireObject(spec, "spec", "strategy"));
        Pattern allow = regex(Fields.text(spec, "spec", "allowTags"), "spec.allowTags");
        List<Pattern> ignore = new ArrayList<>();
        List<String> ignoreTexts = Fields.textList(spec, "spec", "ignoreTags");
        for (int i = 0; i < ignoreTexts.size(); i++) ignore.add(regex(ignoreTexts.get(i), Fields.index("spec.ignoreTags", i)));
        Platform platform = null;
        String platformText = Fields.text(spec, "spec", "platform");
        if (platformText != null) {
            try {
                platform = Platform.parse(platformText);
            } catch (IllegalArgumentException e) {
                throw new DeclarationException("spec.platform", e.getMessage());
            }
        }
        String credentials = Fields.text(spec, "spec", "credentials");
        WriteBack writeBack = writeBack(Fields.requireObject(spec, "spec", "writeBack"));
        return new ImagePolicy(manifest.name(), image, strategy, allow, ignore, platform, credentials, writeBack,
                manifest.file());
    }

    private static Strategy strategy(ObjectNode s) throws DeclarationException {
        String at = "spec.strategy";
        Fields.allowOnly(s, at, Set.of("semver", "newestBuild", "digest", "alphabetical", "numerical"));
        if (s.size() != 1) {
            throw new DeclarationException(at, "must name exactly one strategy: semver, newestBuild, digest, "
                    + "alphabetical or numerical");
        }
        String name = s.fieldNames().next();
        ObjectNode o = Fields.object(s, at, name);
        if (o == null) o = s.objectNode();
        String here = at + "." + name;
        return switch (name) {
            case "semver" -> {
                Fields.allowOnly(o, here, Set.of("range", "prereleases"));
                String range = Fields.requireText(o, here, "range");
                String problem = TagSelector.checkRange(range);
                if (problem != null) throw new DeclarationException(here + ".range", problem);
                yield new Strategy.Semver(range, Fields.bool(o, here, "prereleases", false));
            }
            case "newestBuild" -> {
                Fields.allowOnly(o, here, Set.of());
                yield new Strategy.NewestBuild();
            }
            case "digest" -> {
                Fields.allowOnly(o, here, Set.of("tag"));
                yield new Strategy.Digest(Fields.requireText(o, here, "tag"));
            }
            case "alphabetical" -> {
                Fields.allowOnly(o, here, Set.of("order"));
                yield new Strategy.Alphabetical(order(o, here));
            }
            default -> {
                Fields.allowOnly(o, here, Set.of("order"));
                yield new Strategy.Numerical(order(o, here));
            }
        };
    }

    private static Strategy.Order order(ObjectNode o, String at) throws DeclarationException {
        String order = Fields.text(o, at, "order");
        if (order == null) return Strategy.Order.DESC;
        return switch (order.toLowerCase(Locale.ROOT)) {
            case "asc" -> Strategy.Order.ASC;
            case "desc" -> Strategy.Order.DESC;
            default -> throw new DeclarationException(at + ".order", "must be asc or desc");
        };
    }

    private static WriteBack writeBack(ObjectNode w) throws DeclarationException {
        String at = "spec.writeBack";
        Fields.allowOnly(w, at, Set.of("repoURL", "branch", "path", "kustomize", "helm", "marker", "commitMessage", "author"));
        String repo = Fields.requireText(w, at, "repoURL");
        String branch = Fields.requireText(w, at, "branch");
        String path = Fields.relativePath(Fields.requireText(w, at, "path"), at + ".path");
        List<String> kinds = new ArrayList<>();
        for (String k : List.of("kustomize", "helm", "marker")) if (w.has(k)) kinds.add(k);
        if (kinds.size() != 1) {
            throw new DeclarationException(at, "must have exactly one of kustomize, helm or marker");
        }
        String kind = kinds.get(0);
        ObjectNode e = Fields.object(w, at, kind);
        if (e == null) e = w.objectNode();
        String here = at + "." + kind;
        WriteBack.Edit edit = switch (kind) {
            case "kustomize" -> {
                Fields.allowOnly(e, here, Set.of("name", "newName", "tag", "digest"));
                boolean tag = Fields.bool(e, here, "tag", true), digest = Fields.bool(e, here, "digest", false);
                if (!tag && !digest) throw new DeclarationException(here, "must write the tag, the digest or both");
                yield new WriteBack.Kustomize(Fields.requireText(e, here, "name"), Fields.text(e, here, "newName"), tag, digest);
            }
            case "helm" -> {
                Fields.allowOnly(e, here, Set.of("repository", "tag", "digest"));
                String tag = Fields.text(e, here, "tag"), digest = Fields.text(e, here, "digest");
                if (tag == null && digest == null) throw new DeclarationException(here, "must name a tag key, a digest key or both");
                yield new WriteBack.HelmValues(Fields.text(e, here, "repository"), tag, digest);
            }
            default -> {
                Fields.allowOnly(e, here, Set.of("tag", "digest"));
                boolean tag = Fields.bool(e, here, "tag", true), digest = Fields.bool(e, here, "digest", false);
                if (!tag && !digest) throw new DeclarationException(here, "must write the tag, the digest or both");
                yield new WriteBack.Marker(tag, digest);
            }
        };
        String message = Fields.text(w, at, "commitMessage");
        if (message == null) message = WriteBack.DEFAULT_MESSAGE;
        try {
            QUTE.parse(message);
        } catch (TemplateException ex) {
            throw new DeclarationException(at + ".commitMessage", "is not a valid template: " + ex.getMessage());
        }
        ObjectNode author = Fields.object(w, at, "author");
        String authorName = "conveyor-image-watcher", authorEmail = "image-watcher@conveyor.dev";
        if (author != null) {
            Fields.allowOnly(author, at + ".author", Set.of("name", "email"));
            authorName = Fields.requireText(author, at + ".author", "name");
            authorEmail = Fields.requireText(author, at + ".author", "email");
        }
        return new WriteBack(repo, branch, path, edit, message, authorName, authorEmail);
    }

    private static Pattern regex(String text, String field) throws DeclarationException {
        if (text == null) return null;
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new DeclarationException(field, "is not a valid regular expression: " + e.getDescription());
        }
    }

}
