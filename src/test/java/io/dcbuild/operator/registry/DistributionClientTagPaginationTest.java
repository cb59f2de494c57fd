package io.dcbuild.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.dcbuild.operator.testing.StubHttpServer;
import io.dcbuild.operator.testing.StubHttpServer.Response;

/** {@code Link: <...>; rel="next"} pagination of the tag list, served by a stub (registry 2.8 never paginates). */
class DistributionClientTagPaginationTest {

    private static final String TAGS = "/v2/team/app/tags/list";

    private final StubHttpServer server = StubHttpServer.start();
    private final DistributionClient client =
            new DistributionClient(DistributionClient.newHttpClient(), server.hostPort(), true, null);

    @AfterEach
    void stopStub() {
        server.close();
    }

    @Test
    void followsTheNextLinkUntilTheLastPage() {
        server.on("GET", TAGS, request -> request.query() == null
                ? Response.of(200, "{\"name\":\"team/app\",\"tags\":[\"a\",\"b\"]}",
                        "Link", "<" + TAGS + "?last=b&n=2>; rel=\"next\"")
                : Response.of(200, "{\"name\":\"team/app\",\"tags\":[\"c\"]}"));

        assertThat(client.listTags("team/app")).containsExactly("a", "b", "c");
        assertThat(server.requestsTo(TAGS)).extracting(StubHttpServer.Request::query)
                .containsExactly(null, "last=b&n=2");
    }

    @Test
    void aPageWithNullTagsContributesNothing() {
        server.on("GET", TAGS, request -> request.query() == null
                ? Response.of(200, "{\"name\":\"team/app\",\"tags\":[\"a\"]}", "Link", "<" + TAGS + "?last=a>; rel=next")
                : Response.of(200, "{\"name\":\"team/app\",\"tags\":null}"));

        assertThat(client.listTags("team/app")).containsExactly("a");
    }

    @Test
    void aLinkToAnotherHostIsRefused() {
        server.on("GET", TAGS, request -> Response.of(200, "{\"tags\":[\"a\"]}",
                "Link", "<http://elsewhere.example" + TAGS + "?last=a>; rel=\"next\""));

        assertThatThrownBy(() -> client.listTags("team/app"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("tag pagination leads to another host elsewhere.example");
    }

    @Test
    void aLinkPointingBackAtAVisitedPageIsRefused() {
        server.on("GET", TAGS, request -> Response.of(200, "{\"tags\":[\"a\"]}", "Link", "<" + TAGS + ">; rel=\"next\""));

        assertThatThrownBy(() -> client.listTags("team/app"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("tag pagination does not end");
    }
}
