package org.ucsgateway.notification;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.LocalSession;
import org.cometd.bayeux.server.SecurityPolicy;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.security.BasicAuthenticator;
import org.ucsgateway.security.AuthenticationResult;

/**
 * CometD (Bayeux) endpoint at {@code /api/v2/notifications}, served on the HTTP listener of the
 * ingress route through camel-jetty's {@code handlers} option. A handshake must carry the same
 * HTTP Basic credentials as the API. Clients connect over WebSocket or long-polling. Notifications are delivered to the sessions of one user
 * only: nothing is ever broadcast on a channel, clients cannot publish, and they can subscribe to
 * the notification channel alone.
 */
public final class NotificationServer {

    public static final String CONTEXT_PATH = "/api/v2/notifications";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationServer.class);
    private static final String USER_ATTRIBUTE = "ucs.user";

    private final BasicAuthenticator authenticator;
    private final String channel;
    private final Map<String, Set<ServerSession>> sessionsByUser = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile BayeuxServer bayeux;
    private volatile LocalSession sender;

    private final int maxQueue;

    /**
     * @param maxQueue maximum number of notifications queued for one session. A session that does not
     *                 fetch them (a slow or vanished client) loses the newest ones beyond it, and these
     *                 are counted as dropped
     */
    public NotificationServer(BasicAuthenticator authenticator, String channel, int maxQueue) {
        this.authenticator = authenticator;
        this.channel = channel;
        this.maxQueue = maxQueue;
    }

    /** Builds the Jetty handlers to hand to camel-jetty's {@code handlers} endpoint option. */
    public ContextHandlerCollection handlers() {
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        // WebSocket clients connect to the context path itself. Without this, Jetty redirects them to
        // the path with a trailing slash, and HTTP clients drop the Authorization header on redirects.
        context.setAllowNullPathInContext(true);
        ServletHolder holder = new ServletHolder("cometd", new CometDServlet() {
            @Override
            protected BayeuxServer newBayeuxServer() {
                BayeuxServerImpl server = new BayeuxServerImpl();
                // CometD's Jetty WebSocket transport looks up the WebSocket container through this option.
                server.setOption(Context.class.getName(), context.getContext());
                configure(server);
                return server;
            }
        });
        holder.setInitOrder(1);
        holder.setInitParameter("transports", JettyWebSocketTransport.class.getName() + ","
                + JSONHttpTransport.class.getName());
        holder.setInitParameter("ws.cometdURLMapping", "/*");
        holder.setInitParameter("maxQueue", String.valueOf(maxQueue));
        holder.setInitParameter("timeout", "20000");
        holder.setInitParameter("maxInterval", "30000");
        context.addServlet(holder, "/*");
        context.insertHandler(new WebSocketUpgradeSupport(context));
        ContextHandlerCollection handlers = new ContextHandlerCollection(context);
        // LimitedJettyComponent calls this before camel-jetty stops the route of these handlers
        // and with it the listener. Without it, the long polls still held would end with status 500.
        handlers.addBean(new Graceful() {
            @Override
            public CompletableFuture<Void> shutdown() {
                disconnectAll();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean isShutdown() {
                return totalSessionCount() == 0;
            }
        });
        return handlers;
    }

    /**
     * Disconnects every client session, which sends each client a /meta/disconnect reply and ends
     * its held long poll. A client then handshakes again, with this instance once it runs again or
     * with another one.
     */
    void disconnectAll() {
        BayeuxServer server = bayeux;
        if (server == null) {
            return;
        }
        int count = 0;
        for (ServerSession session : server.getSessions()) {
            if (!session.isLocalSession()) {
                session.disconnect();
                count++;
            }
        }
        LOG.info("CometD sessions disconnected because the listener stops count={}", count);
    }

    /** Channel on which notifications are delivered. */
    public String channel() {
        return channel;
    }

    /**
     * Delivers the notification data to every session of the user on this instance.
     *
     * @return the number of sessions it was handed to; 0 when the user has none here
     */
    public int deliver(String userName, Map<String, Object> data) {
        Set<ServerSession> sessions = sessionsByUser.getOrDefault(userName, Set.of());
        LocalSession from = sender();
        if (sessions.isEmpty() || from == null) {
            dropped.incrementAndGet();
            return 0;
        }
        for (ServerSession session : sessions) {
            session.deliver(from, channel, data, Promise.noop());
        }
        delivered.addAndGet(sessions.size());
        return sessions.size();
    }

    /** Returns the number of connected sessions of a user on this instance. */
    public int sessionCount(String userName) {
        return sessionsByUser.getOrDefault(userName, Set.of()).size();
    }

    /** Returns the number of connected sessions of all users on this instance. */
    public int totalSessionCount() {
        return sessionsByUser.values().stream().mapToInt(Set::size).sum();
    }

    public long deliveredCount() {
        return delivered.get();
    }

    public long droppedCount() {
        return dropped.get();
    }

    private LocalSession sender() {
        BayeuxServer server = bayeux;
        if (sender == null && server != null) {
            synchronized (this) {
                if (sender == null) {
                    LocalSession session = server.newLocalSession("ucs-notifier");
                    session.handshake();
                    sender = session;
                }
            }
        }
        return sender;
    }

    private void configure(BayeuxServerImpl server) {
        server.setSecurityPolicy(new UserSecurityPolicy());
        server.addListener(new BayeuxServer.SessionListener() {
            @Override
            public void sessionRemoved(ServerSession session, ServerMessage message, boolean timeout) {
                Object user = session.getAttribute(USER_ATTRIBUTE);
                if (user instanceof String userName) {
                    sessionsByUser.computeIfPresent(userName, (name, sessions) -> {
                        sessions.remove(session);
                        return sessions.isEmpty() ? null : sessions;
                    });
                    LOG.info("CometD session closed userName={} sessionId={} timeout={}", userName, session.getId(), timeout);
                }
            }
        });
        bayeux = server;
        LOG.info("CometD endpoint configured path={} channel={}", CONTEXT_PATH, channel);
    }

    /** Authenticates handshakes and limits remote sessions to subscribing to the notification channel. */
    private final class UserSecurityPolicy implements SecurityPolicy {

        @Override
        public boolean canHandshake(BayeuxServer server, ServerSession session, ServerMessage message) {
            if (session.isLocalSession()) {
                return true;
            }
            String authorization = authorization(message.getBayeuxContext());
            AuthenticationResult result = authenticator.authenticate(authorization, clientAddress(message.getBayeuxContext()));
            if (!result.authenticated()) {
                LOG.info("CometD handshake rejected: not authenticated credentialsPresent={} throttled={}",
                        authorization != null, result.throttled());
                return false;
            }
            String userName = result.user().userName();
            session.setAttribute(USER_ATTRIBUTE, userName);
            session.addListener((ServerSession.QueueMaxedListener) (target, queue, sender, queued) -> {
                dropped.incrementAndGet();
                LOG.warn("CometD session queue full, notification dropped userName={} sessionId={} maxQueue={}",
                        userName, target.getId(), maxQueue);
                return false;
            });
            sessionsByUser.computeIfAbsent(userName, name -> ConcurrentHashMap.newKeySet()).add(session);
            LOG.info("CometD session opened userName={} sessionId={}", userName, session.getId());
            return true;
        }

        private String clientAddress(BayeuxContext context) {
            if (context != null && context.getRemoteAddress() instanceof InetSocketAddress address
                    && address.getAddress() != null) {
                return address.getAddress().getHostAddress();
            }
            return null;
        }

        /** Returns the Authorization header of the HTTP request or WebSocket upgrade that carried the handshake. */
        private String authorization(BayeuxContext context) {
            return context == null ? null : context.getHeader("Authorization");
        }

        @Override
        public boolean canCreate(BayeuxServer server, ServerSession session, String channelId, ServerMessage message) {
            return session != null && (session.isLocalSession() || channel.equals(channelId) || channelId.startsWith(Channel.META + "/"));
        }

        @Override
        public boolean canSubscribe(BayeuxServer server, ServerSession session, ServerChannel target, ServerMessage message) {
            return session != null && (session.isLocalSession() || channel.equals(target.getId()));
        }

        @Override
        public boolean canPublish(BayeuxServer server, ServerSession session, ServerChannel target, ServerMessage message) {
            return session != null && (session.isLocalSession() || target.isMeta());
        }
    }
}
