package com.exchangeanalytics.infra.common;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %rmsg}: the formatted message with {@link Redact#text} applied. */
public class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redact.text(super.convert(event));
    }
}
