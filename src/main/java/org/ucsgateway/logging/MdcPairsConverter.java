package org.ucsgateway.logging;

import java.util.Map;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback conversion word {@code %mdcPairs} of the text log format: the MDC as " key=value" pairs
 * separated by single spaces, or nothing when the MDC is empty. It replaces two regular-expression
 * replacements over {@code %mdc} on every line, which took about a third of each log call's time
 * in a JFR profile of the gateway under load. Values are written as they are.
 */
public final class MdcPairsConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return "";
        }
        StringBuilder pairs = new StringBuilder(16 * mdc.size());
        for (Map.Entry<String, String> entry : mdc.entrySet()) {
            pairs.append(' ').append(entry.getKey()).append('=').append(entry.getValue());
        }
        return pairs.toString();
    }
}
