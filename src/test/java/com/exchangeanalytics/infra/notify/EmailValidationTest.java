package com.exchangeanalytics.infra.notify;

import com.exchangeanalytics.infra.common.FailureCode;
import com.exchangeanalytics.infra.common.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@DisplayName("Email validation")
class EmailValidationTest {

    @Test
    @DisplayName("accepts ordinary addresses, trims spaces and drops repeats")
    void acceptsAddresses() {
        List<String> to = EmailValidation.recipients(List.of(
            "desk@example.com", " Fx.Team+alerts@mail.example.co.jp ", "o'brien@example.org",
            "root@localhost", "DESK@example.com"));

        assertThat(to).containsExactly(
            "desk@example.com", "Fx.Team+alerts@mail.example.co.jp", "o'brien@example.org", "root@localhost");
    }

    @Test
    @DisplayName("rejects malformed addresses, naming the field 'to'")
    void rejectsMalformed() {
        for (String bad : List.of("", "plain", "@example.com", "a@", "a@@example.com", "a b@example.com",
            "a..b@example.com", ".a@example.com", "a@-example.com", "a@example..com",
            "Desk <desk@example.com>", "\"quoted\"@example.com", "日本@example.com", "a@[127.0.0.1]",
            "x".repeat(65) + "@example.com",
            "a@" + "b".repeat(64) + ".com")) {
            assertThat(badRequest(() -> EmailValidation.recipients(List.of(bad))))
                .as(bad).startsWith("field 'to' ");
        }
    }

    @Test
    @DisplayName("rejects CR or LF in an address as header injection")
    void rejectsLineBreakInAddress() {
        String injected = "a@example.com\r\nBcc: b@example.com";
        assertThat(badRequest(() -> EmailValidation.recipients(List.of(injected))))
            .isEqualTo("field 'to' must not contain CR or LF (header injection)");
        assertThat(badRequest(() -> EmailValidation.recipients(List.of("a@example.com\n"))))
            .contains("header injection");
    }

    @Test
    @DisplayName("needs between one and fifty recipients")
    void recipientCount() {
        assertThat(badRequest(() -> EmailValidation.recipients(List.of()))).contains("at least one");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= EmailValidation.MAX_RECIPIENTS; i++) {
            many.add("user" + i + "@example.com");
        }
        assertThat(badRequest(() -> EmailValidation.recipients(many))).contains("at most 50");
        assertThat(EmailValidation.recipients(many.subList(0, 50))).hasSize(50);
        assertThat(badRequest(() -> EmailValidation.recipients(Arrays.asList("a@example.com", null))))
            .contains("null");
    }

    @Test
    @DisplayName("rejects a subject with CR or LF as header injection, and empty or overlong subjects")
    void subject() {
        assertThat(badRequest(() -> EmailValidation.subject("Hi\r\nBcc: x@example.com")))
            .isEqualTo("field 'subject' must not contain CR or LF (header injection)");
        assertThat(badRequest(() -> EmailValidation.subject("Hi\n"))).contains("header injection");
        assertThat(badRequest(() -> EmailValidation.subject(" "))).contains("must not be empty");
        assertThat(badRequest(() -> EmailValidation.subject("a\u0000b"))).contains("control characters");
        assertThat(badRequest(() -> EmailValidation.subject("s".repeat(999)))).contains("at most 998");
        assertThat(EmailValidation.subject("週次レポート\t2025")).isEqualTo("週次レポート\t2025");
    }

    @Test
    @DisplayName("needs content within the limit and a known content type, text/plain by default")
    void contentAndType() {
        assertThat(badRequest(() -> EmailValidation.content(""))).startsWith("field 'content' ");
        String tooLong = "x".repeat(EmailValidation.MAX_CONTENT_CHARS + 1);
        assertThat(badRequest(() -> EmailValidation.content(tooLong)))
            .contains("at most 200000");
        assertThat(EmailValidation.contentType(null)).isEqualTo("text/plain");
        assertThat(EmailValidation.contentType(" Text/HTML ")).isEqualTo("text/html");
        assertThat(badRequest(() -> EmailValidation.contentType("application/json")))
            .isEqualTo("field 'contentType' must be text/plain or text/html");
    }

    @Test
    @DisplayName("builds a plain message as is, and gives an HTML message a text alternative")
    void message() {
        EmailMessage plain = EmailValidation.message(List.of("a@example.com"), "s", "<b>as typed</b>", null);
        assertThat(plain.text()).isEqualTo("<b>as typed</b>");
        assertThat(plain.html()).isNull();

        EmailMessage html =
            EmailValidation.message(List.of("a@example.com"), "s", "<p>1 &lt; 2</p>", "text/html");
        assertThat(html.html()).isEqualTo("<p>1 &lt; 2</p>");
        assertThat(html.text()).isEqualTo("1 < 2");
    }

    @Test
    @DisplayName("turns HTML into readable text: breaks, no scripts, styles or comments, entities decoded")
    void htmlToText() {
        String html = "<html><head><title>T</title><style>p{color:red}</style></head><body>"
            + "<h1>Report</h1><!-- hidden <p>comment</p> --><p>Line one<br/>line&nbsp;two</p>"
            + "<SCRIPT type=\"x\">alert('x')</SCRIPT><table><tr><td>A</td><td>B</td></tr></table>"
            + "<p>5 &gt; 3 &amp;&amp; &#x65E5;&#26412; &unknown; a & b</p></body></html>";

        assertThat(EmailValidation.htmlToText(html))
            .isEqualTo("Report\n\nLine one\nline two\n\nA  B\n\n5 > 3 && 日本 &unknown; a & b");
        assertThat(EmailValidation.htmlToText("<img src=x>")).isEqualTo(EmailHtmlText.NO_TEXT);
        assertThat(EmailValidation.htmlToText("a < b and c")).isEqualTo("a < b and c");
    }

    @Test
    @DisplayName("converts pathological HTML in linear time")
    void htmlToTextIsLinear() {
        String[] inputs = {
            "<".repeat(200_000), "&".repeat(199_999) + ";", "<script>".repeat(25_000), "<!--".repeat(50_000),
            "<a ".repeat(66_000) + ">", "&#".repeat(100_000)};
        assertTimeoutPreemptively(Duration.ofSeconds(2), (Executable) () -> {
            for (String input : inputs) {
                EmailValidation.htmlToText(input);
            }
        });
    }

    private static String badRequest(Runnable check) {
        Throwable failure = catchThrowable(check::run);
        assertThat(failure).isInstanceOf(ServiceException.class);
        assertThat(((ServiceException) failure).code()).isEqualTo(FailureCode.BAD_REQUEST);
        return failure.getMessage();
    }
}
