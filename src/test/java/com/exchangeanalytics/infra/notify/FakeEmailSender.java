package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link EmailSender} that records mails and plays scripted failures; thread-safe for test reads. */
final class FakeEmailSender implements EmailSender {

    private final List<EmailMessage> sent = new ArrayList<>();
    private final Deque<DeliveryException> failures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean closed;

    @Override
    public synchronized Future<String> send(EmailMessage message) {
        DeliveryException failure = failures.poll();
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        sent.add(message);
        return Future.succeededFuture("<fake-" + ids.incrementAndGet() + "@test>");
    }

    synchronized void failNext(DeliveryException failure) {
        failures.add(failure);
    }

    synchronized List<EmailMessage> sent() {
        return List.copyOf(sent);
    }

    boolean closed() {
        return closed;
    }

    @Override
    public Future<Void> close() {
        closed = true;
        return Future.succeededFuture();
    }
}
