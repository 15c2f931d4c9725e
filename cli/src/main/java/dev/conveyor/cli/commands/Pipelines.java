package dev.conveyor.cli.commands;

import dev.conveyor.cli.wire.PromoterApi.Freight;
import dev.conveyor.cli.wire.PromoterApi.Gate;
import dev.conveyor.cli.wire.PromoterApi.Image;
import dev.conveyor.cli.wire.PromoterApi.Pending;

import java.util.stream.Collectors;

/** How pipeline fields read in tables. */
final class Pipelines {

    /** Shown freight ids: {@code f-} and 7 characters, like Git's short shas; long enough to type back as a prefix. */
    static final int SHORT_ID = 9;

    private Pipelines() {
    }

    static String shortId(String id) {
        return id == null || id.length() <= SHORT_ID ? id : id.substring(0, SHORT_ID);
    }

    /** {@code payments:1.4.1, worker:1.4.1}: each image by the last segment of its repository. */
    static String images(Freight freight) {
        if (freight == null) return null;
        return freight.images().stream().map(Pipelines::image).collect(Collectors.joining(", "));
    }

    static String image(Image image) {
        String repo = image.image() == null ? "?" : image.image();
        String name = repo.substring(repo.lastIndexOf('/') + 1);
        if (image.tag() != null && !image.tag().isBlank()) return name + ":" + image.tag();
        if (image.digest() != null) return name + "@" + shortDigest(image.digest());
        return name;
    }

    /** {@code f-77aa01b: APPROVAL 1/2 (alice); FREEZE: until 2026-12-01}: the freight waiting and what it waits for. */
    static String waitingFor(Pending pending) {
        if (pending == null || pending.gates().isEmpty()) return null;
        String gates = pending.gates().stream().map(Pipelines::gate).collect(Collectors.joining("; "));
        return pending.freight() == null ? gates : shortId(pending.freight()) + ": " + gates;
    }

    static String gate(Gate gate) {
        String name = gate.gate() == null ? "GATE" : gate.gate();
        if ("APPROVAL".equals(name)) {
            String count = gate.required() == null ? "" : " " + gate.approvals().size() + "/" + gate.required();
            String who = gate.approvals().isEmpty() ? "" : " (" + String.join(", ", gate.approvals()) + ")";
            return name + count + who;
        }
        return gate.message() == null || gate.message().isBlank() ? name : name + ": " + gate.message();
    }

    private static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        String hex = colon < 0 ? digest : digest.substring(colon + 1);
        return (colon < 0 ? "" : digest.substring(0, colon + 1)) + (hex.length() > 12 ? hex.substring(0, 12) : hex);
    }
}
