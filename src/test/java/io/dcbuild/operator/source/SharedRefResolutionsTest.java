package io.dcbuild.operator.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.testing.GitHttpServer;
import io.dcbuild.operator.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real git server over smart HTTP: what reaches the server when many builds ask for one ref. */
class SharedRefResolutionsTest {

    static GitHttpServer git;

    @BeforeAll
    static void start() {
        git = GitHttpServer.start();
    }

    @AfterAll
    static void stop() {
        git.close();
    }

    @Test
    void concurrentAndRecentAsksForOneRefShareOneLsRemoteUntilTheWindowPasses() throws Exception {
        git.createRepository("burst");
        String first = git.commit("burst", "main", Map.of("a", "1"));
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SharedRefResolutions resolutions = new SharedRefResolutions(new GitRefResolver(10), clock);
        GitAccess access = GitAccess.of(Optional.empty());

        List<String> commits = IntStream.range(0, 50).parallel().mapToObj(i -> {
            try {
                return resolutions.resolve(git.url("burst"), "main", access).commit();
            } catch (GitSourceException e) {
                throw new IllegalStateException(e);
            }
        }).toList();

        assertThat(commits).containsOnly(first);
        assertThat(listings("burst")).as("ls-remotes for 50 builds asking at once").isEqualTo(1);

        String second = git.commit("burst", "main", Map.of("a", "2"));
        clock.advance(SharedRefResolutions.WINDOW.minus(Duration.ofMillis(1)));
        assertThat(resolutions.resolve(git.url("burst"), "main", access).commit()).as("within the window")
                .isEqualTo(first);
        clock.advance(Duration.ofMillis(1));
        assertThat(resolutions.resolve(git.url("burst"), "main", access).commit()).as("after the window")
                .isEqualTo(second);
        assertThat(resolutions.resolve(git.url("burst"), "refs/heads/main", access).commit())
                .as("another spelling of the ref is another question").isEqualTo(second);
        assertThat(listings("burst")).isEqualTo(3);
    }

    /** As the followers of a finished run check its ref: only an answer asked for after the run finished will do. */
    @Test
    void anAnswerAskedForBeforeTheMomentGivenIsNotSharedOneAskedAfterItIs() throws Exception {
        git.createRepository("since");
        String first = git.commit("since", "main", Map.of("a", "1"));
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SharedRefResolutions resolutions = new SharedRefResolutions(new GitRefResolver(10), clock);
        GitAccess access = GitAccess.of(Optional.empty());
        assertThat(resolutions.resolve(git.url("since"), "main", access).commit()).isEqualTo(first);

        String pushed = git.commit("since", "main", Map.of("a", "2"));
        clock.advance(Duration.ofMillis(500));
        Instant runFinished = clock.instant();
        assertThat(resolutions.resolve(git.url("since"), "main", access).commit())
                .as("the plain question shares the earlier answer within the window").isEqualTo(first);
        assertThat(resolutions.resolveSince(git.url("since"), "main", access, runFinished).commit())
                .as("asked again: the earlier answer began before the run finished").isEqualTo(pushed);
        clock.advance(Duration.ofMillis(100));
        List<String> followers = IntStream.range(0, 20).parallel().mapToObj(i -> {
            try {
                return resolutions.resolveSince(git.url("since"), "main", access, runFinished).commit();
            } catch (GitSourceException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(followers).containsOnly(pushed);
        assertThat(listings("since")).as("one for the first answer, one begun after the run finished").isEqualTo(2);
    }

    @Test
    void failuresAreNotKept() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
        SharedRefResolutions resolutions = new SharedRefResolutions(new GitRefResolver(10), clock);
        GitAccess access = GitAccess.of(Optional.empty());
        git.createRepository("late");
        git.commit("late", "main", Map.of("a", "1"));

        assertThatThrownBy(() -> resolutions.resolve(git.url("late"), "release", access))
                .isInstanceOf(GitSourceException.class).hasMessageContaining("release");
        String release = git.commit("late", "release", Map.of("a", "2"));

        assertThat(resolutions.resolve(git.url("late"), "release", access).commit()).isEqualTo(release);
    }

    private static long listings(String repository) {
        return git.requests().stream().filter(r -> r.contains("/" + repository + ".git/info/refs")).count();
    }
}
