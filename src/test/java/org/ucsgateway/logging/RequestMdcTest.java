package org.ucsgateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.ucsgateway.security.User;

/** The MDC around one step: the request's keys while the step runs, the thread's own afterwards. */
class RequestMdcTest {

    private final CamelContext context = new DefaultCamelContext();

    @AfterEach
    void clear() throws Exception {
        MDC.clear();
        context.close();
    }

    @Test
    void requestKeysSetOnlyDuringStep() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RequestMdc.USER_PROPERTY, new User("agent7", "center", List.of(), Set.of()));
        exchange.setProperty(RequestMdc.REFERENCE_ID_PROPERTY, 1042L);

        MDC.put(RequestMdc.CALL_ID, "callId-of-the-thread");
        MDC.put("job", "nightly");
        Map<String, String> seenByStep = new HashMap<>();
        AsyncProcessor step = (AsyncProcessor) new RequestMdc().wrapProcessorInInterceptors(context, null,
                new DelegateAsyncProcessor(e -> seenByStep.putAll(MDC.getCopyOfContextMap())), null);

        step.process(exchange, doneSync -> { });

        assertEquals("agent7", seenByStep.get(RequestMdc.USER));
        assertEquals("1042", seenByStep.get(RequestMdc.REFERENCE_ID));
        assertNull(seenByStep.get(RequestMdc.CALL_ID), "the exchange has no callId, so the thread's is hidden");
        assertEquals("nightly", seenByStep.get("job"));

        assertEquals(Map.of(RequestMdc.CALL_ID, "callId-of-the-thread", "job", "nightly"), MDC.getCopyOfContextMap());
    }

    @Test
    void keyChangedByStepIsRestored() throws Exception {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RequestMdc.REFERENCE_ID_PROPERTY, 7L);
        MDC.put(RequestMdc.REFERENCE_ID, "7");
        AsyncProcessor step = (AsyncProcessor) new RequestMdc().wrapProcessorInInterceptors(context, null,
                new DelegateAsyncProcessor(e -> MDC.put(RequestMdc.REFERENCE_ID, "changed by the step")), null);

        step.process(exchange, doneSync -> { });

        assertEquals("7", MDC.get(RequestMdc.REFERENCE_ID));
    }
}
