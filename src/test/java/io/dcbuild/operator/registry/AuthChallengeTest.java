package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesABearerChallengeWithQuotedCommas() {
        List<AuthChallenge> challenges = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\","
                + "service=\"registry.example\",scope=\"repository:a/b:pull,push\"");

        assertThat(challenges).containsExactly(new AuthChallenge("bearer", Map.of(
                "realm", "https://auth.example/token",
                "service", "registry.example",
                "scope", "repository:a/b:pull,push")));
    }

    @Test
    void prefersBearerOverBasicAcrossHeaderValuesAndWithinOne() {
        assertThat(AuthChallenge.preferred(List.of("Basic realm=\"Registry Realm\"",
                "Bearer realm=\"https://t\"")).orElseThrow().isBearer()).isTrue();
        assertThat(AuthChallenge.preferred(List.of("Basic realm=\"x\", Bearer realm=\"https://t\",service=s"))
                .orElseThrow().parameters()).containsEntry("service", "s");
        assertThat(AuthChallenge.preferred(List.of("basic realm=local-registry")).orElseThrow().isBasic()).isTrue();
        assertThat(AuthChallenge.preferred(List.of())).isEmpty();
    }
}
