package org.ucsgateway.security;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.ucsgateway.config.GatewayConfig;

/** TLS parameters of the HTTP listener, built from the {@code ucs.http.tls.*} settings. */
public final class TlsSettings {

    private TlsSettings() {
    }

    /** Returns camel-jetty's SSL parameters for the configured keystore; fails when the file is missing. */
    public static SSLContextParameters serverParameters(GatewayConfig config) {
        Path keystore = config.getPath(GatewayConfig.TLS_KEYSTORE).toAbsolutePath();
        if (!Files.isReadable(keystore)) {
            throw new IllegalStateException("TLS keystore " + keystore + " (" + GatewayConfig.TLS_KEYSTORE
                    + ") does not exist or cannot be read");
        }
        KeyStoreParameters store = new KeyStoreParameters();
        store.setResource("file:" + keystore);
        store.setType(config.get(GatewayConfig.TLS_KEYSTORE_TYPE));
        store.setPassword(config.get(GatewayConfig.TLS_KEYSTORE_PASSWORD));

        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(store);
        String keyPassword = config.get(GatewayConfig.TLS_KEY_PASSWORD);
        keyManagers.setKeyPassword(keyPassword.isBlank() ? config.get(GatewayConfig.TLS_KEYSTORE_PASSWORD) : keyPassword);

        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keyManagers);
        return parameters;
    }
}
