package io.outboundcalls.call;

import io.outboundcalls.domain.Inputs;
import io.outboundcalls.domain.InvalidInputException;
import io.outboundcalls.web.Authorities;
import io.outboundcalls.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** POST /api/outbound-lists/{id}/calls/import: a CSV file of calls, streamed from the request into the database. */
@RestController
class CallImportController {

    private final CallImport callImport;

    CallImportController(CallImport callImport) {
        this.callImport = callImport;
    }

    @Operation(summary = "Import calls into an outbound list from CSV",
            description = """
                    A header row names the columns: the JSON fields of POST /api/calls (number, callKey, scheduleTime,
                    timeFrom, timeTo, priority, predist, agentId, languageId, contactId, contactKey, issueId, issueKey,
                    phoneNumberId, messageId, chatId, projectId, outboundListId), in any case and order; only number
                    is required; an empty cell is not given. Comma- or semicolon-separated, UTF-8. Each bad row is
                    reported with its line (the header is line 1) and the rest are written; a row whose callKey the
                    list already has counts as a duplicate. A file that is not CSV, has no header or breaks off is a
                    400 and writes nothing.""",
            requestBody = @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "number,callKey,scheduleTime,priority\n00420724123456,crm-1,2026-12-02T09:00:00+01:00,5\n"))))
    @PreAuthorize(Authorities.HAS_WRITE)
    @PostMapping(path = "/api/outbound-lists/{id}/calls/import",
            consumes = {"text/csv", "application/csv", "text/plain"})
    ImportReport importCalls(@Parameter(description = "the outbound list") @PathVariable UUID id,
            @Parameter(description = "LostShift or Ivr: every row is a callback of that source (a LostShift callback"
                    + " is Neglected LostShiftWindow after the import, the moment its call was lost)")
            @RequestParam(required = false) String source,
            HttpServletRequest request) throws IOException {
        CallbackSource callbackSource = source == null || source.isBlank() ? null
                : Inputs.oneOf("source", source, CallbackSource.class);
        Charset charset = charsetOf(request);
        try (Reader body = new InputStreamReader(request.getInputStream(), charset)) {
            return callImport.importCsv(id, body, CurrentUser.get(), callbackSource);
        }
    }

    private static Charset charsetOf(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("Content-Type", "charset '" + name + "' is not known; send UTF-8");
        }
    }
}
