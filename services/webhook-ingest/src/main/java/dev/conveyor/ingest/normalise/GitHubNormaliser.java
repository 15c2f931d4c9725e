package dev.conveyor.ingest.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.RefType;
import dev.conveyor.ingest.domain.Digests;
import dev.conveyor.ingest.domain.MalformedWebhookException;
import dev.conveyor.ingest.domain.Normalised;
import dev.conveyor.ingest.domain.Normaliser;
import dev.conveyor.ingest.domain.WebhookRequest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GitHub (github.com and GitHub Enterprise Server) repository and organisation webhooks, event kind in
 * {@code X-GitHub-Event}: {@code push} becomes a {@link CommitPushed}; GHCR container pushes, which GitHub delivers to
 * the same webhook as {@code package} (and the older {@code registry_package}) events, become ImageTagged.
 */
public final class GitHubNormaliser implements Normaliser {

    static final String EVENT_HEADER = "X-GitHub-Event";
    static final String GHCR = "ghcr.io";

    /** Every event GitHub documents for webhooks; those we do not handle are answered "ignored", not "unknown". */
    private static final Set<String> KNOWN_EVENTS = Set.of(
            "branch_protection_configuration", "branch_protection_rule", "check_run", "check_suite",
            "code_scanning_alert", "commit_comment", "create", "custom_property", "custom_property_values", "delete",
            "dependabot_alert", "deploy_key", "deployment", "deployment_protection_rule", "deployment_review",
            "deployment_status", "discussion", "discussion_comment", "fork", "github_app_authorization", "gollum",
            "installation", "installation_repositories", "installation_target", "issue_comment", "issue_dependencies",
            "issues", "label", "marketplace_purchase", "member", "membership", "merge_group", "meta", "milestone",
            "org_block", "organization", "package", "page_build", "personal_access_token_request", "ping", "project",
            "project_card", "project_column", "projects_v2", "projects_v2_item", "projects_v2_status_update", "public",
            "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread", "push",
            "registry_package", "release", "repository", "repository_advisory", "repository_dispatch",
            "repository_import", "repository_ruleset", "repository_vulnerability_alert", "secret_scanning_alert",
            "secret_scanning_alert_location", "secret_scanning_scan", "security_advisory", "security_and_analysis",
            "sponsorship", "star", "status", "sub_issues", "team", "team_add", "watch", "workflow_dispatch",
            "workflow_job", "workflow_run");

    @Override
    public Normalised normalise(WebhookRequest request, JsonNode body) throws MalformedWebhookException {
        String event = request.headers().lower(EVENT_HEADER).orElseThrow(() -> new MalformedWebhookException(
                "missing " + EVENT_HEADER + " header; cannot tell which GitHub event this is"));
        return switch (event) {
            case "push" -> push(body);
            case "ping" -> Normalised.Ignored.ping("GitHub ping" + hookSuffix(body));
            case "create", "delete" ->
                    Normalised.Ignored.because("GitHub " + event + " event: covered by the push event GitHub sends for the same ref");
            case "package" -> containerPackage(body, "package");
            case "registry_package" -> containerPackage(body, "registry_package");
            default -> {
                if (!KNOWN_EVENTS.contains(event)) {
                    throw new MalformedWebhookException("unknown GitHub event " + Json.quote(event));
                }
                yield Normalised.Ignored.because("GitHub " + event + " event is not a push");
            }
        };
    }

    private static String hookSuffix(JsonNode body) {
        String id = Json.text(body, "hook_id");
        return id == null ? "" : " (hook " + Json.quote(id) + ")";
    }

    private static Normalised push(JsonNode body) throws MalformedWebhookException {
        String ref = Json.requiredText(body, "ref");
        RefType refType = GitPayloads.refType(ref, "ref");
        String repoUrl = Json.firstText(body, "repository.clone_url", "repository.html_url", "repository.url");
        String repository = GitPayloads.repository(repoUrl, "repository.clone_url");
        String before = Json.requiredSha(body, null, "before");
        String after = Json.requiredSha(body, null, "after");
        List<CommitPushed.Commit> commits = GitPayloads.commits(body, "commits");
        boolean created = Json.node(body, "created") != null ? Json.bool(body, "created") : Json.isZeroSha(before);
        boolean deleted = Json.node(body, "deleted") != null ? Json.bool(body, "deleted") : Json.isZeroSha(after);
        CommitPushed event = new CommitPushed(
                repository, ref, refType, RefType.shortName(ref), before, after, commits,
                Json.person(Json.node(body, "pusher"), "name", "email", "username"),
                "github", created, deleted, Json.bool(body, "forced"),
                Json.firstText(body, "compare", "repository.html_url"));
        return new Normalised.Events(List.of(event));
    }

