package com.exchangeanalytics.infra.monitor;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A check whose behaviour a test chooses and changes, counting its runs. */
final class FakeCheck implements HealthCheck {

    private final String name;
    private final long timeoutMs;
    private volatile Supplier<Future<CheckOutcome>> behaviour;
    final AtomicInteger runs = new AtomicInteger();

    FakeCheck(String name, long timeoutMs, Supplier<Future<CheckOutcome>> behaviour) {
        this.name = name;
        this.timeoutMs = timeoutMs;
        this.behaviour = behaviour;
    }

    static FakeCheck answering(String name, CheckOutcome outcome) {
        return new FakeCheck(name, 1_000, () -> Future.succeededFuture(outcome));
    }

    void answer(CheckOutcome outcome) {
        behaviour = () -> Future.succeededFuture(outcome);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "fake " + name;
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public Future<CheckOutcome> run() {
        runs.incrementAndGet();
        return behaviour.get();
    }
}
