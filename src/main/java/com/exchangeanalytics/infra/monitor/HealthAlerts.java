package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.notify.NotifyClient;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a Discord alert through the notification service when a check changes status: warning when it
 * degrades, error when it becomes unhealthy, success when it recovers. The notification service's
 * dedup window absorbs repeats. A failed send is logged and never affects health.
 * <p>
 * When the {@code discord} check finds the alert channel itself unhealthy (webhook deleted, token
 * refused, unreachable), the alert is not sent: it could only end as a dead letter of that channel. It
 * is logged at WARN instead, and the recovery alert goes out once the channel answers again.
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
        if (failsOwnChannel(current)) {
            LOG.warn("Health alert not sent: check={} status={}: the alert channel {} is the one failing",
                current.name(), current.status().wire(), channel);
            return;
        }
        String title = "Health check " + current.name() + ": " + current.status().wire();
        notify.discordAlert(title, message(current, previous), level(current.status()), channel)
            .onSuccess(reply -> LOG.info("Health alert sent: check={} status={} delivery={}",
                current.name(), current.status().wire(), reply.getString("status")))
            .onFailure(failure -> LOG.warn("Health alert not sent: check={} status={}: {}",
                current.name(), current.status().wire(), Redact.text(failure.getMessage())));
    }

    /** Whether this is the Discord check reporting the very channel alerts go to as unhealthy. */
    private boolean failsOwnChannel(CheckReport report) {
        if (!DiscordCheck.NAME.equals(report.name()) || report.details() == null || channel == null) {
            return false;
        }
        JsonObject own = report.details().getJsonObject(channel);
        return own != null && HealthStatus.UNHEALTHY.wire().equals(own.getString("status"));
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
