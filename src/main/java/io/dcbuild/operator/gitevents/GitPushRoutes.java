package io.dcbuild.operator.gitevents;

import io.dcbuild.operator.config.OperatorConfig;
import io.dcbuild.operator.inbound.BoundedRequestBody;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@code POST /webhooks/git/{github|gitlab|gitea|bitbucket}} on the operator's HTTP port (Forgejo uses
 * {@code gitea}). The body is read up to {@code dcbuild.git-events.max-body-bytes}: a larger declared
 * {@code Content-Length} is answered 413 before any byte is read, and a body that grows past the bound is answered
 * 413 as soon as it does; nothing beyond the bound is kept (the rest is read and dropped, so that the client can read
 * the answer). The decision is {@link GitPushReceiver}'s, off the event loop (it may read the Secret).
 */
@ApplicationScoped
public class GitPushRoutes {

    public static final String PATH = "/webhooks/git/";

    @Inject
    GitPushReceiver receiver;

    @Inject
    OperatorConfig config;

    void register(@Observes Router router) {
        router.post(PATH + ":host").handler(this::receive);
        router.route(PATH + "*").handler(context -> answer(context, new ReceiverAnswer(405, "", "POST a push event "
                + "to " + PATH + "github, gitlab, gitea or bitbucket")));
    }

    private void receive(RoutingContext context) {
        Optional<GitHost> host = GitHost.byPath(context.pathParam("host"));
        HttpServerRequest request = context.request();
        if (host.isEmpty()) {
            BoundedRequestBody.drop(request);
            answer(context, new ReceiverAnswer(404, "", "no such git host: POST to " + PATH
                    + "github, gitlab, gitea (also Forgejo) or bitbucket"));
            return;
        }
        long max = config.gitEvents().maxBodyBytes();
        BoundedRequestBody.read(request, max, () -> answer(context, receiver.tooLarge(host.get(), max)),
                body -> context.vertx().<ReceiverAnswer>executeBlocking(() -> receiver.receive(host.get(), body,
                        request::getHeader), false).onComplete(result -> answer(context, result.succeeded()
                                ? result.result()
                                : new ReceiverAnswer(500, "", "the receiver failed: " + result.cause().getClass()
                                        .getSimpleName() + "; nothing done"))));
    }

    private static void answer(RoutingContext context, ReceiverAnswer answer) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        context.response().setStatusCode(answer.status())
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(answer.message() + "\n");
    }
}
