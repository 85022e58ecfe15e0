package org.ucsgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.ucsgateway.config.GatewayConfig;
import org.ucsgateway.support.ApiSteps;
import org.ucsgateway.support.TestGateway;
import org.ucsgateway.support.TestGateway.Store;
import org.ucsgateway.support.TestUsers;

/**
 * The HTTP listener with a keystore: a TLS handshake against a test certificate made by keytool
 * succeeds, the API responds over HTTPS, and plain HTTP gets no response from the API.
 */
class TlsIT {

    private static final String PASSWORD = "test-keystore-secret";

    @Test
    void listenerServesApiOverTls() throws Exception {
        Path folder = Files.createTempDirectory("ucs-tls");
        Path keystore = folder.resolve("gateway.p12");
        createKeystore(keystore);

        Map<String, String> settings = Map.of(GatewayConfig.TLS_KEYSTORE, keystore.toString(),
                GatewayConfig.TLS_KEYSTORE_PASSWORD, PASSWORD);
        try (TestGateway gateway = TestGateway.start(Store.H2, settings)) {
            String https = gateway.baseUrl().replace("http://", "https://");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(https + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(https + ApiSteps.INTERACTIONS))
                    .header("Authorization", TestGateway.basic(TestUsers.AGENT, TestUsers.AGENT_PASSWORD))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiSteps.findPhoneCall(ApiSteps.newCallId())))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(0, ApiSteps.accepted(accepted).get("statusCode").asInt());

            int plainStatus;
            try {
                plainStatus = gateway.post(ApiSteps.INTERACTIONS, TestUsers.AGENT, TestUsers.AGENT_PASSWORD,
                        ApiSteps.findPhoneCall(ApiSteps.newCallId())).statusCode();
            } catch (IOException e) {
                plainStatus = -1;
            }
            assertNotEquals(200, plainStatus, "plain HTTP was accepted on the TLS listener");
            assertEquals(1, gateway.recordCount(gateway.requestTopic()));
        }
    }

    private static void createKeystore(Path keystore) throws Exception {
        String keytool = System.getProperty("java.home") + File.separator + "bin" + File.separator + "keytool";
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), "keytool failed: " + output);
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
