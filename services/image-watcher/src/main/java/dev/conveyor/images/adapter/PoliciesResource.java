package dev.conveyor.images.adapter;

import dev.conveyor.declarations.InvalidDeclaration;
import dev.conveyor.images.engine.ImageUpdater;
import dev.conveyor.images.policy.ImagePolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Comparator;
import java.util.List;

/** {@code /api/v1/image-policies}: what is watched, what was chosen last, and a way to check one now. */
@Path("/api/v1/image-policies")
@Produces(MediaType.APPLICATION_JSON)
public class PoliciesResource {

    private final PolicyStore policies;
    private final PolicyRunner runner;
    private final ImageUpdater updater;

    public PoliciesResource(PolicyStore policies, PolicyRunner runner, ImageUpdater updater) {
        this.policies = policies;
        this.runner = runner;
        this.updater = updater;
    }

    public record PolicyView(String name, String image, String strategy, String repoURL, String branch, String path,
                             ImageUpdater.Status status) {
    }

    public record PoliciesView(String revision, List<PolicyView> policies, List<InvalidDeclaration> invalid) {
    }

    @GET
    public PoliciesView list() {
        return new PoliciesView(policies.revision(), policies.all().stream()
                .sorted(Comparator.comparing(ImagePolicy::name)).map(this::view).toList(), policies.invalid());
    }

    @GET
    @Path("{name}")
    public PolicyView get(@PathParam("name") String name) {
        return view(policies.get(name).orElseThrow(() -> new NotFoundException("no image policy " + name)));
    }

    /** Checks the policy now (as a registry webhook would) and answers with the result. */
    @POST
    @Path("{name}/check")
    public PolicyView check(@PathParam("name") String name) {
        ImagePolicy policy = policies.get(name).orElseThrow(() -> new NotFoundException("no image policy " + name));
        runner.checkNow(policy, "api");
        return view(policy);
    }

    private PolicyView view(ImagePolicy p) {
        return new PolicyView(p.name(), p.image().toString(), p.strategy().toString(), p.writeBack().repoURL(),
                p.writeBack().branch(), p.writeBack().path(), updater.status(p.name()).orElse(null));
    }
}
