package com.exchangeanalytics.infra.support;

import ch.qos.logback.classic.Logger;
import com.exchangeanalytics.infra.common.RedactingMessageConverter;
import com.exchangeanalytics.infra.common.RedactingThrowableConverter;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Captures every log line, formatted with the production layout (redaction included), so tests can
 * assert what an operator would see. Close it to detach.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final PatternLayout layout = new PatternLayout();

    private LogCapture() {
    }

    public static LogCapture attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogCapture capture = new LogCapture();
        capture.setContext(context);
        capture.layout.setContext(context);
        capture.layout.getInstanceConverterMap().put("rmsg", RedactingMessageConverter::new);
        capture.layout.getInstanceConverterMap().put("rex", RedactingThrowableConverter::new);
        capture.layout.setPattern("%-5level %logger - %rmsg%n%rex");
        capture.layout.start();
        capture.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(capture);
        return capture;
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized String text() {
        return String.join("", lines);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
        stop();
    }
}
