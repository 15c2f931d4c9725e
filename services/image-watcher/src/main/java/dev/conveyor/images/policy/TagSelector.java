package dev.conveyor.images.policy;

import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pure part of choosing a version: which tags a policy allows and, for the strategies that order by the tag
 * itself (semver, alphabetical, numerical), their order, best first. Strategies that need the registry (newest build,
 * digest, a platform filter) start from {@link #allowed} and look further.
 */
public final class TagSelector {

    /** Cosign signatures, attestations and SBOMs live as tags beside the image; they are never a version to deploy. */
    static final Pattern COSIGN_TAG = Pattern.compile("sha256-[a-f0-9]{64}(\\.[a-z]+)?");

    private TagSelector() {
    }

    /** A tag the policy allows, with the part it is sorted by. */
    public record Candidate(String tag, String sortKey) {
    }

    /** The tags the policy allows, in the registry's order. */
    public static List<Candidate> allowed(ImagePolicy policy, List<String> tags) {
        List<Candidate> out = new ArrayList<>();
        for (String tag : tags) {
            if (COSIGN_TAG.matcher(tag).matches()) continue;
            if (policy.ignoreTags().stream().anyMatch(p -> p.matcher(tag).find())) continue;
            String key = tag;
            if (policy.allowTags() != null) {
                Matcher m = policy.allowTags().matcher(tag);
                if (!m.find()) continue;
                key = hasGroup(policy.allowTags(), "version") && m.group("version") != null ? m.group("version") : tag;
            }
            out.add(new Candidate(tag, key));
        }
        return out;
    }

    /**
     * Allowed tags best first, for strategies that order by the tag. Tags that cannot be read as the strategy needs
     * (not a version, not a number) or fall outside the range are left out.
     */
    public static List<Candidate> ranked(ImagePolicy policy, List<String> tags) {
        List<Candidate> allowed = allowed(policy, tags);
        Strategy strategy = policy.strategy();
        if (strategy instanceof Strategy.Semver s) return semver(s, allowed);
        if (strategy instanceof Strategy.Alphabetical a) {
            return sorted(allowed, Comparator.comparing(Candidate::sortKey).thenComparing(Candidate::tag), a.order());
        }
        if (strategy instanceof Strategy.Numerical n) {
            return sorted(allowed.stream().filter(c -> isInteger(c.sortKey())).toList(),
                    Comparator.comparing((Candidate c) -> new BigInteger(c.sortKey())).thenComparing(Candidate::tag), n.order());
        }
        throw new IllegalArgumentException(strategy + " is not ordered by tag: it needs the registry");
    }

    private static List<Candidate> semver(Strategy.Semver s, List<Candidate> allowed) {
        RangesList range = RangesListFactory.create(s.range());
        record Versioned(Candidate c, Semver v) {
        }
        List<Versioned> ok = new ArrayList<>();
        for (Candidate c : allowed) {
            Semver v = parseSemver(c.sortKey());
            if (v == null) continue;
            boolean pre = !v.getPreRelease().isEmpty();
            if (pre && !s.prereleases()) continue;
            // npm ranges exclude prereleases of other versions; opting in compares the release part, so ^1.2 admits
            // 1.4.0-rc.1 (and still orders it below 1.4.0).
            Semver probe = pre ? Semver.of(v.getMajor(), v.getMinor(), v.getPatch()) : v;
            if (!range.isSatisfiedBy(probe) && !range.isSatisfiedBy(v)) continue;
            ok.add(new Versioned(c, v));
        }
        ok.sort(Comparator.comparing(Versioned::v).thenComparing(x -> x.c().tag()).reversed());
        return ok.stream().map(Versioned::c).toList();
    }

    /** Valid semver, with an optional leading {@code v}; build metadata kept but not ordered. */
    public static Semver parseSemver(String text) {
        String t = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        return Semver.isValid(t) ? Semver.parse(t) : null;
    }

    /** Checks a range the way {@link #ranked} will use it; the message is for a declaration error. */
    public static String checkRange(String range) {
        try {
            RangesList list = RangesListFactory.create(range);
            return list.get().isEmpty() ? "is not a semver range" : null;
        } catch (RuntimeException e) {
            return "is not a semver range: " + e.getMessage();
        }
    }

    private static List<Candidate> sorted(List<Candidate> candidates, Comparator<Candidate> ascending, Strategy.Order order) {
        List<Candidate> out = new ArrayList<>(candidates);
        out.sort(order == Strategy.Order.DESC ? ascending.reversed() : ascending);
        return out;
    }

    private static boolean isInteger(String s) {
        return !s.isEmpty() && s.length() < 40 && s.chars().allMatch(Character::isDigit);
    }

    private static boolean hasGroup(Pattern p, String group) {
        return p.pattern().contains("(?<" + group + ">");
    }
}
