package io.outboundcalls.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.outboundcalls.domain.ConcurrentChangeException;
import io.outboundcalls.domain.DialRefusedException;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.domain.NotPermittedException;
import io.outboundcalls.domain.StateConflictException;
import io.outboundcalls.domain.TelephonyUnavailableException;
import io.outboundcalls.domain.UnknownRecordException;
import java.net.URI;
import java.nio.charset.Charset;
import java.sql.SQLException;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of /api/** into an RFC 9457 problem whose detail names the field at fault. Not limited to this
 * project's controllers: a request no handler matches (unknown path, wrong method or content type) is a problem too.
 * The one place where domain exceptions (io.outboundcalls.domain) become HTTP statuses.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private static final MediaType TEXT_CSV = MediaType.valueOf("text/csv");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*([^;]+)");

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(UnknownRecordException.class)
    ProblemDetail notFound(UnknownRecordException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    /** A unique value written by a concurrent request between our check and our insert. */
    @ExceptionHandler(DuplicateKeyException.class)
    ProblemDetail duplicateKey(DuplicateKeyException e) {
        LOG.info("Unique constraint violated: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "Conflict", "a row with the same unique value was written meanwhile");
    }

    /**
     * Any other constraint of the database (a reference deleted meanwhile, a check): the stored data say no. Spring
     * files the database's data exceptions (SQLSTATE class 22: too long, out of range) here too; those are input no
     * check caught, not conflicts.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail integrityViolation(DataIntegrityViolationException e) {
        LOG.info("Integrity constraint violated: {}", e.getMostSpecificCause().getMessage());
        if (e.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22")) {
            return problem(HttpStatus.BAD_REQUEST, "Invalid input",
                    "a value is too long, out of range or not storable for the database");
        }
        return problem(HttpStatus.CONFLICT, "Conflict",
                "the change conflicts with the stored data (a unique value or a reference changed meanwhile)");
    }

    /**
     * A concurrent request changed the same rows first (Camunda's optimistic locking, a lock or serialization failure
     * of the database): nothing was written, and the same request sent again will most likely pass.
     */
    @ExceptionHandler({OptimisticLockingException.class, ConcurrencyFailureException.class})
    ResponseEntity<ProblemDetail> lostRace(RuntimeException e) {
        LOG.info("Lost a race with a concurrent change: {}", e.getMessage());
        return retryableConflict(
                "another request changed the same data at the same time; nothing was written, send the request again");
    }

    /** A race the engine recognized and names in the domain's words (a result against the call's hang-up). */
    @ExceptionHandler(ConcurrentChangeException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrentChangeException e) {
        return retryableConflict(e.getMessage());
    }

    private static ResponseEntity<ProblemDetail> retryableConflict(String detail) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Concurrent change", detail);
        problem.setProperty("retry", true);
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail tooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", e.getMessage());
    }

    /** The PBX refused an unlogged private call (a logged one records the refusal as its result). */
    @ExceptionHandler(DialRefusedException.class)
    ProblemDetail dialRefused(DialRefusedException e) {
        return problem(HttpStatus.BAD_GATEWAY, "PBX refused the call",
                "the PBX refused to dial the number: " + e.getMessage());
    }

    @ExceptionHandler(TelephonyUnavailableException.class)
    ProblemDetail pbxUnavailable(TelephonyUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "PBX unavailable",
                "the PBX cannot be reached: " + e.getMessage());
    }

    @ExceptionHandler(NotPermittedException.class)
    ProblemDetail forbidden(NotPermittedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    /**
     * A method's {@code @PreAuthorize} refused the user (the path rules answer in SecurityConfig); the detail names the
     * right that the refused rule asks for.
     */
    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        String rule = e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof ExpressionAuthorizationDecision decision
                ? decision.getExpression().getExpressionString() : "";
        String needs = switch (rule) {
            case Authorities.SUPERVISES -> "needs group " + Authorities.SUPERVISORS_GROUP + " or "
                    + Authorities.ADMIN_GROUP;
            case Authorities.HAS_WRITE -> "needs the AllowWrite permission of an agent (authority " + Authorities.WRITE
                    + ")";
            default -> "lacks the right this request needs";
        };
        return problem(HttpStatus.FORBIDDEN, "Forbidden", "not allowed for this user: " + needs);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input",
                e.getName() + ": '" + e.getValue() + "' is not a valid "
                        + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName()));
        problem.setProperty("field", e.getName());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "the request body is not valid JSON";
        String field = null;
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (mapping instanceof InvalidFormatException format) {
                detail = field + ": '" + format.getValue() + "' is not a valid " + format.getTargetType().getSimpleName();
            } else if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                detail = field + ": expected " + jsonKind(mismatch.getTargetType());
            } else {
                detail = field + ": " + mapping.getOriginalMessage();
            }
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            detail = "the request body is missing";
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * API.md makes a non-CSV body of the CSV import a 400, so an endpoint that takes CSV answers a body of another type
     * (JSON, a form, none at all, an unknown charset) with a 400 naming Content-Type; other endpoints keep the 415.
     * Spring refuses the type before any interceptor runs, so a form-typed file is never parsed as form fields.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e.getSupportedMediaTypes().stream().noneMatch(TEXT_CSV::equalsTypeAndSubtype)) {
            return super.handleHttpMediaTypeNotSupported(e, headers, status, request);
        }
        String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String detail;
        if (sent == null || sent.isBlank()) {
            detail = "is missing: send the file as text/csv";
        } else {
            Matcher charset = CHARSET.matcher(sent);
            String name = charset.find() ? charset.group(1).replace("\"", "").strip() : null;
            detail = name != null && !isKnownCharset(name) ? "charset '" + name + "' is not known; send UTF-8"
                    : "the body must be CSV, not '" + sent + "': send the file as text/csv (application/csv and"
                            + " text/plain are taken too)";
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input", "Content-Type: " + detail);
        problem.setProperty("field", HttpHeaders.CONTENT_TYPE);
        return ResponseEntity.badRequest().body(problem);
    }

    private static boolean isKnownCharset(String name) {
        try {
            return Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail));
    }

    /** Also the known kinds of failure that reach here wrapped (by the engine, by a transaction's commit). */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof OptimisticLockingException || cause instanceof ConcurrencyFailureException) {
                return lostRace((RuntimeException) cause);
            }
            ProblemDetail known = cause instanceof DuplicateKeyException duplicate ? duplicateKey(duplicate)
                    : cause instanceof DataIntegrityViolationException integrity ? integrityViolation(integrity)
                    : cause instanceof BodyTooLargeException tooLarge ? tooLarge(tooLarge)
                    : cause instanceof InvalidInputException invalid ? invalidInput(invalid)
                    : null;
            if (known != null) {
                return ResponseEntity.status(known.getStatus()).body(known);
            }
        }
        LOG.error("Unexpected error", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the engine could not complete the request; see the server log"));
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    /** What a client must send for a Java type, in JSON's words rather than the class's name. */
    private static String jsonKind(Class<?> type) {
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || type == UUID.class
                || Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        return "an object";
    }
}
