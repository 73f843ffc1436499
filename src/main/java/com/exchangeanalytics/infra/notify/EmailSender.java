package com.exchangeanalytics.infra.notify;

import io.vertx.core.Future;

/**
 * Sends email over SMTP. A successful Future holds the SMTP message id; a failed one holds a
 * {@link DeliveryException} that says whether retrying can help.
 */
public interface EmailSender {

    Future<String> send(EmailMessage message);

    Future<Void> close();
}
