package org.ucsgateway.logging;

import java.net.URL;
import java.util.Locale;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Format of the console log: {@code text}, one line per event with the MDC as key=value pairs, or
 * {@code json}, one JSON object per line from logback's own {@code JsonEncoder}. logback.xml picks
 * the format at JVM start from the system property {@code ucs.log.format} or the environment
 * variable {@code UCS_LOG_FORMAT}. {@link #apply} switches it when the gateway configuration sets
 * another format.
 */
public enum LogFormat {
    TEXT, JSON;

    /** Logback context property that logback.xml sets to the format it configured. */
    static final String CONTEXT_PROPERTY = "ucsLogFormat";

    /**
     * Parses a configuration value, case-insensitive.
     *
     * @throws IllegalArgumentException when the value is neither text nor json
     */
    public static LogFormat parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("Configuration key ucs.log.format must be text or json, not '"
                    + value + "'");
        };
    }

    /** Returns the value that logback.xml selects an appender by. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reconfigures logback from logback.xml with this format, unless it already logs in it. Does
     * nothing when SLF4J is not bound to logback.
     */
    public void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context) || value().equals(context.getProperty(CONTEXT_PROPERTY))) {
            return;
        }
        URL configuration = LogFormat.class.getClassLoader().getResource("logback.xml");
        if (configuration == null) {
            return;
        }
        context.reset();
        // A context property wins over the system property and the environment in logback.xml.
        context.putProperty("ucs.log.format", value());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("Failed to reconfigure logging from " + configuration, e);
        }
        LoggerFactory.getLogger(LogFormat.class).info("Log format switched format={}", value());
    }
}
