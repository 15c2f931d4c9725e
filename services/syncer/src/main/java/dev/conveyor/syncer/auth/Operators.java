package dev.conveyor.syncer.auth;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Who may change things through the syncer's API: a user named in {@code users}, or a member of one of {@code groups}.
 * Plain Java: the caller's name and groups come from the verified token (see {@code adapter.OperatorPermission}).
 * Names and groups match exactly (case-sensitive), as identity providers issue them.
 */
public final class Operators {

    private final Set<String> users;
    private final Set<String> groups;

    public Operators(Collection<String> users, Collection<String> groups) {
        this.users = Set.copyOf(Objects.requireNonNull(users, "users"));
        this.groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    /** Whether {@code user} (null or blank: nobody) in {@code userGroups} is an operator. */
    public boolean allowed(String user, Collection<String> userGroups) {
        if (user == null || user.isBlank()) {
            return false;
        }
        if (users.contains(user)) {
            return true;
        }
        return userGroups != null && userGroups.stream().anyMatch(groups::contains);
    }

    /** What a refused caller is told. */
    public static String refusal(String user) {
        return user + " is not an operator of the syncer";
    }

    /** Who an API action is recorded as: {@code api:<user>}, in SyncRequested's {@code requestedBy} and the log. */
    public static String actor(String user) {
        return "api:" + user;
    }

    @Override
    public String toString() {
        return "Operators{users=" + users + ", groups=" + groups + "}";
    }
}
