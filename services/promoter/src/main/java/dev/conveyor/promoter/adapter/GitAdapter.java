package dev.conveyor.promoter.adapter;

import dev.conveyor.events.CommitPushed;
import dev.conveyor.events.Person;
import dev.conveyor.events.PromotionEvent.FreightImage;
import dev.conveyor.events.RefType;
import dev.conveyor.events.RepositoryUrls;
import dev.conveyor.git.RepositoryCache;
import dev.conveyor.git.write.FileChange;
import dev.conveyor.git.write.FileEdit;
import dev.conveyor.git.write.GitWriter;
import dev.conveyor.git.write.ImageEdits;
import dev.conveyor.git.write.ImageVersion;
import dev.conveyor.git.write.WriteRequest;
import dev.conveyor.git.write.WriteResult;
import dev.conveyor.promoter.PromoterConfig;
import dev.conveyor.promoter.engine.Freight;
import dev.conveyor.promoter.engine.Ports;
import dev.conveyor.promoter.pipeline.Pipeline;
import dev.conveyor.tracing.EventTracer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.jgit.lib.PersonIdent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Promotions written with the shared write-back library (one commit per promotion, conflict-safe; a write whose
 * versions are already there returns the existing head, so a promotion repeated after a restart makes no second
 * commit) and ancestry read from the clone cache.
 */
@ApplicationScoped
public class GitAdapter implements Ports.Git {

    private final GitWriter writer;
    private final RepositoryCache cache;
    private final PersonIdent author;
    private final KafkaEvents events;
    private final FreightTraces traces;

    public GitAdapter(GitWriter writer, RepositoryCache cache, PromoterConfig config, KafkaEvents events, FreightTraces traces) {
        this.traces = traces;
        this.writer = writer;
        this.cache = cache;
        this.events = events;
        this.author = new PersonIdent(config.git().authorName(), config.git().authorEmail());
    }

    @Override
    public String write(Pipeline pipeline, Pipeline.Stage stage, Freight freight, String message) throws Exception {
        // In the freight's trace: the CommitPushed below leads the syncer's sync of this stage into the same trace.
        try (EventTracer.Traced span = traces.within(pipeline.name(), freight.id(), "write " + pipeline.name() + " → " + stage.name())) {
            String commit = writeAndAnnounce(stage.writeBack(), pipeline, freight, message);
            span.attribute("conveyor.commit", commit);
            return commit;
        }
    }

    private String writeAndAnnounce(Pipeline.WriteTarget w, Pipeline pipeline, Freight freight, String message) throws Exception {
        List<FileChange> changes = new ArrayList<>();
        for (FreightImage image : freight.images()) {
            Pipeline.ImageSpec spec = pipeline.image(image.image())
                    .orElse(new Pipeline.ImageSpec(image.image(), image.image(), null, "image.tag", null,
                            image.image().substring(image.image().lastIndexOf('/') + 1)));
            ImageVersion version = new ImageVersion(image.image(), image.tag(), image.digest());
            boolean digest = w.digest() && image.digest() != null;
            changes.add(new FileChange(w.path(), edit(w, spec, version, digest)));
        }
        WriteResult result = writer.write(new WriteRequest(w.repoURL(), w.branch(), changes, message, author));
        if (result.committed()) {
            Person who = new Person(author.getName(), author.getEmailAddress(), null);
            events.commitPushed(new CommitPushed(RepositoryUrls.canonical(w.repoURL()), "refs/heads/" + w.branch(),
                    RefType.BRANCH, w.branch(), result.previousSha(), result.commitSha(),
                    List.of(new CommitPushed.Commit(result.commitSha(), message, Instant.now(), who, null, List.of(),
                            result.changedPaths(), List.of())), who, "conveyor", false, false, false, null));
        }
        return result.commitSha();
    }

    private static FileEdit edit(Pipeline.WriteTarget w, Pipeline.ImageSpec spec, ImageVersion version, boolean digest) {
        return switch (w.kind()) {
            case "helm" -> ImageEdits.helmValues(spec.helmRepository(), w.tag() ? spec.helmTag() : null,
                    digest ? spec.helmDigest() : null, version);
            case "marker" -> ImageEdits.markers(spec.marker(), version, w.tag(), digest);
            default -> ImageEdits.kustomize(spec.kustomizeName(), null, version, w.tag(), digest);
        };
    }

    @Override
    public boolean contains(String repoURL, String revision, String commit) throws Exception {
        cache.fetch(repoURL);
        return cache.isAncestor(repoURL, commit, revision);
    }
}
