package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.config.AppConfig;
import com.exchangeanalytics.infra.config.ConfigException;
import com.exchangeanalytics.infra.config.EnvBindings;
import com.exchangeanalytics.infra.support.TestConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The email settings")
class EmailConfigTest {

    @Test
    @DisplayName("default to a pooled, kept-alive client with a 30 s bound, STARTTLS required and UTC times")
    void defaults() {
        NotifyConfig.Email email = parse(TestConfig.base()).email();

        assertThat(email.enabled()).isFalse();
        assertThat(email.timeoutMs()).isEqualTo(30_000);
        assertThat(email.poolSize()).isEqualTo(5);
        assertThat(email.keepAlive()).isTrue();
        assertThat(email.trustAll()).isFalse();
        assertThat(email.starttls()).isEqualTo("required");
        assertThat(email.ehloName()).isNull();
        assertThat(email.testRecipient()).isNull();
        assertThat(email.timeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    @DisplayName("are read from environment variables, and the test recipient defaults to the sender")
    void fromEnvironment() {
        JsonObject merged = TestConfig.base()
            .put("SMTP_HOST", "smtp.example.com")
            .put("SMTP_FROM", "analytics@example.com")
            .put("SMTP_TIMEOUT_MS", "2500")
            .put("SMTP_POOL_SIZE", "3")
            .put("SMTP_KEEP_ALIVE", "false")
            .put("SMTP_EHLO_NAME", "analytics.example.com")
            .put("EMAIL_TIME_ZONE", "Asia/Tokyo");
        NotifyConfig.Email email = parse(EnvBindings.apply(merged)).email();

        assertThat(email.host()).isEqualTo("smtp.example.com");
        assertThat(email.timeoutMs()).isEqualTo(2500);
        assertThat(email.poolSize()).isEqualTo(3);
        assertThat(email.keepAlive()).isFalse();
        assertThat(email.ehloName()).isEqualTo("analytics.example.com");
        assertThat(email.testRecipient()).isEqualTo("analytics@example.com");
        assertThat(email.timeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));

        merged = TestConfig.base()
            .put("SMTP_FROM", "analytics@example.com")
            .put("SMTP_TEST_RECIPIENT", "ops@example.com");
        assertThat(parse(EnvBindings.apply(merged)).email().testRecipient()).isEqualTo("ops@example.com");
    }

    @Test
    @DisplayName("reject bad values, naming the key and its variable")
    void rejectBadValues() {
        assertThatThrownBy(() -> parseWithEnv("SMTP_FROM", "Analytics <a@example.com>"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("notify.email.from (env SMTP_FROM)");
        assertThatThrownBy(() -> parseWithEnv("SMTP_TEST_RECIPIENT", "nobody"))
            .hasMessageContaining("notify.email.testRecipient (env SMTP_TEST_RECIPIENT)");
        assertThatThrownBy(() -> parseWithEnv("SMTP_TIMEOUT_MS", "0"))
            .hasMessageContaining("notify.email.timeoutMs (env SMTP_TIMEOUT_MS)")
            .hasMessageContaining("must be between 100 and 600000");
        assertThatThrownBy(() -> parseWithEnv("SMTP_POOL_SIZE", "0"))
            .hasMessageContaining("notify.email.poolSize");
        assertThatThrownBy(() -> parseWithEnv("SMTP_EHLO_NAME", "bad name\r\n"))
            .hasMessageContaining("notify.email.ehloName");
        assertThatThrownBy(() -> parseWithEnv("EMAIL_TIME_ZONE", "Mars/Olympus"))
            .hasMessageContaining("notify.email.timeZone (env EMAIL_TIME_ZONE) must be a time zone id");
    }

    @Test
    @DisplayName("take the sender from SMTP_FROM, else from a login that is an address, else none")
    void sender() {
        JsonObject noSender = TestConfig.base()
            .put("SMTP_HOST", "smtp.example.com")
            .put("SMTP_USERNAME", "apikey");
        NotifyConfig.Email withoutSender = parse(EnvBindings.apply(noSender)).email();
        assertThat(withoutSender.enabled()).isTrue();
        assertThat(withoutSender.sender()).isNull();

        JsonObject addressLogin = TestConfig.base()
            .put("SMTP_HOST", "smtp.example.com")
            .put("SMTP_USERNAME", "mailer@example.com");
        NotifyConfig.Email email = parse(EnvBindings.apply(addressLogin)).email();
        assertThat(email.enabled()).isTrue();
        assertThat(email.from()).isNull();
        assertThat(email.sender()).isEqualTo("mailer@example.com");

        JsonObject both = addressLogin.copy().put("SMTP_FROM", "alerts@example.com");
        assertThat(parse(EnvBindings.apply(both)).email().sender()).isEqualTo("alerts@example.com");
        assertThat(parseWithEnv("SMTP_FROM", "alerts@example.com").email().enabled()).isFalse();
    }

    @Test
    @DisplayName("never print the password")
    void toStringHidesPassword() {
        NotifyConfig.Email email = new NotifyConfig.Email("smtp.example.com", 587, "u", "pw-77",
            "a@example.com", "required", false);
        assertThat(email.toString()).doesNotContain("pw-77").contains("password=***");
        assertThat(email.timeoutMs()).isEqualTo(NotifyConfig.Email.DEFAULT_TIMEOUT_MS);
    }

    @Test
    @DisplayName("become a mail client configuration with TLS, login, pool, keep-alive and timeouts")
    void mailConfig() {
        NotifyConfig.Email email = new NotifyConfig.Email("smtp.example.com", 465, "u", "p", "a@example.com",
            "optional", true, 4000, 7, true, false, "me.example.com", null, ZoneOffset.UTC);
        MailConfig mail = SmtpEmailSender.mailConfig(email);

        assertThat(mail.getHostname()).isEqualTo("smtp.example.com");
        assertThat(mail.getPort()).isEqualTo(465);
        assertThat(mail.isSsl()).isTrue();
        assertThat(mail.getStarttls()).isEqualTo(StartTLSOptions.OPTIONAL);
        assertThat(mail.getLogin()).isEqualTo(LoginOption.REQUIRED);
        assertThat(mail.getAuthMethods()).doesNotContain("XOAUTH2").contains("PLAIN", "LOGIN");
        assertThat(mail.getMaxPoolSize()).isEqualTo(7);
        assertThat(mail.isKeepAlive()).isTrue();
        assertThat(mail.getOwnHostname()).isEqualTo("me.example.com");
        assertThat(mail.getConnectTimeout()).isEqualTo(4000);
        assertThat(mail.getIdleTimeoutUnit().toMillis(mail.getIdleTimeout())).isEqualTo(4000);
        assertThat(mail.getKeepAliveTimeoutUnit().toMillis(mail.getKeepAliveTimeout())).isEqualTo(2000);
        assertThat(mail.isTrustAll()).isFalse();

        MailConfig anonymous = SmtpEmailSender.mailConfig(new NotifyConfig.Email("smtp.example.com", 25,
            null, null, "a@example.com", "disabled", false));
        assertThat(anonymous.getLogin()).isEqualTo(LoginOption.DISABLED);
        assertThat(anonymous.getStarttls()).isEqualTo(StartTLSOptions.DISABLED);
        assertThat(anonymous.getIdleTimeoutUnit().toMillis(anonymous.getIdleTimeout()))
            .isEqualTo(NotifyConfig.Email.DEFAULT_TIMEOUT_MS);
    }

    private static NotifyConfig parse(JsonObject json) {
        return AppConfig.parse(json).notification();
    }

    private static NotifyConfig parseWithEnv(String name, String value) {
        return parse(EnvBindings.apply(TestConfig.base().put(name, value)));
    }
}
