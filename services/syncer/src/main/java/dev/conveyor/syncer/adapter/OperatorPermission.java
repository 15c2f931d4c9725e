package dev.conveyor.syncer.adapter;

import dev.conveyor.syncer.auth.Operators;
import io.quarkus.security.PermissionChecker;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * The {@value #OPERATE} permission that guards the state-changing API ({@code @PermissionsAllowed(OPERATE)}): reads the
 * verified caller from the {@link SecurityIdentity} and asks {@link Operators}. Quarkus answers an anonymous caller
 * with 401 before this runs, and a caller this refuses with 403 (bodies: {@link ApiAuthErrors}).
 *
 * <p>A permission, not a role: roles come from the token's {@code groups}, so a role name could be forged by any
 * identity provider group of the same name; a permission is only ever granted here.
 */
@ApplicationScoped
public class OperatorPermission {

    /** The permission to sync, roll back, pause and resume applications. */
    public static final String OPERATE = "conveyor-syncer:operate";

    private final Operators operators;

    public OperatorPermission(Operators operators) {
        this.operators = operators;
    }

    @PermissionChecker(OPERATE)
    boolean canOperate(SecurityIdentity identity) {
        return operators.allowed(user(identity), groups(identity));
    }

    /** The caller's name: for a JWT, {@code upn}, else {@code preferred_username}, else {@code sub} (SmallRye JWT's rule). */
    static String user(SecurityIdentity identity) {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    /** The token's {@code groups} claim; for another kind of identity, its roles. */
    static Set<String> groups(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Set<String> groups = jwt.getGroups();
            return groups == null ? Set.of() : groups;
        }
        return identity.getRoles();
    }
}
