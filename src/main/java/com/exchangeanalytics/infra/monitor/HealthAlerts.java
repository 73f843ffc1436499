package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.notify.NotifyClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a Discord alert through the notification service when a check changes status: warning when it
 * degrades, error when it becomes unhealthy, success when it recovers. The notification service's
 * dedup window absorbs repeats. A failed send is logged and never affects health.
 */
final class HealthAlerts implements HealthRegistry.StatusChangeListener {

    private static final Logger LOG = LoggerFactory.getLogger(HealthAlerts.class);
    private static final int MAX_MESSAGE = 1500;

    private final NotifyClient notify;
    private final String channel;

    /** @param channel a configured Discord channel, or {@code null} for the notifier's default */
    HealthAlerts(NotifyClient notify, String channel) {
        this.notify = notify;
        this.channel = channel;
    }

    @Override
    public void changed(CheckReport current, HealthStatus previous) {
        String title = "Health check " + current.name() + ": " + current.status().wire();
        notify.discordAlert(title, message(current, previous), level(current.status()), channel)
            .onSuccess(reply -> LOG.info("Health alert sent: check={} status={} delivery={}",
                current.name(), current.status().wire(), reply.getString("status")))
            .onFailure(failure -> LOG.warn("Health alert not sent: check={} status={}: {}",
                current.name(), current.status().wire(), Redact.text(failure.getMessage())));
    }

    static String level(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> "success";
            case DEGRADED -> "warning";
            default -> "error";
        };
    }

    private static String message(CheckReport current, HealthStatus previous) {
        StringBuilder text = new StringBuilder()
            .append("Was ")
            .append(previous.wire())
            .append(", now ")
            .append(current.status().wire())
            .append('.');
        if (current.error() != null) {
            text.append(' ').append(current.error());
        }
        return Redact.shorten(Redact.text(text.toString()), MAX_MESSAGE);
    }
}
