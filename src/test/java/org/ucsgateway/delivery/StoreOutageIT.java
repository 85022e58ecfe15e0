package org.ucsgateway.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.CometdTestClient;
import org.ucsgateway.support.CometdTestClient.Transport;
import org.ucsgateway.support.TcpProxy;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestPostgres;
import org.ucsgateway.support.TestUsers;

/**
 * The PostgreSQL store goes away while requests arrive: the adapter pauses and retries, sends
 * nothing to the dead-letter topic, and completes the request once the store is back. The test
 * reaches the real server through a TCP forwarder that it stops and restarts.
 */
class StoreOutageIT {

    @Test
    void adapterWaitsForStoreAndResumes() throws Exception {
        TestPostgres.Server server = TestPostgres.server().orElse(null);
        Assumptions.assumeTrue(server != null, "no PostgreSQL: set UCS_TEST_POSTGRES_URL or run Docker");
        URI target = URI.create(server.url().substring("jdbc:".length()));
        int serverPort = target.getPort() < 0 ? 5432 : target.getPort();

        try (TcpProxy proxy = new TcpProxy(serverPort)) {
            proxy.start();
            String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
            Map<String, String> settings = Map.of(GatewayConfig.JDBC_URL, proxied,
                    "ucs.adapter.store-retry-max-ms", "2000");
            try (TestGateway gateway = TestGateway.start(Store.POSTGRESQL, settings);
                 CometdTestClient agent = CometdTestClient.connect(gateway.notificationsUrl(), TestUsers.AGENT,
                         TestUsers.AGENT_PASSWORD, Transport.LONG_POLLING)) {
                ApiSteps.awaitNotificationRoute(gateway, agent, TestUsers.AGENT, TestUsers.AGENT_PASSWORD);

                proxy.stop();
                long referenceId = ApiSteps.referenceId(gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT,
                        TestUsers.AGENT_PASSWORD, ApiSteps.findPhoneCall(ApiSteps.newCallId())));
                assertNull(agent.awaitReference(referenceId, 8, TimeUnit.SECONDS),
                        "a notification arrived while the store was unreachable");
                assertEquals(0, gateway.recordCount(gateway.deadLetterTopic()));

                proxy.start();
                Map<String, Object> notification = agent.awaitReference(referenceId, 60, TimeUnit.SECONDS);
                assertNotNull(notification, "no notification after the store came back");
                assertEquals("true", notification.get("isCreated"));
                assertEquals(0, gateway.recordCount(gateway.deadLetterTopic()));
            }
        }
    }
}