    /**
     * A GitHub Packages publication. Only container images (GHCR) become events.
     *
     * <p>Field choices, from GitHub's real deliveries and octokit's published examples (which are partly
     * inconsistent: their container examples say {@code package_type: "npm"} and {@code name: "hello-world-npm"}
     * while everything else in them names the {@code Codertocat/hello-world} image):
     * <ul>
     *   <li>container or not: {@code package_type} or {@code registry.type} is {@code CONTAINER} (case-insensitive);
     *   <li>tag: {@code package_version.container_metadata.tag.name} (empty for an untagged push, which we ignore);
     *       {@code package_version.version} and {@code name} are the manifest digest, never the tag;
     *   <li>repository: the path of {@code package_version.package_url} ({@code ghcr.io/<owner>/<name>:<tag>}, the
     *       exact pull reference, which also handles nested names like {@code owner/app/api}); only when that is
     *       missing, {@code <package.owner.login>/<package.name>};
     *   <li>digest: the first well-formed of {@code container_metadata.tag.digest}, {@code package_version.version},
     *       {@code package_version.name}, {@code container_metadata.manifest.digest};
     *   <li>pushedAt: {@code package_version.updated_at}/{@code created_at}, which GitHub often fills with
     *       {@code 0001-01-01T00:00:00Z} (treated as unknown), else {@code package.updated_at}.
     * </ul>
     */
    private static Normalised containerPackage(JsonNode body, String key) throws MalformedWebhookException {
        String action = Json.requiredText(body, "action");
        JsonNode pkg = Json.requiredNode(body, key);
        String packageType = Json.text(pkg, "package_type");
        String registryType = Json.text(pkg, "registry.type");
        if (!"container".equalsIgnoreCase(packageType) && !"container".equalsIgnoreCase(registryType)) {
            String type = packageType == null ? "unknown" : packageType.toLowerCase(Locale.ROOT);
            return Normalised.Ignored.because("package type " + type + " is not a container image");
        }
        if (!"published".equals(action)) {
            return Normalised.Ignored.because("GitHub " + key + " action " + Json.quote(action) + " is not a publication");
        }
        JsonNode version = Json.requiredNode(pkg, key, "package_version");
        String where = key + ".package_version";
        String packageUrl = Json.text(version, "package_url");
        String tag = Json.text(version, "container_metadata.tag.name");
        if (tag == null) {
            tag = tagOf(packageUrl);
        }
        if (tag == null) {
            return Normalised.Ignored.because("untagged container push to GHCR (no package_version.container_metadata.tag.name)");
        }
        tag = Images.tag(tag, where + ".container_metadata.tag.name");

        String path = pathOf(packageUrl);
        String repository;
        if (path != null) {
            repository = Images.repository(path, where + ".package_url");
        } else {
            String owner = Json.firstText(pkg, "owner.login", "namespace");
            String name = Json.requiredText(pkg, key, "name");
            if (owner == null) {
                throw new MalformedWebhookException("missing required field '" + key + ".owner.login'");
            }
            repository = Images.repository(owner + "/" + name, key + ".owner.login/" + key + ".name");
        }

        String digest = null;
        for (String candidate : new String[]{
                Json.text(version, "container_metadata.tag.digest"), Json.text(version, "version"),
                Json.text(version, "name"), Json.text(version, "container_metadata.manifest.digest")}) {
            if (Digests.isWellFormed(candidate)) {
                digest = candidate;
                break;
            }
        }
        Instant pushedAt = Json.firstInstant(version, "updated_at", "created_at");
        if (pushedAt == null) {
            pushedAt = Json.instant(pkg, "updated_at");
        }
        return new Normalised.Events(List.of(Images.tagged(GHCR, repository, tag, digest,
                Json.text(version, "container_metadata.manifest.media_type"), "ghcr", pushedAt)));
    }

    /** {@code ghcr.io/Owner/name:tag} or {@code ...@sha256:...} → {@code Owner/name}; null if not a ghcr.io URL. */
    static String pathOf(String packageUrl) {
        String rest = afterGhcr(packageUrl);
        if (rest == null) {
            return null;
        }
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            rest = rest.substring(0, colon);
        }
        return rest.isBlank() ? null : rest;
    }

    /** The tag of a {@code ghcr.io/owner/name:tag} URL; null when there is none (or it is empty). */
    static String tagOf(String packageUrl) {
        String rest = afterGhcr(packageUrl);
        if (rest == null || rest.contains("@")) {
            return null;
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || colon < rest.lastIndexOf('/')) {
            return null;
        }
        String tag = rest.substring(colon + 1);
        return tag.isBlank() ? null : tag;
    }

    private static String afterGhcr(String packageUrl) {
        if (packageUrl == null) {
            return null;
        }
        String u = packageUrl.trim().replaceFirst("^(?i)https?://", "");
        if (!u.toLowerCase(Locale.ROOT).startsWith(GHCR + "/")) {
            return null;
        }
        return u.substring(GHCR.length() + 1);
    }
}
