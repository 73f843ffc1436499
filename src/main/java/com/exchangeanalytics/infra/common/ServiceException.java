package com.exchangeanalytics.infra.common;

/**
 * A failure with a contract code and a message that is safe to show a caller: it never holds a
 * secret or an internal stack trace. The dispatcher turns it into {@code message.fail(code, message)}.
 */
public class ServiceException extends RuntimeException {

    private final FailureCode code;

    public ServiceException(FailureCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ServiceException(FailureCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public FailureCode code() {
        return code;
    }

    public static ServiceException badRequest(String message) {
        return new ServiceException(FailureCode.BAD_REQUEST, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException(FailureCode.NOT_FOUND, message);
    }

    public static ServiceException throttled(String message) {
        return new ServiceException(FailureCode.THROTTLED, message);
    }

    public static ServiceException unavailable(String message) {
        return new ServiceException(FailureCode.UNAVAILABLE, message);
    }

    public static ServiceException timeout(String message) {
        return new ServiceException(FailureCode.TIMEOUT, message);
    }
}
