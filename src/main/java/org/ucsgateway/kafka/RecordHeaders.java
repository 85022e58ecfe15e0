package org.ucsgateway.kafka;

/**
 * Names of the Kafka record headers that the gateway writes. Values are UTF-8 strings.
 * No other header is written: HTTP request headers never reach Kafka.
 */
public final class RecordHeaders {

    public static final String REFERENCE_ID = "referenceId";
    public static final String OPERATION_NAME = "operationName";
    public static final String USER_NAME = "userName";
    public static final String CONTACT_CENTER = "contactCenter";
    public static final String SCHEMA_VERSION = "schemaVersion";

    /** Dead-letter headers: why the record failed and where it came from. */
    public static final String FAILURE = "failure";
    public static final String SOURCE_TOPIC = "sourceTopic";
    public static final String SOURCE_PARTITION = "sourcePartition";
    public static final String SOURCE_OFFSET = "sourceOffset";

    private RecordHeaders() {
    }
}
