package org.ucsgateway.ingress;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Sets an HTTP response on an exchange, dropping every other header so nothing internal leaks. */
final class HttpAnswers {

    private HttpAnswers() {
    }

    static void write(Exchange exchange, int httpStatus, String json, Map<String, String> headers) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        // camel-jetty encodes the response in the charset of the request's Content-Type unless the
        // exchange property CamelCharsetName names another, and a rejected request may name any.
        exchange.setProperty(Exchange.CHARSET_NAME, "UTF-8");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, httpStatus);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        headers.forEach(message::setHeader);
        message.setBody(json);
    }
}
