package com.exchangeanalytics.infra.common;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %rex}: stack traces with {@link Redact#text} applied (exception messages can hold URLs). */
public class RedactingThrowableConverter extends ThrowableProxyConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Redact.text(super.convert(event));
    }
}
