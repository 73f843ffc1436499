package com.exchangeanalytics.infra.monitor;

import com.exchangeanalytics.infra.common.Body;
import com.exchangeanalytics.infra.common.Nodes;
import com.exchangeanalytics.infra.common.Redact;
import com.exchangeanalytics.infra.common.ServiceException;
import com.exchangeanalytics.infra.notify.NotifyClient;
import com.exchangeanalytics.infra.notify.NotifyConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The monitoring service: periodic system samples, application metrics and health checks, with the
 * handlers of the {@code infra.monitor} actions. Used from the monitor verticle's context.
 */
public final class MonitorService {

    /** This node's JSON actions (summary, history...) for its HTTP routes; not reachable across a cluster. */
    public static final String LOCAL_ADDRESS = "infra.monitor.local";
    /** This node's health report as a {@link HealthReport} object (local codec: no copy, no encoding). */
    public static final String LOCAL_REPORT_ADDRESS = "infra.monitor.local.report";

    public static final int DEFAULT_HISTORY_MINUTES = 30;
    public static final int MAX_HISTORY_MINUTES = 10_080;
    public static final int MAX_REGISTERED_CHECKS = 100;
    static final int MAX_ADDRESS_LENGTH = 256;
    static final int MAX_DESCRIPTION_LENGTH = 500;
    static final long MAX_CHECK_TIMEOUT_MS = 600_000;
    static final long ALERT_TIMEOUT_MS = 15_000;
    /** Connections per outside host for Discord and HTTP probes (one request per check run). */
    static final int PROBE_CONNECTIONS = 4;
    /** Names the HTTP routes use themselves, and the built-in checks. */
    static final Set<String> RESERVED_NAMES = Set.of(CacheCheck.NAME, SmtpCheck.NAME, DiscordCheck.NAME,
        "live", "ready");

