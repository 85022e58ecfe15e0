package org.ucsgateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Logback filter that lets events through only while the configured log format is the format of
 * its appender. logback.xml attaches both console appenders to the root logger, each with this
 * filter, so exactly one of them writes.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format;
    private String selected;

    /** Sets the format of the appender this filter belongs to. */
    public void setFormat(String format) {
        this.format = format;
    }

    /** Sets the format that the configuration selected. */
    public void setSelected(String selected) {
        this.selected = selected;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return format != null && format.equalsIgnoreCase(selected) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
