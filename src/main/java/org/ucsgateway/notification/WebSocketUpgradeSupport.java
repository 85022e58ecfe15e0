package org.ucsgateway.notification;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Adds Jetty's WebSocket upgrade handler to the CometD context once the context belongs to a
 * server. camel-jetty creates the Jetty server only when the route starts, and
 * {@link WebSocketUpgradeHandler#from} needs that server, so the upgrade handler is built on start.
 * CometD's WebSocket transport finds the WebSocket container in the context when its servlet
 * initializes, which happens after this handler started.
 */
final class WebSocketUpgradeSupport extends Handler.Wrapper {

    private final ContextHandler context;

    WebSocketUpgradeSupport(ContextHandler context) {
        this.context = context;
    }

    @Override
    protected void doStart() throws Exception {
        Handler next = getHandler();
        WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(getServer(), context);
        setHandler(upgrade);
        upgrade.setHandler(next);
        super.doStart();
    }
}
