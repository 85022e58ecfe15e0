package org.ucsgateway.adapter;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.ucsgateway.kafka.RecordHeaders;

/**
 * Turns a request record that cannot be processed into a dead-letter record: the original key
 * and value, with the failure and the source topic, partition and offset as headers.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** Replaces the message with the dead-letter record of the failed request record. */
    public void prepare(Exchange exchange) {
        Message message = exchange.getIn();
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (exchange.getProperty(UcsAdapter.ORIGINAL_VALUE) == null) {
            exchange.setProperty(UcsAdapter.ORIGINAL_VALUE, message.getBody(byte[].class));
        }
        Object key = message.getHeader(KafkaConstants.KEY);
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        String partition = message.getHeader(KafkaConstants.PARTITION, String.class);
        String offset = message.getHeader(KafkaConstants.OFFSET, String.class);
        LOG.warn("Request record sent to the dead-letter topic sourceTopic={} sourcePartition={} sourceOffset={} failure={}",
                topic, partition, offset, failure.getMessage());

        message.getHeaders().clear();
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        message.setHeader(RecordHeaders.FAILURE, String.valueOf(failure.getMessage()));
        message.setHeader(RecordHeaders.SOURCE_TOPIC, topic);
        message.setHeader(RecordHeaders.SOURCE_PARTITION, partition);
        message.setHeader(RecordHeaders.SOURCE_OFFSET, offset);
        message.setBody(exchange.getProperty(UcsAdapter.ORIGINAL_VALUE, byte[].class));
    }
}
