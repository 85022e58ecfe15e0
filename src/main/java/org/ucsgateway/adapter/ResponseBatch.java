package org.ucsgateway.adapter;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Aggregation strategy of the UCS adapter's split: collects, in record order, the response records
 * of the batch's records, and leaves out the records without one (dead letters that name no
 * user). When the split completes, the batch's body is the list of response messages, which the
 * Kafka producer sends as one record each and acknowledges together. The first exception that
 * the error policy did not handle becomes the batch's exception, so the batch fails as a whole.
 *
 * <p>The result is always the batch's own exchange, never a record's: a record that the error
 * policy handled carries that state, and a batch continuing on it would end its route there.
 */
public final class ResponseBatch implements AggregationStrategy {

    static final String RESPONSES = "ucs.responses";
    static final String FAILURE = "ucs.batchFailure";

    @Override
    public Exchange aggregate(Exchange previous, Exchange record) {
        throw new UnsupportedOperationException("ResponseBatch aggregates into the split's input exchange");
    }

    @Override
    public Exchange aggregate(Exchange previous, Exchange record, Exchange batch) {
        @SuppressWarnings("unchecked")
        List<Message> responses = batch.getProperty(RESPONSES, List.class);
        if (responses == null) {
            responses = new ArrayList<>();
            batch.setProperty(RESPONSES, responses);
        }
        if (record.getException() != null) {
            if (batch.getProperty(FAILURE) == null) {
                batch.setProperty(FAILURE, record.getException());
            }
        } else if (record.getProperty(UcsAdapter.HAS_RESPONSE, false, Boolean.class)) {
            responses.add(record.getMessage());
        }
        return batch;
    }

    @Override
    public void onCompletion(Exchange batch) {
        if (batch == null) {
            return;
        }
        Object responses = batch.removeProperty(RESPONSES);
        Exception failure = batch.getProperty(FAILURE, Exception.class);
        batch.removeProperty(FAILURE);
        if (failure != null) {
            batch.setException(failure);
            return;
        }
        Message message = batch.getMessage();
        message.getHeaders().clear();
        message.setBody(responses != null ? responses : List.of());
    }
}
