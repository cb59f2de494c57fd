package io.dcbuild.operator.gitevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dcbuild.operator.api.v1alpha1.DevContainerBuild;
import io.dcbuild.operator.api.v1alpha1.DevContainerBuildSpec;
import io.dcbuild.operator.api.v1alpha1.GitSource;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Push events as each host sends them (abridged to the fields read), and the builds that follow them. */
class PushEventTest {

    @Test
    void gitHubAndGiteaNameTheRefAndTheRepositorysAddresses() throws Exception {
        String body = """
                {"ref":"refs/heads/main","before":"0d1a","after":"9f3c",
                 "repository":{"full_name":"Org/Repo","clone_url":"https://github.com/Org/Repo.git",
                   "html_url":"https://github.com/Org/Repo","ssh_url":"git@github.com:Org/Repo.git",
                   "git_url":"git://github.com/Org/Repo.git"},
                 "commits":[{"id":"9f3c","message":"change"}]}""";
        for (GitHost host : new GitHost[] {GitHost.GITHUB, GitHost.GITEA}) {
            PushEvent push = PushEvent.parse(host, bytes(body));
            assertThat(push.repositories()).containsExactly("github.com/org/repo");
            assertThat(push.refs()).containsExactly("refs/heads/main");
        }
    }

    @Test
    void gitLabNamesTheProjectsAddresses() throws Exception {
        PushEvent push = PushEvent.parse(GitHost.GITLAB, bytes("""
                {"object_kind":"tag_push","ref":"refs/tags/v1.2.0",
                 "project":{"git_http_url":"https://gitlab.example.com:8443/group/sub/project.git",
                   "git_ssh_url":"git@gitlab.example.com:group/sub/project.git",
                   "web_url":"https://gitlab.example.com:8443/group/sub/project"}}"""));
        assertThat(push.repositories()).containsExactlyInAnyOrder("gitlab.example.com:8443/group/sub/project",
                "gitlab.example.com/group/sub/project");
        assertThat(push.refs()).containsExactly("refs/tags/v1.2.0");
    }

    @Test
    void bitbucketCloudNamesEachChangedBranchAndTag() throws Exception {
        PushEvent push = PushEvent.parse(GitHost.BITBUCKET, bytes("""
                {"push":{"changes":[
                   {"new":{"type":"branch","name":"main","target":{"hash":"9f3c"}},"old":{"type":"branch","name":"main"}},
                   {"new":{"type":"tag","name":"v2"}},
                   {"new":null,"old":{"type":"branch","name":"gone"}}]},
                 "repository":{"full_name":"ws/repo","links":{"html":{"href":"https://bitbucket.org/ws/repo"}}}}"""));
        assertThat(push.repositories()).containsExactly("bitbucket.org/ws/repo");
        assertThat(push.refs()).containsExactlyInAnyOrder("refs/heads/main", "refs/tags/v2", "refs/heads/gone");
    }

    @Test
    void bitbucketDataCenterNamesFullRefsAndCloneLinks() throws Exception {
        PushEvent push = PushEvent.parse(GitHost.BITBUCKET, bytes("""
                {"eventKey":"repo:refs_changed",
                 "repository":{"slug":"repo","links":{"clone":[
                   {"href":"ssh://git@bitbucket.example.com:7999/proj/repo.git","name":"ssh"},
                   {"href":"https://bitbucket.example.com/scm/proj/repo.git","name":"http"}]}},
                 "changes":[{"ref":{"id":"refs/heads/main","displayId":"main","type":"BRANCH"},"toHash":"9f3c"}]}"""));
        assertThat(push.repositories()).containsExactlyInAnyOrder("bitbucket.example.com/proj/repo",
                "bitbucket.example.com/scm/proj/repo");
        assertThat(push.refs()).containsExactly("refs/heads/main");
    }

    @Test
    void whatIsNoPushEventIsRefusedWithASentence() {
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, bytes("ref=main")))
                .isInstanceOf(PushEvent.UnreadablePushEvent.class).hasMessageStartingWith("the body is not JSON");
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, bytes("[]")))
                .hasMessage("the body is not a JSON object");
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, bytes("{\"ref\":\"refs/heads/main\"}")))
                .hasMessageContaining("names no repository");
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, bytes(
                "{\"ref\":\"refs/pull/1/head\",\"repository\":{\"clone_url\":\"https://github.com/o/r.git\"}}")))
                .hasMessageContaining("names no branch or tag");
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, bytes("[".repeat(10_000))))
                .as("deep nesting").isInstanceOf(PushEvent.UnreadablePushEvent.class);
        assertThatThrownBy(() -> PushEvent.parse(GitHost.GITHUB, new byte[0]))
                .isInstanceOf(PushEvent.UnreadablePushEvent.class);
    }

    @Test
    void buildsFollowThePushedRefOfTheRepositoryWhateverItsSpelling() {
        PushEvent push = new PushEvent(Set.of("github.com/org/repo"), Set.of("refs/heads/main", "refs/tags/v1"));
        DevContainerBuild shortBranch = build("https://github.com/org/repo.git", "main");
        DevContainerBuild fullBranch = build("git@github.com:Org/Repo.git", "refs/heads/main");
        DevContainerBuild shortTag = build("https://github.com/org/repo", "v1");
        DevContainerBuild otherBranch = build("https://github.com/org/repo", "develop");
        DevContainerBuild tagNamedLikeBranch = build("https://github.com/org/repo", "refs/tags/main");
        DevContainerBuild otherRepository = build("https://github.com/org/other", "main");
        DevContainerBuild noSource = new DevContainerBuild();

        assertThat(FollowingBuilds.of(Stream.of(shortBranch, fullBranch, shortTag, otherBranch, tagNamedLikeBranch,
                otherRepository, noSource), push)).containsExactly(shortBranch, fullBranch, shortTag);
    }

    private static DevContainerBuild build(String url, String ref) {
        DevContainerBuild build = new DevContainerBuild();
        DevContainerBuildSpec spec = new DevContainerBuildSpec();
        GitSource source = new GitSource();
        source.setUrl(url);
        source.setRef(ref);
        spec.setSource(source);
        build.setSpec(spec);
        return build;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
