package dev.conveyor.promoter.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conveyor.declarations.DeclarationException;
import dev.conveyor.declarations.Fields;
import dev.conveyor.declarations.KindParser;
import dev.conveyor.declarations.Manifest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates {@code Pipeline} documents; see docs/promoter.md for a complete example. Unknown fields are
 * errors, and every error names the field's path.
 */
public final class PipelineParser implements KindParser<Pipeline> {

    private static final Pattern GO_DURATION = Pattern.compile("((\\d+)(ms|s|m|h|d))+");
    private static final Pattern GO_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Set<String> KINDS = Set.of("kustomize", "helm", "marker");

    @Override
    public String kind() {
        return Pipeline.KIND;
    }

    @Override
    public Pipeline parse(Manifest manifest) throws DeclarationException {
        ObjectNode spec = Fields.conveyorSpec(manifest);
        Fields.allowOnly(spec, "spec", Set.of("images", "stages"));

        List<Pipeline.ImageSpec> images = new ArrayList<>();
        List<JsonNode> imageNodes = Fields.list(spec, "spec", "images");
        if (imageNodes.isEmpty()) throw new DeclarationException("spec.images", "must name at least one image");
        Set<String> seenImages = new HashSet<>();
        for (int i = 0; i < imageNodes.size(); i++) {
            String at = Fields.index("spec.images", i);
            JsonNode n = imageNodes.get(i);
            if (!n.isObject()) throw new DeclarationException(at, "must be an object");
            Fields.allowOnly(n, at, Set.of("image", "kustomizeName", "helm", "marker"));
            String image = Fields.requireText(n, at, "image");
            if (image.contains("@") || image.substring(image.lastIndexOf('/') + 1).contains(":")) {
                throw new DeclarationException(at + ".image", "must be registry/repository without tag or digest");
            }
            if (!seenImages.add(image)) throw new DeclarationException(at + ".image", "is listed twice");
            ObjectNode helm = Fields.object(n, at, "helm");
            String helmRepository = null, helmTag = "image.tag", helmDigest = null;
            if (helm != null) {
                Fields.allowOnly(helm, at + ".helm", Set.of("repository", "tag", "digest"));
                helmRepository = Fields.text(helm, at + ".helm", "repository");
                helmTag = Fields.text(helm, at + ".helm", "tag");
                helmDigest = Fields.text(helm, at + ".helm", "digest");
            }
            String kustomizeName = Fields.text(n, at, "kustomizeName");
            String marker = Fields.text(n, at, "marker");
            images.add(new Pipeline.ImageSpec(image, kustomizeName == null ? image : kustomizeName, helmRepository,
                    helmTag, helmDigest, marker == null ? image.substring(image.lastIndexOf('/') + 1) : marker));
        }

        List<Pipeline.Stage> stages = new ArrayList<>();
        List<JsonNode> stageNodes = Fields.list(spec, "spec", "stages");
        if (stageNodes.size() < 2) throw new DeclarationException("spec.stages", "must have at least two stages");
        Set<String> names = new HashSet<>();
        Set<String> applications = new HashSet<>();
        for (int i = 0; i < stageNodes.size(); i++) {
            String at = Fields.index("spec.stages", i);
            JsonNode n = stageNodes.get(i);
            if (!n.isObject()) throw new DeclarationException(at, "must be an object");
            Fields.allowOnly(n, at, Set.of("name", "application", "writeBack", "gates", "timeout"));
            String name = Fields.requireText(n, at, "name");
            if (!Fields.isDns1123Label(name)) throw new DeclarationException(at + ".name", "must be a DNS-1123 label");
            if (!names.add(name)) throw new DeclarationException(at + ".name", "'" + name + "' is used twice");
            String application = Fields.requireText(n, at, "application");
            if (!applications.add(application)) {
                throw new DeclarationException(at + ".application", "'" + application + "' runs another stage already");
            }
            Pipeline.WriteTarget target = writeTarget(Fields.requireObject(n, at, "writeBack"), at + ".writeBack", images);
            ObjectNode gatesNode = Fields.object(n, at, "gates");
            if (i == 0 && gatesNode != null) {
                throw new DeclarationException(at + ".gates", "the first stage is fed by the image-watcher and has no gates");
            }
            Pipeline.Gates gates = gatesNode == null ? Pipeline.Gates.open() : gates(gatesNode, at + ".gates");
            String timeout = Fields.text(n, at, "timeout");
            stages.add(new Pipeline.Stage(name, application, target, gates,
                    timeout == null ? Duration.ofMinutes(10) : duration(timeout, at + ".timeout")));
        }
        return new Pipeline(manifest.name(), images, stages, manifest.file());
    }

