package com.exchangeanalytics.infra.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.exchangeanalytics.infra.notify.EmailMessage;
import com.exchangeanalytics.infra.notify.EmailSender;
import com.exchangeanalytics.infra.notify.EmailValidation;
import com.exchangeanalytics.infra.notify.NotifyConfig;
import com.exchangeanalytics.infra.notify.SmtpEmailSender;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Mails per second through a local GreenMail: the pooled keep-alive sender against one connection per
 * mail (same sender with keep-alive off), and against a fresh sender per mail.
 * Usage: {@code bench/email-bench.sh [mails=500] [poolSize=5] [concurrency=5]}.
 */
public final class EmailBenchmark {

    private static final int DEFAULT_MAILS = 500;
    private static final int DEFAULT_POOL_SIZE = 5;
    private static final int WARM_UP_MAILS = 100;
    private static final long TIMEOUT_MS = 10_000;
    private static final long RUN_LIMIT_MINUTES = 10;
    private static final EmailMessage MAIL = EmailValidation.message(List.of("bench@example.com"),
        "Benchmark 週次レポート", "USD/JPY 147.2\n".repeat(40), null);

    private final Vertx vertx = Vertx.vertx();
    private final GreenMail greenMail;
    private final int poolSize;
    private final int concurrency;

    private EmailBenchmark(int poolSize, int concurrency) {
        this.poolSize = poolSize;
        this.concurrency = concurrency;
        this.greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    public static void main(String[] args) throws Exception {
        int mails = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_MAILS;
        int poolSize = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_POOL_SIZE;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : poolSize;
        ((Logger) LoggerFactory.getLogger("com.exchangeanalytics")).setLevel(Level.WARN);
        ((Logger) LoggerFactory.getLogger("com.icegreen")).setLevel(Level.WARN);
        new EmailBenchmark(poolSize, concurrency).run(mails);
    }

    private void run(int mails) throws Exception {
        greenMail.start();
        try {
            NotifyConfig.Email pooled = config(true);
            NotifyConfig.Email perMail = config(false);
            measure(WARM_UP_MAILS, () -> SmtpEmailSender.create(vertx, pooled), false);
            measure(WARM_UP_MAILS, () -> SmtpEmailSender.create(vertx, perMail), false);

            Result keepAlive = measure(mails, () -> SmtpEmailSender.create(vertx, pooled), false);
            Result oneConnection = measure(mails, () -> SmtpEmailSender.create(vertx, perMail), false);
            Result freshClient = measure(mails, () -> SmtpEmailSender.create(vertx, perMail), true);
            print(mails, keepAlive, oneConnection, freshClient);
        } finally {
            greenMail.stop();
            vertx.close().await(RUN_LIMIT_MINUTES, TimeUnit.MINUTES);
        }
    }

    private record Result(long elapsedNanos, int delivered, int failed) {

        double perSecond() {
            return delivered / (elapsedNanos / 1e9);
        }
    }

    /** Sends {@code mails} mails, at most {@code concurrency} at a time; one sender, or one per mail. */
    private Result measure(int mails, Supplier<SmtpEmailSender> senders, boolean senderPerMail)
        throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        Future<Void> done = Future.future(promise -> vertx.runOnContext(ignored -> {
            SmtpEmailSender sender = senderPerMail ? null : senders.get();
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(worker(next, mails, failed, () -> sender != null ? sender : senders.get(),
                    senderPerMail));
            }
            Future.all(workers)
                .compose(all -> sender == null ? Future.succeededFuture() : sender.close())
                .<Void>mapEmpty()
                .onComplete(promise);
        }));
        done.await(RUN_LIMIT_MINUTES, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - started;
        int delivered = greenMail.getReceivedMessages().length;
        return new Result(elapsed, delivered, failed.get());
    }

    private Future<Void> worker(AtomicInteger next, int mails, AtomicInteger failed,
                                Supplier<SmtpEmailSender> senders, boolean closeEach) {
        if (next.getAndIncrement() >= mails) {
            return Future.succeededFuture();
        }
        EmailSender sender = senders.get();
        return sender.send(MAIL)
            .<Void>transform(result -> {
                if (result.failed()) {
                    failed.incrementAndGet();
                }
                return closeEach ? sender.close() : Future.succeededFuture();
            })
            .compose(ignored -> worker(next, mails, failed, senders, closeEach));
    }

    private NotifyConfig.Email config(boolean keepAlive) {
        return new NotifyConfig.Email("127.0.0.1", greenMail.getSmtp().getPort(), null, null,
            "analytics@example.com", "disabled", false, TIMEOUT_MS, poolSize, keepAlive, false, "bench.local",
            null, ZoneOffset.UTC);
    }

    private void print(int mails, Result keepAlive, Result oneConnection, Result freshClient) {
        String format = "%-34s %10s %10s %8s %12s %10s%n";
        System.out.printf("Email benchmark: %d mails of %d characters to GreenMail at 127.0.0.1, "
            + "pool size %d, %d in flight%n", mails, MAIL.text().length(), poolSize, concurrency);
        System.out.printf(format, "mode", "delivered", "failed", "seconds", "mails/s", "vs pooled");
        row(format, "pooled, keep-alive", keepAlive, keepAlive);
        row(format, "one connection per mail", oneConnection, keepAlive);
        row(format, "fresh client per mail", freshClient, keepAlive);
        System.out.printf(Locale.ROOT, "pooled keep-alive is %.2fx one connection per mail, "
                + "%.2fx a fresh client per mail%n", keepAlive.perSecond() / oneConnection.perSecond(),
            keepAlive.perSecond() / freshClient.perSecond());
    }

    private static void row(String format, String name, Result result, Result baseline) {
        System.out.printf(Locale.ROOT, format, name, result.delivered(), result.failed(),
            String.format(Locale.ROOT, "%.2f", result.elapsedNanos() / 1e9),
            String.format(Locale.ROOT, "%.1f", result.perSecond()),
            String.format(Locale.ROOT, "%.2fx", result.perSecond() / baseline.perSecond()));
    }
}
