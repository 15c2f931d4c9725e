package dev.conveyor.syncer.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorsTest {

    private final Operators defaults = new Operators(Set.of(), Set.of("conveyor-operators"));

    @Test
    void aMemberOfAnOperatorGroupIsAnOperator() {
        assertThat(defaults.allowed("alice", Set.of("developers", "conveyor-operators"))).isTrue();
    }

    @Test
    void someoneOutsideTheGroupsIsNot() {
        assertThat(defaults.allowed("bob", Set.of("developers"))).isFalse();
        assertThat(defaults.allowed("bob", Set.of())).isFalse();
        assertThat(defaults.allowed("bob", null)).isFalse();
    }

    @Test
    void groupsMatchExactly() {
        assertThat(defaults.allowed("bob", Set.of("Conveyor-Operators", "conveyor-operators-readonly", "conveyor"))).isFalse();
    }

    @Test
    void aListedUserIsAnOperatorWithoutAnyGroup() {
        Operators operators = new Operators(List.of("release-bot"), Set.of("conveyor-operators"));
        assertThat(operators.allowed("release-bot", Set.of())).isTrue();
        assertThat(operators.allowed("release-bot-2", Set.of())).isFalse();
    }

    @Test
    void nobodyWithoutANameIsAnOperator() {
        assertThat(defaults.allowed(null, Set.of("conveyor-operators"))).isFalse();
        assertThat(defaults.allowed(" ", Set.of("conveyor-operators"))).isFalse();
    }

    @Test
    void withNoUsersAndNoGroupsNobodyIs() {
        assertThat(new Operators(Set.of(), Set.of()).allowed("alice", Set.of("conveyor-operators"))).isFalse();
    }

    @Test
    void refusalsAndActorsNameTheUser() {
        assertThat(Operators.refusal("bob")).isEqualTo("bob is not an operator of the syncer");
        assertThat(Operators.actor("alice")).isEqualTo("api:alice");
    }
}