    private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);
    private static final long SECONDS_PER_DAY = 86_400;

    private final Vertx vertx;
    private final MonitorConfig config;
    private final NotifyConfig notify;
    private final AppMetrics metrics;
    private final SystemCollector collector;
    private final HealthRegistry health;
    private final String nodeId;
    private final Map<String, EventBusCheck> registered = new HashMap<>();
    private final long startNanos = System.nanoTime();

    private WebClient web;
    private SmtpCheck smtp;
    private long healthTimer = -1;

    public MonitorService(Vertx vertx, MonitorConfig config, NotifyConfig notify, MeterRegistry meters) {
        this.vertx = vertx;
        this.config = config;
        this.notify = notify;
        this.metrics = new AppMetrics(meters, config.maxMetricNames());
        this.collector = new SystemCollector(vertx, config, meters);
        this.nodeId = Nodes.id(vertx);
        this.health = new HealthRegistry(vertx, config.overallTimeoutMs(), config.healthCacheMs(), meters);
    }

    /** Registers the built-in checks and alerts, takes the first sample, then starts both timers. */
    public Future<Void> start() {
        registerBuiltInChecks();
        enableAlerts();
        return collector.start()
            .onComplete(done -> startHealthTimer());
    }

    public Future<Void> stop() {
        if (healthTimer >= 0) {
            vertx.cancelTimer(healthTimer);
        }
        collector.stop();
        metrics.reset();
        health.close();
        List<Future<Void>> closing = new ArrayList<>();
        if (web != null) {
            web.close();
        }
        if (smtp != null) {
            closing.add(smtp.close());
        }
        return Future.join(closing).mapEmpty();
    }

    public HealthRegistry health() {
        return health;
    }

    /** The cached or a fresh report (never fails). */
    public Future<HealthReport> report() {
        return health.report();
    }

    // ----- built-in checks and alerts

    private void registerBuiltInChecks() {
        long timeout = config.checkTimeoutMs();
        health.register(new CacheCheck(vertx, timeout, config.cacheSlowMs()));
        NotifyConfig.Email email = notify.email();
        if (email.enabled()) {
            smtp = new SmtpCheck(vertx, email.host(), email.port(), email.ssl(), timeout);
            health.register(smtp);
        }
        if (!notify.discordChannels().isEmpty()) {
            health.register(new DiscordCheck(web(), notify.discordChannels(), timeout));
        }
        config.probes().forEach((name, url) ->
            health.register(new HttpProbeCheck(web(), name, url, timeout)));
    }

    private WebClient web() {
        if (web == null) {
            web = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("exchange-analytics-infra-monitor")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.checkTimeoutMs())),
                new PoolOptions().setHttp1MaxSize(PROBE_CONNECTIONS));
        }
        return web;
    }

    private void enableAlerts() {
        String channel = alertChannel();
        if (!config.alertsEnabled() || channel == null) {
            LOG.info("Health status alerts off ({})",
                config.alertsEnabled() ? "no Discord channel" : "disabled");
            return;
        }
        health.addListener(new HealthAlerts(new NotifyClient(vertx, ALERT_TIMEOUT_MS), channel));
        LOG.info("Health status alerts go to Discord channel {}", channel);
    }

    /** The explicit alert channel, else {@code default}, else the first configured channel. */
    private String alertChannel() {
        Map<String, URI> channels = notify.discordChannels();
        if (config.alertsChannel() != null) {
            return config.alertsChannel();
        }
        if (channels.containsKey("default")) {
            return "default";
        }
        return channels.keySet().stream().findFirst().orElse(null);
    }

    private void startHealthTimer() {
        if (config.healthIntervalSeconds() > 0) {
            healthTimer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(config.healthIntervalSeconds()),
                id -> health.report());
        }
    }

    /** Whether the periodic collection runs. */
    public boolean collecting() {
        return collector.running();
    }

    /** The latest collection tick's wall and CPU time, or {@code null} before the first. */
    public SystemSampler.TickCost lastTickCost() {
        return collector.lastTickCost();
    }

    // ----- actions

    public Future<JsonObject> counter(Body body) {
        metrics.counter(body.requiredText("name"), body.optionalDouble("amount", 1));
        return ok();
    }

    public Future<JsonObject> gauge(Body body) {
        metrics.gauge(body.requiredText("name"), body.requiredDouble("value"));
        return ok();
    }

    public Future<JsonObject> timer(Body body) {
        metrics.timer(body.requiredText("name"), body.requiredDouble("durationMs"));
        return ok();
    }

    public Future<JsonObject> summary(Body body) {
        long uptime = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        SystemSample sample = collector.latest();
        JsonObject summary = new JsonObject()
            .put("nodeId", nodeId)
            .put("uptimeSeconds", uptime)
            .put("uptimeHuman", formatUptime(uptime))
            .mergeIn(metrics.toJson())
            .put("collection", collecting() ? "running" : "stopped")
            .put("system", sample == null ? null : sample.toJson());
        return Future.succeededFuture(summary);
    }

    public Future<JsonObject> history(Body body) {
        long minutes = body.optionalLong("minutes", DEFAULT_HISTORY_MINUTES);
        if (minutes < 1 || minutes > MAX_HISTORY_MINUTES) {
            throw Body.ill("minutes", "must be between 1 and " + MAX_HISTORY_MINUTES);
        }
        return Future.succeededFuture(new JsonObject()
            .put("nodeId", nodeId)
            .put("minutes", minutes)
            .put("samples", collector.history((int) minutes)));
    }

    /** Forgets counters, gauges, timers and the sample history (uptime and checks stay). */
    public Future<JsonObject> reset(Body body) {
        metrics.reset();
        collector.clearHistory();
        LOG.info("Application metrics and system history reset");
        return ok();
    }

    public Future<JsonObject> healthAction(Body body) {
        String name = body.optionalString("name", null);
        if (name == null) {
            return report().map(report -> report.toJson(true));
        }
        if (!health.contains(name)) {
            throw notFound(name);
        }
        return report().map(report -> health.resultIn(report, name)
            .orElseThrow(() -> notFound(name))
            .toJson(true));
    }

    /**
     * Registers a check on this node. With a clustered event bus the request reaches the monitor of one
     * node only (the event bus picks it), so the check appears in that node's health alone; the registry
     * is not shared between nodes.
     */
    public Future<JsonObject> registerCheck(Body body) {
        String name = body.requiredText("name");
        requireRegistrableName(name);
        String address = body.requiredText("address");
        if (address.length() > MAX_ADDRESS_LENGTH) {
            throw Body.ill("address", "must be at most " + MAX_ADDRESS_LENGTH + " characters");
        }
        long timeoutMs = body.optionalLong("timeoutMs", config.checkTimeoutMs());
        if (timeoutMs < 1 || timeoutMs > MAX_CHECK_TIMEOUT_MS) {
            throw Body.ill("timeoutMs", "must be between 1 and " + MAX_CHECK_TIMEOUT_MS);
        }
        String description = body.optionalString("description", null);
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw Body.ill("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        if (!registered.containsKey(name) && registered.size() >= MAX_REGISTERED_CHECKS) {
            throw ServiceException.throttled("too many registered checks (limit "
                + MAX_REGISTERED_CHECKS + ")");
        }
        EventBusCheck check = new EventBusCheck(vertx, name, address, timeoutMs, description);
        registered.put(name, check);
        health.register(check);
        LOG.info("Health check registered: name={} address={} timeoutMs={}", name, address, timeoutMs);
        return ok();
    }

    /**
     * Removes a check registered over the event bus. A built-in check that runs here cannot be removed
     * (400); a name of no check here, reserved or not, is 404.
     */
    public Future<JsonObject> unregisterCheck(Body body) {
        String name = body.requiredText("name");
        if (registered.remove(name) == null) {
            if (health.contains(name)) {
                throw ServiceException.badRequest("'" + Redact.shorten(name, 100)
                    + "' is a built-in check and cannot be unregistered");
            }
            throw notFound(name);
        }
        health.unregister(name);
        LOG.info("Health check unregistered: name={}", name);
        return ok();
    }

    private static void requireRegistrableName(String name) {
        if (!MonitorConfig.CHECK_NAME.matcher(name).matches()) {
            throw Body.ill("name", "must be 1 to 100 letters, digits, '_', '.', ':' or '-',"
                + " starting with a letter or digit");
        }
        if (isBuiltIn(name)) {
            throw ServiceException.badRequest("'" + name
                + "' is reserved for a built-in check; choose another name");
        }
    }

    private static boolean isBuiltIn(String name) {
        return RESERVED_NAMES.contains(name) || name.startsWith(HttpProbeCheck.PREFIX);
    }

    private static ServiceException notFound(String name) {
        return ServiceException.notFound("no health check named '" + Redact.shorten(name, 100) + "'");
    }

    private static Future<JsonObject> ok() {
        return Future.succeededFuture(new JsonObject().put("ok", true));
    }

    /** {@code 1d 2h 3m 4s}; leading zero units are left out ({@code 3m 4s}, {@code 4s}). */
    public static String formatUptime(long seconds) {
        long days = seconds / SECONDS_PER_DAY;
        long hours = seconds % SECONDS_PER_DAY / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + "d " + hours + "h " + minutes + "m " + secs + "s";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m " + secs + "s";
        }
        if (minutes > 0) {
            return minutes + "m " + secs + "s";
        }
        return secs + "s";
    }
}