    private static Pipeline.WriteTarget writeTarget(ObjectNode w, String at, List<Pipeline.ImageSpec> images)
            throws DeclarationException {
        Fields.allowOnly(w, at, Set.of("repoURL", "branch", "path", "kind", "tag", "digest"));
        String kind = Fields.text(w, at, "kind");
        if (kind == null) kind = "kustomize";
        if (!KINDS.contains(kind)) throw new DeclarationException(at + ".kind", "must be kustomize, helm or marker");
        boolean tag = Fields.bool(w, at, "tag", true), digest = Fields.bool(w, at, "digest", false);
        if (!tag && !digest) throw new DeclarationException(at, "must write the tag, the digest or both");
        if (kind.equals("helm")) {
            for (Pipeline.ImageSpec image : images) {
                if (tag && image.helmTag() == null) {
                    throw new DeclarationException(at + ".tag", "image " + image.image() + " has no helm.tag key");
                }
                if (digest && image.helmDigest() == null) {
                    throw new DeclarationException(at + ".digest", "image " + image.image() + " has no helm.digest key");
                }
            }
        }
        return new Pipeline.WriteTarget(Fields.requireText(w, at, "repoURL"), Fields.requireText(w, at, "branch"),
                Fields.relativePath(Fields.requireText(w, at, "path"), at + ".path"), kind, tag, digest);
    }

    private static Pipeline.Gates gates(ObjectNode g, String at) throws DeclarationException {
        Fields.allowOnly(g, at, Set.of("autoPromote", "approvals", "soak", "freezeWindows", "conditions"));
        boolean auto = Fields.bool(g, at, "autoPromote", true);
        Pipeline.Approvals approvals = Pipeline.Approvals.NONE;
        ObjectNode a = Fields.object(g, at, "approvals");
        if (a != null) {
            String here = at + ".approvals";
            Fields.allowOnly(a, here, Set.of("required", "users", "groups", "allowAuthor"));
            String required = Fields.text(a, here, "required");
            int count;
            try {
                count = required == null ? 1 : Integer.parseInt(required);
            } catch (NumberFormatException e) {
                throw new DeclarationException(here + ".required", "must be a number");
            }
            if (count < 0 || count > 20) throw new DeclarationException(here + ".required", "must be between 0 and 20");
            Set<String> users = new LinkedHashSet<>(Fields.textList(a, here, "users"));
            Set<String> groups = new LinkedHashSet<>(Fields.textList(a, here, "groups"));
            if (count > 0 && users.isEmpty() && groups.isEmpty()) {
                throw new DeclarationException(here, "must name the users or groups who may approve");
            }
            approvals = new Pipeline.Approvals(count, users, groups, Fields.bool(a, here, "allowAuthor", false));
        }
        String soak = Fields.text(g, at, "soak");
        List<FreezeWindow> freezes = new ArrayList<>();
        List<JsonNode> windows = Fields.list(g, at, "freezeWindows");
        for (int i = 0; i < windows.size(); i++) {
            String here = Fields.index(at + ".freezeWindows", i);
            JsonNode w = windows.get(i);
            Fields.allowOnly(w, here, Set.of("cron", "duration", "timeZone"));
            String cron = Fields.requireText(w, here, "cron");
            Duration d = duration(Fields.requireText(w, here, "duration"), here + ".duration");
            String tz = Fields.text(w, here, "timeZone");
            ZoneId zone;
            try {
                zone = tz == null ? ZoneId.of("UTC") : ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new DeclarationException(here + ".timeZone", "is not a time zone: " + tz);
            }
            try {
                freezes.add(new FreezeWindow(cron, d, zone));
            } catch (IllegalArgumentException e) {
                throw new DeclarationException(here + ".cron", "is not a cron expression (minute hour day month weekday): "
                        + e.getMessage());
            }
        }
        List<String> conditions = Fields.textList(g, at, "conditions");
        for (int i = 0; i < conditions.size(); i++) {
            String problem = Conditions.check(conditions.get(i));
            if (problem != null) throw new DeclarationException(Fields.index(at + ".conditions", i), problem);
        }
        return new Pipeline.Gates(auto, approvals, soak == null ? Duration.ZERO : duration(soak, at + ".soak"), freezes,
                conditions);
    }

    /** {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 2d}, or ISO-8601 {@code PT5M}. */
    static Duration duration(String text, String field) throws DeclarationException {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) return Duration.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new DeclarationException(field, "is not a duration: " + text);
        }
        if (!GO_DURATION.matcher(t).matches()) {
            throw new DeclarationException(field, "is not a duration (like 90s, 5m, 1h30m, 2d or PT5M): " + text);
        }
        Duration d = Duration.ZERO;
        Matcher m = GO_PART.matcher(t);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return d;
    }
}
