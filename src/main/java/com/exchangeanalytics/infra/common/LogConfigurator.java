package com.exchangeanalytics.infra.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service's logging set-up, in code rather than {@code logback.xml}: parsing XML cost a fifth of the
 * start-up time. One line per event on stdout, every message and stack trace passed through
 * {@link Redact}; the root level comes from {@code LOG_LEVEL} (default INFO). Found by Logback through
 * {@code META-INF/services}. It steps aside, and Logback reads the file instead, when
 * {@code -Dlogback.configurationFile=...} is set or a {@code logback-test.xml} or {@code logback.xml} is on
 * the classpath: a host application that embeds the jar keeps its own logging. Note: such a file
 * redacts nothing unless it names {@link RedactingMessageConverter} and {@link RedactingThrowableConverter}
 * in {@code conversionRule}s, so a line that the service did not mask itself (a library's message, a
 * stack trace) could then carry a URL with a token.
 */
public class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %rmsg%n%rex";

    /** Loggers that are too loud, or that would print what must not be printed, at the root level. */
    private static final Map<String, Level> LEVELS = Map.of(
        // start failures are reported by Main in one line; the launcher's stack traces would repeat them
        "io.vertx.launcher.application.VertxApplication", Level.OFF,
        "io.netty", Level.WARN,
        // at DEBUG the mail client logs the SMTP dialogue, message headers and content included
        "io.vertx.ext.mail", Level.INFO,
        "com.hazelcast", Level.WARN,
        // Hazelcast warns at every start that its CP subsystem is off (see the README's clustering section)
        "com.hazelcast.cp.CPSubsystem", Level.ERROR,
        "oshi", Level.WARN,
        // vertx-micrometer registers some gauges twice per verticle instance; the warning is noise
        "io.micrometer.core.instrument.MeterRegistry", Level.ERROR);

    /** The files Logback's own configurator looks for on the classpath. */
    private static final List<String> LOGBACK_FILES = List.of("logback-test.xml", "logback.xml");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (hasLogbackFile()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
        rules.put("rmsg", RedactingMessageConverter::new);
        rules.put("rex", RedactingThrowableConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean hasLogbackFile() {
        if (System.getProperty("logback.configurationFile") != null) {
            return true;
        }
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        return LOGBACK_FILES.stream().anyMatch(name -> loader.getResource(name) != null);
    }
}
